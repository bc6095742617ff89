/**
 * @module The embeddable listing: the next dates of a (filtered) calendar as a short list for a
 * partner's website to show in an iframe. Its own small document rather than the site's layout
 * (no navigation, no sign-in: it lives inside someone else's page), still no scripts, and links
 * open the full event page in a new tab rather than inside the frame.
 */
import type { Dated } from '../http/web/calendar-data.js';
import { whenText } from '../http/pages/format.js';

export const EMBED_STYLESHEET = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1rem; line-height: 1.45;
  color: #1b1b1b; background: #fff; }
main { padding: 0.75rem; }
h1 { font-size: 1.15rem; margin: 0 0 0.5rem; }
ol { list-style: none; margin: 0; padding: 0; }
li { padding: 0.5rem 0; border-top: 1px solid #b1b4b6; }
li:first-child { border-top: 0; }
a { color: #0b4f9c; font-weight: 600; text-underline-offset: 0.15em; overflow-wrap: anywhere; }
a:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
.when, .where { display: block; font-size: 0.95rem; color: #3b3b3b; }
.none { margin: 0.5rem 0; }
footer { margin-top: 0.75rem; font-size: 0.9rem; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); border: 0; }
`;

const NEW_TAB = ' (opens in a new tab)';

export function EmbedPage(props: {
  partnershipName: string;
  name: string;
  publicUrl: string;
  items: Dated[];
  calendarUrl: string;
  subscribeUrl: string;
}) {
  return (
    <html lang="en-GB">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.name}: upcoming events`}</title>
        <link rel="stylesheet" href="/assets/embed.css" />
      </head>
      <body>
        <main>
          <h1>{props.name}: upcoming events</h1>
          {props.items.length ? (
            <ol>
              {props.items.map(({ event, occurrence }) => (
                <li>
                  <a href={`${props.publicUrl}/events/${event.id}`} target="_blank" rel="noopener">
                    {event.title}
                    <span class="visually-hidden">{NEW_TAB}</span>
                  </a>
                  <span class="when">{whenText(occurrence.when, event.timezone)}</span>
                  {occurrence.location ? <span class="where">{occurrence.location}</span> : null}
                </li>
              ))}
            </ol>
          ) : (
            <p class="none">No upcoming events.</p>
          )}
          <footer>
            <a href={props.calendarUrl} target="_blank" rel="noopener">
              The full {props.partnershipName} calendar
              <span class="visually-hidden">{NEW_TAB}</span>
            </a>
            <a href={props.subscribeUrl} target="_blank" rel="noopener">
              Add it to your calendar
              <span class="visually-hidden">{NEW_TAB}</span>
            </a>
          </footer>
        </main>
      </body>
    </html>
  );
}

/** The copy-paste HTML for a partner's website (shown on the subscribe page). */
export function embedSnippet(embedUrl: string, title: string): string {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${attr(embedUrl)}" title="${attr(title)}" width="100%" height="480" style="border:0" loading="lazy"></iframe>`;
}
