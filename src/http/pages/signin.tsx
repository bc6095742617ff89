/** @module The organisers' sign-in page. One message for every failure, so it reveals no accounts. */
import { CsrfField, ErrorSummary, ProblemSummary, TextField, type FormErrors } from './components.js';
import { Layout, type PageContext } from './layout.js';

export function SignInPage(props: {
  ctx: PageContext;
  email: string;
  next: string;
  errors: FormErrors;
  problem?: string;
  passwordReset?: boolean;
}) {
  return (
    <Layout ctx={props.ctx} title={props.problem || props.errors.size ? 'Error: Sign in' : 'Sign in'}>
      <h1>Sign in</h1>
      {props.passwordReset ? (
        <div class="notice success" role="status">
          <h2 class="notice-title">Your new password is set</h2>
          <p>Sign in with it now.</p>
        </div>
      ) : null}
      <p>For organisers and partners with an account. The public calendar needs no account.</p>
      {props.problem ? (
        <ProblemSummary id="signin-problem" problem={props.problem} />
      ) : (
        <ErrorSummary errors={props.errors} labels={{ email: 'Email address', password: 'Password' }} />
      )}
      <form method="post" action="/signin" novalidate>
        <CsrfField token={props.ctx.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <TextField id="email" label="Email address" type="email" autocomplete="username" value={props.email} errors={props.errors} />
        <TextField id="password" label="Password" type="password" autocomplete="current-password" errors={props.errors} />
        <div class="actions">
          <button type="submit">Sign in</button>
        </div>
      </form>
      <p>
        <a href="/account/forgot-password">Forgotten your password?</a>
      </p>
      <p>
        <a href="/signin/link">Email me a sign-in link instead</a>
      </p>
      <p class="muted">Need an account? Ask an administrator of the calendar.</p>
    </Layout>
  );
}

export function ForbiddenPage(props: { ctx: PageContext; message: string }) {
  return (
    <Layout ctx={props.ctx} title="Not allowed">
      <h1>You cannot do this</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">Back to the calendar</a>
      </p>
    </Layout>
  );
}
