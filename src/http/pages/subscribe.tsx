/**
 * @module The subscribe page of a feed (the public calendar with its filters, a group's meetings,
 * a private feed), in the site's layout: the links for Outlook, Google and Apple Calendar are the
 * feeds module's own `SubscribeLinks`.
 */
import { EVENT_KINDS, KIND_LABELS, THEMES } from '../../domain/kinds.js';
import type { FieldError } from '../../domain/validation.js';
import type { FeedQuery } from '../../feeds/filter.js';
import { MAX_FEED_URL } from '../../feeds/filter-sets.js';
import { SubscribeLinks } from '../../feeds/subscribe-page.js';
import { Layout, type PageContext } from './layout.js';

const FIELD_WORDS: Record<string, string> = {
  theme: 'Themes',
  kind: 'Kinds of event',
  group: 'Groups',
  organisation: 'Organisations',
  f: 'The short code in the address',
};

function Boxes(props: { id: string; legend: string; name: string; options: [string, string][]; checked: string[] }) {
  return (
    <fieldset class="field">
      <legend>{props.legend}</legend>
      <div class="choices">
        {props.options.map(([value, label], i) => (
          <label>
            <input
              type="checkbox"
              id={i === 0 ? props.id : undefined}
              name={props.name}
              value={value}
              checked={props.checked.includes(value)}
            />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export interface SubscribePageProps {
  ctx: PageContext;
  /** The calendar's name as subscribers see it. */
  name: string;
  description: string;
  feedUrl: string;
  /** True when the filters are kept under a short code (?f=) to stay within MAX_FEED_URL characters. */
  short: boolean;
  private?: boolean;
  errors: FieldError[];
  /** The public calendar's filter form. */
  filters?: { query: FeedQuery; groups: [string, string][]; action: string };
  /** Other feeds worth offering, as [label, subscribe page]. */
  related: [string, string][];
  /** The embeddable listing of the same choice (public calendar only), and whether any website may frame it yet. */
  embed?: { url: string; snippet: string; allowed: boolean };
}

export function SubscribePage(props: SubscribePageProps) {
  return (
    <Layout ctx={props.ctx} title={`Subscribe: ${props.name}`}>
      <h1>Subscribe to {props.name}</h1>
      <p class="lead">{props.description} Add it to your own calendar once: new, moved and cancelled dates then update by themselves.</p>
      {props.errors.length ? (
        <div class="error-summary" role="alert" aria-labelledby="subscribe-problem">
          <h2 id="subscribe-problem">There is a problem</h2>
          <ul>
            {props.errors.map((e) => (
              <li>
                {FIELD_WORDS[e.field] ? (
                  <a href={`#f-${e.field}`}>
                    {FIELD_WORDS[e.field]} {e.message}
                  </a>
                ) : (
                  `${e.field} ${e.message}`
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <SubscribeLinks name={props.name} feedUrl={props.feedUrl} private={props.private} />
      {props.short ? (
        <p class="small">
          Your choice is kept under a short code at the end of the address, because Google Calendar ignores addresses longer than{' '}
          {MAX_FEED_URL} characters. The code always stands for the same choice.
        </p>
      ) : null}
      {props.filters ? (
        <section aria-labelledby="filter-heading" class="no-print">
          <h2 id="filter-heading">Only some of the calendar?</h2>
          <p>Tick what concerns you and get the address of a shorter calendar. Leave everything unticked for all public events.</p>
          <form method="get" action={props.filters.action}>
            <Boxes
              id="f-theme"
              legend="Themes"
              name="theme"
              options={Object.entries(THEMES).map(([code, label]) => [code, `${label} (${code})`])}
              checked={props.filters.query.theme}
            />
            <Boxes
              id="f-kind"
              legend="Kinds of event"
              name="kind"
              options={EVENT_KINDS.map((k) => [k, KIND_LABELS[k]])}
              checked={props.filters.query.kind}
            />
            {props.filters.groups.length ? (
              <Boxes id="f-group" legend="Groups" name="group" options={props.filters.groups} checked={props.filters.query.group} />
            ) : null}
            <button type="submit">Show the address for this choice</button>
          </form>
        </section>
      ) : null}
      {props.related.length ? (
        <section aria-labelledby="related-heading">
          <h2 id="related-heading">Other calendars</h2>
          <ul>
            {props.related.map(([label, href]) => (
              <li>
                <a href={href}>{label}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {props.embed ? (
        <section aria-labelledby="embed-heading">
          <h2 id="embed-heading">Show these dates on your website</h2>
          <p>
            Paste this into a page of your website to show the next dates of this choice, kept up to date by itself (
            <a href={props.embed.url}>see what it shows</a>).
          </p>
          <div class="field">
            <label for="embed-snippet">Code to paste</label>
            <textarea id="embed-snippet" readonly rows={4}>
              {props.embed.snippet}
            </textarea>
          </div>
          <p class="hint">
            {props.embed.allowed
              ? 'Only websites the organisers have listed can show it: send them your website’s address (for example https://www.partner.example.org) to be added.'
              : 'No website is listed yet, so browsers will not show it inside another page: ask the organisers to add your website’s address (for example https://www.partner.example.org).'}
          </p>
        </section>
      ) : null}
    </Layout>
  );
}
