/** @jsxImportSource hono/jsx */
/**
 * @module The subscribe page of a feed: its address, one-click links for Outlook, Google and
 * Apple Calendar, and short how-to text. Takes plain data and returns markup (no requests, no
 * database), so the web app can reuse `SubscribeLinks` inside its own layout and restyle it.
 * No external assets: the styles are inline and the page works without JavaScript.
 */
export interface SubscribeLinksData {
  /** Calendar name shown to the subscriber (also passed to Outlook's add-from-web). */
  name: string;
  /** The https address of the .ics feed. */
  feedUrl: string;
  /** True for a private feed: the page warns not to share the address. */
  private?: boolean;
}

export interface FilterChoice {
  value: string;
  label: string;
  checked: boolean;
}

export interface SubscribePageData extends SubscribeLinksData {
  partnershipName: string;
  description: string;
  /** Optional filter form (the public calendar): themes, kinds, groups. */
  filters?: { themes: FilterChoice[]; kinds: FilterChoice[]; groups: FilterChoice[]; action: string };
  /** Other feeds worth offering (group calendars), as [label, subscribe page URL]. */
  related?: { label: string; href: string }[];
}

export function subscribeUrls(feedUrl: string, name: string) {
  const webcal = feedUrl.replace(/^https?:\/\//, 'webcal://');
  const query = `url=${encodeURIComponent(feedUrl)}&name=${encodeURIComponent(name)}`;
  return {
    https: feedUrl,
    webcal,
    outlookPersonal: `https://outlook.live.com/calendar/0/addfromweb?${query}`,
    outlookWork: `https://outlook.office.com/calendar/0/addfromweb?${query}`,
    google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
    // The same feed's upcoming dates as news feeds (same path and filters, another extension).
    rss: feedUrl.replace(/\.ics(?=\?|$)/, '.rss'),
    atom: feedUrl.replace(/\.ics(?=\?|$)/, '.atom'),
    json: feedUrl.replace(/\.ics(?=\?|$)/, '.json'),
  };
}

/** The reusable part: the address to copy and the one-click links, with how-to text. */
export function SubscribeLinks(props: SubscribeLinksData) {
  const urls = subscribeUrls(props.feedUrl, props.name);
  return (
    <section class="subscribe" aria-labelledby="subscribe-heading">
      <h2 id="subscribe-heading">Add it to your calendar</h2>
      {props.private ? (
        <p class="warning" role="note">
          <strong>This address is private to you.</strong> Anyone who has it can see the events in it. Do not forward it; if it has been
          shared by mistake, ask the organisers to revoke it and issue a new one.
        </p>
      ) : null}
      <ul class="actions">
        <li>
          <a href={urls.outlookWork}>Outlook (work or school account)</a>
        </li>
        <li>
          <a href={urls.outlookPersonal}>Outlook.com (personal account)</a>
        </li>
        <li>
          <a href={urls.google}>Google Calendar</a>
        </li>
        <li>
          <a href={urls.webcal}>Apple Calendar (iPhone, iPad, Mac)</a>
        </li>
      </ul>
      <p>
        <label for="feed-address">Or copy the calendar address into any calendar app that can subscribe from the web:</label>
      </p>
      <input id="feed-address" type="text" readonly value={urls.https} size={Math.min(90, urls.https.length + 2)} />
      <p class="small">
        The same address as a <a href={urls.webcal}>webcal:// link</a>, or <a href={urls.https}>download a copy</a> (a download does not
        update: subscribe instead to see changes).
      </p>
      <p class="small">
        For news readers and websites, the next dates as <a href={urls.rss}>RSS</a>, <a href={urls.atom}>Atom</a> or{' '}
        <a href={urls.json}>JSON Feed</a>.
      </p>
      <h2>How it works</h2>
      <dl class="howto">
        <dt>Outlook</dt>
        <dd>
          Choose your kind of account above and confirm with <em>Import</em> or <em>Subscribe</em>. In Outlook for Windows:
          <em> Add calendar</em> → <em>From internet</em>, paste the address. Outlook checks for changes every few hours.
        </dd>
        <dt>Google Calendar</dt>
        <dd>
          The link opens Google Calendar and asks to add the calendar. On a computer you can also use
          <em> Other calendars</em> → <em>+</em> → <em>From URL</em> and paste the address. Google refreshes it about once or twice a day;
          it does not work from the phone app.
        </dd>
        <dt>Apple Calendar</dt>
        <dd>
          The link opens Calendar on a Mac, iPhone or iPad; choose <em>Subscribe</em>. Or: <em>File</em> →
          <em> New Calendar Subscription</em> and paste the address. Set <em>Auto-refresh</em> to every hour.
        </dd>
      </dl>
      <p>
        It is a subscription: moved or cancelled dates update in your calendar by themselves, and nothing you change in your calendar is
        sent back.
      </p>
    </section>
  );
}

function Choices(props: { legend: string; name: string; choices: FilterChoice[] }) {
  if (!props.choices.length) return null;
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.choices.map((c) => {
        const id = `${props.name}-${c.value}`;
        return (
          <div class="choice">
            <input type="checkbox" id={id} name={props.name} value={c.value} checked={c.checked} />
            <label for={id}>{c.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1.0625rem; line-height: 1.5;
  color: #1b1b1b; background: #fff; margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.5rem 0 0.75rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; }
a { color: #0b4f9c; text-underline-offset: 0.15em; }
a:focus, input:focus, button:focus { outline: 3px solid #ffbf47; outline-offset: 2px; }
.actions { list-style: none; padding: 0; display: grid; gap: 0.5rem; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr)); }
.actions a { display: block; padding: 0.7rem 0.9rem; border: 2px solid #0b4f9c; border-radius: 6px; font-weight: 600; text-decoration: none; }
.actions a:hover { background: #eaf2fb; }
input[type=text] { font: inherit; font-size: 0.95rem; padding: 0.45rem; border: 2px solid #505a5f; border-radius: 4px; max-width: 100%; box-sizing: border-box; width: 100%; }
.small { font-size: 0.95rem; color: #3b3b3b; }
.warning { border-left: 6px solid #b10e1e; background: #fdf2f2; padding: 0.6rem 0.9rem; }
.howto dt { font-weight: 700; margin-top: 0.75rem; }
.howto dd { margin: 0.2rem 0 0 0; }
fieldset { border: 1px solid #b1b4b6; border-radius: 6px; margin: 0 0 1rem; padding: 0.5rem 1rem 0.75rem; }
legend { font-weight: 700; padding: 0 0.25rem; }
.choice { display: flex; gap: 0.5rem; align-items: center; padding: 0.15rem 0; }
.choice input { width: 1.2rem; height: 1.2rem; }
button { font: inherit; font-weight: 600; padding: 0.6rem 1rem; border: 0; border-radius: 6px; background: #0b4f9c; color: #fff; cursor: pointer; }
.eyebrow { color: #3b3b3b; margin: 0; }
`;

/** The whole page, for routes that serve it on its own. */
export function SubscribePage(props: SubscribePageData) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`Subscribe: ${props.name}`}</title>
        <meta name="robots" content={props.private ? 'noindex, nofollow' : 'index, follow'} />
        <style>{STYLE}</style>
      </head>
      <body>
        <main>
          <p class="eyebrow">{props.partnershipName} calendar</p>
          <h1>Subscribe to {props.name}</h1>
          <p>{props.description}</p>
          <SubscribeLinks name={props.name} feedUrl={props.feedUrl} private={props.private} />
          {props.filters ? (
            <section aria-labelledby="filter-heading">
              <h2 id="filter-heading">Only some of the calendar?</h2>
              <p>Tick what concerns you and get a shorter calendar address. Leave everything unticked for the whole calendar.</p>
              <form method="get" action={props.filters.action}>
                <Choices legend="Themes" name="theme" choices={props.filters.themes} />
                <Choices legend="Kinds of event" name="kind" choices={props.filters.kinds} />
                <Choices legend="Groups" name="group" choices={props.filters.groups} />
                <button type="submit">Show the address for this choice</button>
              </form>
            </section>
          ) : null}
          {props.related?.length ? (
            <section aria-labelledby="related-heading">
              <h2 id="related-heading">Other calendars</h2>
              <ul>
                {props.related.map((r) => (
                  <li>
                    <a href={r.href}>{r.label}</a>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </main>
      </body>
    </html>
  );
}

export function renderSubscribePage(props: SubscribePageData): string {
  return `<!doctype html>${(<SubscribePage {...props} />).toString()}`;
}
