/**
 * @module Subscribing to the calendar, inside the site's layout: pick themes, kinds and groups,
 * then add the matching feed to Outlook, Google or Apple Calendar. The links and how-to text are
 * the feeds module's own `SubscribeLinks`, so both subscribe pages say the same thing.
 */
import { EVENT_KINDS, KIND_LABELS, THEMES } from '../../domain/kinds.js';
import type { FieldError } from '../../domain/validation.js';
import type { FeedQuery } from '../../feeds/filter.js';
import { SubscribeLinks } from '../../feeds/subscribe-page.js';
import { Layout, type PageContext } from './layout.js';

function Boxes(props: { legend: string; name: string; options: [string, string][]; checked: string[] }) {
  return (
    <fieldset class="field">
      <legend>{props.legend}</legend>
      <div class="choices">
        {props.options.map(([value, label]) => (
          <label>
            <input type="checkbox" name={props.name} value={value} checked={props.checked.includes(value)} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function SubscribePage(props: {
  ctx: PageContext;
  query: FeedQuery;
  errors: FieldError[];
  name: string;
  feedUrl: string;
  groups: [string, string][];
  /** The embeddable listing of the same choice, and whether any website may frame it yet. */
  embed: { url: string; snippet: string; allowed: boolean };
}) {
  return (
    <Layout ctx={props.ctx} title="Subscribe to the calendar">
      <h1>Subscribe to the calendar</h1>
      <p class="lead">
        Add the {props.ctx.partnershipName} calendar to your own calendar once: new, moved and cancelled dates then update by themselves.
        Choose what you want to see, or leave everything unticked for all public events.
      </p>
      {props.errors.length ? (
        <div class="error-summary" role="alert" aria-labelledby="subscribe-problem">
          <h2 id="subscribe-problem">There is a problem</h2>
          <ul>
            {props.errors.map((e) => (
              <li>
                {e.field} {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <form method="get" action="/subscribe" class="no-print">
        <Boxes
          legend="Themes"
          name="theme"
          options={Object.entries(THEMES).map(([code, label]) => [code, `${code} ${label}`])}
          checked={props.query.theme}
        />
        <Boxes legend="Kinds of event" name="kind" options={EVENT_KINDS.map((k) => [k, KIND_LABELS[k]])} checked={props.query.kind} />
        <Boxes legend="Groups" name="group" options={props.groups} checked={props.query.group} />
        <button type="submit">Show the address for this choice</button>
      </form>
      <p class="notice">
        <strong>Calendar:</strong> {props.name}
      </p>
      <SubscribeLinks name={props.name} feedUrl={props.feedUrl} />
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
    </Layout>
  );
}
