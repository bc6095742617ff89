/** @module The pages of the e-mailed sign-in link: ask for one, check your email, use it. */
import { CsrfField, ErrorSummary, ProblemSummary, TextField, type FormErrors } from '../http/pages/components.js';
import { Layout, type PageContext } from '../http/pages/layout.js';
import { SIGN_IN_LIMITS } from './limits.js';

export function LinkRequestPage(props: { ctx: PageContext; email: string; errors: FormErrors; problem?: string }) {
  return (
    <Layout ctx={props.ctx} title="Get a sign-in link">
      <h1>Get a sign-in link by email</h1>
      <p>
        We email you a link that signs you in once, within {SIGN_IN_LIMITS.linkMinutes} minutes. It works even when signing in with a
        password has to wait.
      </p>
      {props.problem ? (
        <ProblemSummary id="link-problem" problem={props.problem} />
      ) : (
        <ErrorSummary errors={props.errors} labels={{ email: 'Email address' }} />
      )}
      <form method="post" action="/signin/link" novalidate>
        <CsrfField token={props.ctx.csrf} />
        <TextField id="email" label="Email address" type="email" autocomplete="username" value={props.email} errors={props.errors} />
        <div class="actions">
          <button type="submit">Email me a link</button>
        </div>
      </form>
      <p>
        <a href="/signin">Sign in with a password</a>
      </p>
    </Layout>
  );
}

/** The same words whether or not the address has an account, so the page reveals none. */
export function LinkSentPage(props: { ctx: PageContext; email: string }) {
  return (
    <Layout ctx={props.ctx} title="Check your email">
      <h1>Check your email</h1>
      <p>
        If <strong class="break">{props.email}</strong> has an account, a sign-in link is on its way to it. The link works once, within{' '}
        {SIGN_IN_LIMITS.linkMinutes} minutes.
      </p>
      <p>Nothing after a few minutes? Check your junk mail folder, or ask an administrator of the calendar.</p>
    </Layout>
  );
}

/**
 * Following the link shows a button rather than signing in on GET: mail security scanners open
 * every link in an email, and must not use up (or use) a sign-in link.
 */
export function LinkConfirmPage(props: { ctx: PageContext; email: string; action: string }) {
  return (
    <Layout ctx={props.ctx} title="Sign in">
      <h1 class="break">Sign in as {props.email}</h1>
      <form method="post" action={props.action}>
        <CsrfField token={props.ctx.csrf} />
        <div class="actions">
          <button type="submit">Sign in</button>
        </div>
      </form>
    </Layout>
  );
}

export function LinkUsedPage(props: { ctx: PageContext }) {
  return (
    <Layout ctx={props.ctx} title="Sign-in link expired">
      <h1>This sign-in link has expired or been used</h1>
      <p>Each link works once, within {SIGN_IN_LIMITS.linkMinutes} minutes of being sent.</p>
      <p>
        <a href="/signin/link">Get a new sign-in link</a> or <a href="/signin">sign in with a password</a>.
      </p>
    </Layout>
  );
}
