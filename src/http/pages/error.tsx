/** @module The page a browser gets when a request goes wrong: what happened, in plain words, and where to go next. */
import { Layout, type PageContext } from './layout.js';

const TITLES: Record<number, string> = {
  400: 'There is a problem with the address or form',
  401: 'You need to sign in',
  403: 'You cannot do this',
  404: 'Page not found',
  409: 'This cannot be done now',
  413: 'The form is too large',
  429: 'Too many attempts',
  500: 'Sorry, there is a problem with the service',
  503: 'Sorry, the service is unavailable',
};

/** Any HTTP error as a page in the site's layout; `messages` are shown as a list when there are several. */
export function ErrorPage(props: { ctx: PageContext; status: number; messages: string[] }) {
  const title = TITLES[props.status] ?? (props.status >= 500 ? TITLES[500]! : TITLES[400]!);
  return (
    <Layout ctx={props.ctx} title={title}>
      <h1>{title}</h1>
      {props.messages.length > 1 ? (
        <ul>
          {props.messages.map((m) => (
            <li>{m}</li>
          ))}
        </ul>
      ) : props.messages.length ? (
        <p>{props.messages[0]}</p>
      ) : null}
      {props.status >= 500 ? <p>Nothing was changed. Try again later; if it keeps happening, tell the calendar’s organisers.</p> : null}
      <p>
        <a href="/">Go to the calendar</a>
      </p>
    </Layout>
  );
}
