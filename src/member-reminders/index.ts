/**
 * @module Members' self-service for email reminders, as pages: what a person opens from an email
 * (their preferences: groups and lead times, topics, digest, pause, unsubscribe from all; the
 * unsubscribe page, which is also the RFC 8058 one-click address; sending apologies; confirming a
 * subscription) and the public "Get reminders" form with its confirmation email. The rules live in
 * src/notify (who gets what) and src/domain/reminders.ts; this folder holds the forms and pages.
 *
 *   GET|POST /email/preferences/{token}   GET|POST /email/unsubscribe/{token}
 *   GET|POST /email/apologies/{token}     GET|POST /email/confirm/{token}
 *   GET|POST /reminders                   "Get reminders by email"
 */
export { memberReminderPages } from './routes.js';
export { UNSUBSCRIBE_MEANS } from './pages.js';
