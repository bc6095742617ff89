/**
 * The public feed written from scratch, the reference incremental builds are held to: every event
 * read whole from the database, filtered as the public feed filters, rendered in one go with no
 * kept fragment.
 */
import type { Config } from '../../../src/config.js';
import type { Store } from '../../../src/db/store.js';
import { ANONYMOUS } from '../../../src/domain/visibility.js';
import { eventsByIds } from '../../../src/feeds/feed-query.js';
import { EMPTY_FILTER, inFeed } from '../../../src/feeds/filter.js';
import { belongsInFeed, renderCalendar } from '../../../src/feeds/ics.js';
import { naming } from '../../../src/feeds/service.js';
import type { OpenBackend } from '../../support/backends.js';

/** The text of /feeds/public.ics as of `now` (a UTC instant), from every event in `db`. */
export async function publicFeedFromScratch(
  db: Pick<OpenBackend, 'rows'> & { store: Store },
  config: Pick<Config, 'publicUrl' | 'partnershipName'>,
  now: Date,
): Promise<string> {
  const ids = (await db.rows<{ id: string }>('SELECT id FROM events ORDER BY id')).map((r) => r.id);
  const all = (await eventsByIds(db.store, ids)).filter(
    (e) => inFeed(e, { filter: EMPTY_FILTER, viewer: ANONYMOUS }) && belongsInFeed(e, now),
  );
  const { name, description } = naming(config.partnershipName, { kind: 'public' }, '', '');
  return renderCalendar(all, { name, description, publicUrl: config.publicUrl, feedUrl: `${config.publicUrl}/feeds/public.ics`, now });
}
