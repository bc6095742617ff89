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
  /**
   * Web origins allowed to show the embeddable listing (/embed) in a frame (EMBED_ORIGINS), e.g.
   * ['https://www.partner.example.org']. Empty: no site may frame it. Every other page refuses
   * all framing whatever this says.
   */
  embedOrigins?: readonly string[];
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
    embedOrigins: parseOrigins(env.EMBED_ORIGINS ?? ''),
    partnershipName: env.PARTNERSHIP_NAME ?? 'Community Safety Partnership',
    mailFrom: env.MAIL_FROM ?? 'Community Safety Partnership <calendar@example.org>',
    secretKey: env.SECRET_KEY || null,
  };
}

/**
 * EMBED_ORIGINS: origins separated by spaces or commas, each scheme://host[:port] with no path
 * (as the CSP frame-ancestors directive and the browser's Origin compare them). Throws naming the
 * first that is not one, so a typo stops the service at start rather than silently blocking.
 */
export function parseOrigins(text: string): string[] {
  const origins: string[] = [];
  for (const raw of text.split(/[\s,]+/).filter(Boolean)) {
    let url: URL | null;
    try {
      url = new URL(raw);
    } catch {
      url = null;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== raw.replace(/\/$/, '') || url.username || url.password) {
      throw new Error(`EMBED_ORIGINS must list web origins like https://www.partner.example.org (no path); got "${raw}"`);
    }
    origins.push(url.origin);
  }
  return [...new Set(origins)];
}
