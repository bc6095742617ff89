/** @jsxImportSource hono/jsx */
/**
 * @module How to subscribe to a feed: its address, one-click links for Outlook, Google and Apple
 * Calendar, and short how-to text. Plain data in, markup out (no requests, no database); the web
 * app shows it inside its own layout (src/http/pages/subscribe.tsx).
 */
export interface SubscribeLinksData {
  /** Calendar name shown to the subscriber (also passed to Outlook's add-from-web). */
  name: string;
  /** The https address of the .ics feed. */
  feedUrl: string;
  /** True for a private feed: the page warns not to share the address. */
  private?: boolean;
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
