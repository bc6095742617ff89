/**
 * @module Service configuration from environment variables. Pure: the Node entry passes
 * process.env, the Worker passes its env bindings, tests pass what they need.
 */

export interface Config {
  /** Absolute base URL people reach the service at; used in feed links and emails. */
  publicUrl: string;
  /** The partnership's name, shown in page titles, calendar names and emails. */
  partnershipName: string;
  /** The From address of reminder emails. */
  mailFrom: string;
  /**
   * Signs unsubscribe, preferences and apology links in emails (SECRET_KEY). When unset, a key is
   * generated on first use and kept in the database, so a new install needs no setup.
   */
  secretKey?: string | null;
}

export type Env = Record<string, string | undefined>;

export function configFromEnv(env: Env): Config {
  const port = env.PORT ?? '3000';
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  try {
    new URL(publicUrl);
  } catch {
    throw new Error(`PUBLIC_URL must be an absolute URL like https://calendar.example.org (got "${publicUrl}")`);
  }
  return {
    publicUrl,
    partnershipName: env.PARTNERSHIP_NAME ?? 'Community Safety Partnership',
    mailFrom: env.MAIL_FROM ?? 'Community Safety Partnership <calendar@example.org>',
    secretKey: env.SECRET_KEY || null,
  };
}
