/**
 * @module `npm run cli -- feed ...`: private feed addresses for partners and members. The secret
 * address is printed once at creation; only a hash of its token is kept.
 */
import type { Config } from '../config.js';
import { createFeedSubscription, listFeedSubscriptions, revokeFeedSubscription } from '../db/feed-subscriptions.js';
import type { Store, WriteContext } from '../db/store.js';
import { privateFeedUrls, resolveFeedOwner } from '../feeds/owner.js';

export class FeedCommandError extends Error {}

export const FEED_USAGE = `  feed create --partner <organisation id> | --email <member email> [--label <text>]
                                   create a private feed address (printed once; only a hash is kept)
  feed list                        list private feeds (never the secret address)
  feed revoke <id>                 revoke a private feed; its address stops working at once`;

export async function feedCommand(
  store: Store,
  config: Config,
  ctx: WriteContext,
  sub: string | undefined,
  arg: string | undefined,
  values: { partner?: string; email?: string; label?: string },
  out: (line: string) => void,
): Promise<void> {
  switch (sub) {
    case 'create': {
      const resolved = await resolveFeedOwner(store, { partner: values.partner, email: values.email, label: values.label });
      if (!resolved.ok) throw new FeedCommandError(resolved.errors.map((e) => `--${e.field} ${e.message}`).join('; '));
      const { token, subscription } = await createFeedSubscription(store, resolved.owner, ctx);
      const urls = privateFeedUrls(config.publicUrl, token);
      out(`created private feed "${subscription.label}" (${subscription.id})`);
      out('send this address to its owner now; it cannot be shown again:');
      out(`  subscribe page: ${urls.subscribePage}`);
      out(`  feed:           ${urls.feedUrl}`);
      return;
    }
    case 'list': {
      const list = await listFeedSubscriptions(store);
      if (!list.length) out('no private feeds');
      for (const s of list) {
        const owner = s.organisationId ? `partner ${s.organisationId}` : `member ${s.email}`;
        out(
          `${s.id}  ${s.label}  ${owner}  created ${s.createdAt}  last used ${s.lastUsedAt ?? 'never'}${s.revokedAt ? `  REVOKED ${s.revokedAt}` : ''}`,
        );
      }
      return;
    }
    case 'revoke': {
      if (!arg) throw new FeedCommandError('feed revoke needs the feed id (see feed list)');
      const revoked = await revokeFeedSubscription(store, arg, ctx);
      if (!revoked) throw new FeedCommandError(`no live private feed with id "${arg}"`);
      out(`revoked private feed "${revoked.label}"`);
      return;
    }
    default:
      throw new FeedCommandError('feed needs a subcommand: create, list or revoke');
  }
}
