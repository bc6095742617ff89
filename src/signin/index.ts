/**
 * @module Signing in without a lock-out: the limit policy (limits.ts: per client address, a
 * growing wait per account), the attempts it is computed from (attempts.ts), and the e-mailed
 * one-time sign-in link that always gets an owner in (links.ts storage, routes.tsx and pages.tsx
 * for /signin/link). The password form itself is http/web/auth.tsx, which uses these.
 */
export { SIGN_IN_LIMITS, accountDelaySeconds, passwordDecision } from './limits.js';
export { passwordHistory, recordAttempt, attemptStatements } from './attempts.js';
export { signInLinkPages } from './routes.js';
