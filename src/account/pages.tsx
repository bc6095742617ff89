/** @module Account pages: asking for a "set a new password" link, setting it from the link, and changing your own password. */
import { PASSWORD_RULES } from '../domain/password.js';
import { CsrfField, ErrorSummary, TextField, type FormErrors } from '../http/pages/components.js';
import { Layout, type PageContext } from '../http/pages/layout.js';

const LABELS = {
  email: 'Email address',
  current: 'Current password',
  password: 'New password',
  confirm: 'New password again',
};

const PASSWORD_HINT = `At least ${PASSWORD_RULES.min} characters. A few unrelated words make a strong password that is easy to remember.`;

export function ForgotPasswordPage(props: { ctx: PageContext; email: string; errors: FormErrors; problem?: string }) {
  return (
    <Layout ctx={props.ctx} title={props.errors.size || props.problem ? 'Error: Forgotten your password?' : 'Forgotten your password?'}>
      <h1>Forgotten your password?</h1>
      <p>Enter the email address of your account. We will email you a link to set a new password.</p>
      {props.problem ? (
        <div class="error-summary" role="alert" aria-labelledby="forgot-problem">
          <h2 id="forgot-problem">There is a problem</h2>
          <p>{props.problem}</p>
        </div>
      ) : (
        <ErrorSummary errors={props.errors} labels={LABELS} />
      )}
      <form method="post" action="/account/forgot-password" novalidate>
        <CsrfField token={props.ctx.csrf} />
        <TextField id="email" label="Email address" type="email" autocomplete="username" value={props.email} errors={props.errors} />
        <div class="actions">
          <button type="submit">Send me a link</button>
          <a href="/signin">Back to sign in</a>
        </div>
      </form>
    </Layout>
  );
}

export function LinkSentPage(props: { ctx: PageContext; email: string; minutes: number }) {
  return (
    <Layout ctx={props.ctx} title="Check your email">
      <h1>Check your email</h1>
      <p>
        If <strong class="break">{props.email}</strong> is the address of an account, we have sent it a link to set a new password. The link
        works once, for {props.minutes} minutes.
      </p>
      <p>If the email has not arrived in a few minutes, look in your junk mail folder, or ask an administrator of the calendar.</p>
      <p>
        <a href="/signin">Back to sign in</a>
      </p>
    </Layout>
  );
}

function NewPasswordFields(props: { errors: FormErrors }) {
  return (
    <>
      <TextField
        id="password"
        label={LABELS.password}
        type="password"
        autocomplete="new-password"
        hint={PASSWORD_HINT}
        errors={props.errors}
      />
      <TextField id="confirm" label={LABELS.confirm} type="password" autocomplete="new-password" errors={props.errors} />
    </>
  );
}

export function ResetPasswordPage(props: { ctx: PageContext; action: string; email: string; errors: FormErrors }) {
  return (
    <Layout ctx={props.ctx} title={props.errors.size ? 'Error: Set a new password' : 'Set a new password'}>
      <h1>Set a new password</h1>
      <p>
        For <strong class="break">{props.email}</strong>. Setting it signs you out on every other device.
      </p>
      <ErrorSummary errors={props.errors} labels={LABELS} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.ctx.csrf} />
        <input
          type="text"
          name="username"
          value={props.email}
          autocomplete="username"
          class="visually-hidden"
          tabindex={-1}
          aria-hidden="true"
          readonly
        />
        <NewPasswordFields errors={props.errors} />
        <div class="actions">
          <button type="submit">Set my new password</button>
        </div>
      </form>
    </Layout>
  );
}

export function ChangePasswordPage(props: { ctx: PageContext; errors: FormErrors; changed: boolean; problem?: string }) {
  const user = props.ctx.user!;
  return (
    <Layout ctx={props.ctx} title={props.errors.size || props.problem ? 'Error: Change your password' : 'Change your password'}>
      <h1>Change your password</h1>
      <p>
        For <strong class="break">{user.email}</strong>. Changing it signs you out on every other device.
      </p>
      {props.changed ? (
        <div class="notice success" role="status">
          <h2 class="notice-title">Your password has been changed</h2>
          <p>Use it the next time you sign in.</p>
        </div>
      ) : null}
      {props.problem ? (
        <div class="error-summary" role="alert" aria-labelledby="change-problem">
          <h2 id="change-problem">There is a problem</h2>
          <p>{props.problem}</p>
        </div>
      ) : (
        <ErrorSummary errors={props.errors} labels={LABELS} />
      )}
      <form method="post" action="/account/password" novalidate>
        <CsrfField token={props.ctx.csrf} />
        <input
          type="text"
          name="username"
          value={user.email}
          autocomplete="username"
          class="visually-hidden"
          tabindex={-1}
          aria-hidden="true"
          readonly
        />
        <TextField id="current" label={LABELS.current} type="password" autocomplete="current-password" errors={props.errors} />
        <NewPasswordFields errors={props.errors} />
        <div class="actions">
          <button type="submit">Change my password</button>
        </div>
      </form>
    </Layout>
  );
}
