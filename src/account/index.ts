/**
 * @module Your account: a "forgot password" flow by an emailed one-time link (hashed at rest, used
 * once, expiring, sent through the app's mailer and so the built-in outbox), and changing your own
 * password. Any signed-in user, a viewer included, may change their own.
 *
 *   GET|POST /account/forgot-password        GET|POST /account/reset-password/{token}
 *   GET|POST /account/password
 */
export { accountPages } from './routes.js';
export { RESET_MINUTES } from './reset-tokens.js';
