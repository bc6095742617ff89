/**
 * @module The sign-in limit policy, as rules without storage. Guessing is slowed per account and
 * stopped per client address, but nobody who can read the account's email is ever locked out:
 *
 * - a client address that has typed 30 wrong passwords in 15 minutes (for any accounts) is
 *   refused for the rest of those 15 minutes: that is a guesser, not an owner;
 * - an account (the email typed, with or without an account behind it, so the limit reveals no
 *   accounts) takes 3 wrong passwords freely; after that each attempt must wait 5 seconds after
 *   the last wrong one, doubling with each further wrong password up to 15 minutes. Attempts
 *   made while it waits are refused without checking the password (and are not counted), so a
 *   guesser gets at most about 100 guesses a day at an account, whatever addresses it uses;
 * - a right password, or an e-mailed sign-in link followed, resets the account's count;
 * - the e-mailed one-time link (15 minutes, single use) is never slowed by wrong passwords, so
 *   the owner can always sign in while someone else is guessing. Asking for links is limited on
 *   its own: 3 emails per account per 15 minutes (more requests are answered the same but send
 *   nothing), 10 requests per client address per hour.
 *
 * OWASP's Authentication Cheat Sheet ("account lockout": prefer throttling that an attacker
 * cannot turn into a denial of service, and a way back in for the owner).
 */

export const SIGN_IN_LIMITS = {
  windowMinutes: 15,
  /** Wrong passwords from one client address in the window before it is refused. */
  perClient: 30,
  /** Wrong passwords for one account before its password path slows down. */
  freeFailures: 3,
  /** The first wait after freeFailures, doubled by each further failure… */
  firstDelaySeconds: 5,
  /** …up to this. */
  maxDelaySeconds: 15 * 60,
  /** Wrong passwords older than this no longer count (the attempts table keeps a day). */
  memoryHours: 24,
  /** How long an e-mailed sign-in link works. */
  linkMinutes: 15,
  /** Links e-mailed to one account per window; further requests send nothing. */
  linksPerAccount: 3,
  /** Link requests from one client address per hour. */
  linkRequestsPerClientHour: 10,
} as const;

/**
 * Seconds an account's password path waits after its latest wrong password, given the wrong
 * passwords since its last success: 0 for the first three, then 5, 10, 20 … 900.
 */
export function accountDelaySeconds(failures: number): number {
  const over = failures - SIGN_IN_LIMITS.freeFailures;
  if (over < 0) return 0;
  return Math.min(SIGN_IN_LIMITS.firstDelaySeconds * 2 ** Math.min(over, 20), SIGN_IN_LIMITS.maxDelaySeconds);
}

export interface AttemptHistory {
  /** Wrong passwords for the email since its last success (within memoryHours). */
  accountFailures: number;
  /** When the latest of them was, or null. */
  lastAccountFailure: Date | null;
  /** Wrong passwords from the client address in the window (0 when the address is unknown). */
  clientFailures: number;
}

export type PasswordDecision = { allowed: true } | { allowed: false; reason: 'client' | 'account'; retryAfterSeconds: number };

/** May a password be checked now? The client limit first: it stops a guesser whatever account. */
export function passwordDecision(history: AttemptHistory, now: Date): PasswordDecision {
  if (history.clientFailures >= SIGN_IN_LIMITS.perClient) {
    return { allowed: false, reason: 'client', retryAfterSeconds: SIGN_IN_LIMITS.windowMinutes * 60 };
  }
  const delay = accountDelaySeconds(history.accountFailures);
  if (delay > 0 && history.lastAccountFailure) {
    const waitMs = history.lastAccountFailure.getTime() + delay * 1000 - now.getTime();
    if (waitMs > 0) return { allowed: false, reason: 'account', retryAfterSeconds: Math.ceil(waitMs / 1000) };
  }
  return { allowed: true };
}

/** "40 seconds", "1 minute", "15 minutes": a wait as people say it. */
export function waitInWords(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
