/** @module The frame of every page: skip link, header and navigation, main landmark, footer. */
import type { Child } from 'hono/jsx';
import type { User } from '../../domain/accounts.js';
import { canSchedule } from '../../domain/accounts.js';

export interface PageContext {
  partnershipName: string;
  user: User | null;
  csrf: string;
  /** The request path, to mark the current navigation item. */
  path: string;
  /** Where partners subscribe to the calendar, when that page exists. */
  subscribeUrl: string | null;
}

const PUBLIC_NAV: [string, string][] = [
  ['/', 'Upcoming'],
  ['/calendar/month', 'Month'],
  ['/calendar/year', 'Year planner'],
];

function current(path: string, href: string): boolean {
  if (href === '/') return path === '/' || path === '/events';
  return path === href || path.startsWith(`${href}/`);
}

/** The public calendar in every format, offered to browsers and feed readers from each page's head. */
const ALTERNATES: [string, string, string][] = [
  ['application/rss+xml', 'RSS', '/feeds/public.rss'],
  ['application/atom+xml', 'Atom', '/feeds/public.atom'],
  ['application/feed+json', 'JSON Feed', '/feeds/public.json'],
  ['text/calendar', 'iCalendar', '/feeds/public.ics'],
];

export function Layout(props: { ctx: PageContext; title: string; children: Child; wide?: boolean; head?: Child }) {
  const { ctx } = props;
  const nav: [string, string][] = [...PUBLIC_NAV];
  if (ctx.subscribeUrl) nav.push([ctx.subscribeUrl, 'Subscribe']);
  nav.push(['/reminders', 'Get reminders']);
  if (canSchedule(ctx.user)) nav.push(['/organise', 'Organisers']);
  return (
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – ${ctx.partnershipName} calendar`}</title>
        <link rel="stylesheet" href="/assets/site.css" />
        {ALTERNATES.map(([type, format, href]) => (
          <link rel="alternate" type={type} title={`${ctx.partnershipName}: upcoming events (${format})`} href={href} />
        ))}
        {props.head}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to main content
        </a>
        <header class="site">
          <div class="wrap">
            <a class="brand" href="/">
              {ctx.partnershipName} calendar
            </a>
            <nav class="main" aria-label="Main">
              <ul>
                {nav.map(([href, label]) => (
                  <li>
                    <a href={href} aria-current={current(ctx.path, href) ? 'page' : undefined}>
                      {label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            <div class="who">
              {ctx.user ? (
                <form method="post" action="/signout">
                  <span class="break">Signed in as {ctx.user.email} </span>
                  <a href="/account/password">Your password</a> <input type="hidden" name="_csrf" value={ctx.csrf} />
                  <button type="submit">Sign out</button>
                </form>
              ) : (
                <a href="/signin">Organiser sign in</a>
              )}
            </div>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <div class="wrap">{props.children}</div>
        </main>
        <footer class="site">
          <div class="wrap">
            <p>
              All times are UK time. This calendar is published by the {ctx.partnershipName}. If you need it in another format, such as
              large print, audio or another language, ask any partner organisation.
            </p>
            <ul class="inline footer-links">
              <li>
                <a href="/accessibility">Accessibility statement</a>
              </li>
              <li>
                <a href="/reminders">Get reminders by email</a>
              </li>
              <li>
                <a href="/feeds">Subscribe to the calendar</a>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
