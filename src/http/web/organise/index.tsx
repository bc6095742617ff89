/** @module The organisers' workspace under /organise: dashboard, events, dates, copies, directory, audit. */
import { Hono } from 'hono';
import { DateTime } from 'luxon';
import { listAudit, recentAudit } from '../../../db/audit.js';
import { pageEvents } from '../../../db/events.js';
import { pageOccurrences } from '../../../occurrences/index.js';
import { DEFAULT_ZONE } from '../../../domain/time.js';
import { todayIn } from '../../pages/format.js';
import { AuditPage } from '../../pages/organise/audit.js';
import { DashboardPage } from '../../pages/organise/dashboard.js';
import { directoryNames } from '../calendar-data.js';
import type { WebEnv } from '../env.js';
import { intQuery, pagerLinks, textQuery } from '../query.js';
import { pageContext, render } from '../render.js';
import { copyPages } from './copy.js';
import { directoryPages } from './directory.js';
import { reminderPages } from './reminders.js';
import { feedPages } from './feeds.js';
import { leadTimePages } from './lead-times.js';
import { subscriptionPages } from './subscriptions.js';
import { userPages } from './users.js';
import { cancellationPages } from '../../../cancellations/web.js';
import { eventPages } from './events.js';
import { requireScheduler } from './guard.js';
import { occurrencePages } from './occurrences.js';
import { importPages } from '../../../import/web.js';
import { failingSyncedFeeds } from '../../../import/store.js';
import { campaignsToCarryOver } from './carry-over.js';

const AUDIT_PAGE = 50;
/** Drafts listed on the dashboard; the rest are a click away in the events list. */
const DRAFTS_SHOWN = 20;
/** Last year's campaign weeks listed for carrying over; the rest are in the events list. */
const CARRY_OVER_SHOWN = 20;

export function organiserPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/organise', requireScheduler);
  app.use('/organise/*', requireScheduler);

  app.get('/organise', async (c) => {
    const { store, clock } = c.get('deps');
    const viewer = c.get('viewer');
    const today = todayIn(clock());
    const from = DateTime.fromISO(today.toISODate()!, { zone: DEFAULT_ZONE });
    const [upcoming, names, drafts, toCopy, recent] = await Promise.all([
      pageOccurrences(store, viewer, { window: { from, to: from.plus({ days: 30 }) }, limit: 15 }),
      directoryNames(store),
      pageEvents(store, viewer, { filter: { statuses: ['draft'] }, limit: DRAFTS_SHOWN }),
      campaignsToCarryOver(store, viewer, today.year, CARRY_OVER_SHOWN),
      recentAudit(store, { limit: 8, viewer }),
    ]);
    const failing = await failingSyncedFeeds(store);
    return render(
      c,
      <DashboardPage
        ctx={pageContext(c)}
        upcoming={upcoming.items}
        names={names}
        drafts={drafts.events}
        moreDrafts={drafts.next !== null}
        toCopy={toCopy.events}
        moreToCopy={toCopy.more}
        thisYear={today.year}
        recent={recent}
        failingFeeds={failing.map((f) => ({ id: f.id, label: f.label, error: f.lastError ?? '' }))}
      />,
    );
  });

  app.get('/organise/audit', async (c) => {
    const { store } = c.get('deps');
    const entity = textQuery(c, 'entity', 40);
    const page = intQuery(c, 'page', 1, 1, 100_000);
    const { entries, total } = await listAudit(store, {
      entity: entity || undefined,
      limit: AUDIT_PAGE,
      offset: (page - 1) * AUDIT_PAGE,
      viewer: c.get('viewer'),
    });
    return render(
      c,
      <AuditPage ctx={pageContext(c)} entries={entries} entity={entity} total={total} page={pagerLinks(c, page, AUDIT_PAGE, total)} />,
    );
  });

  app.route('/', importPages());
  app.route('/', cancellationPages());
  app.route('/', eventPages());
  app.route('/', occurrencePages());
  app.route('/', copyPages());
  app.route('/', directoryPages());
  app.route('/', userPages());
  app.route('/', reminderPages());
  app.route('/', feedPages());
  app.route('/', leadTimePages());
  app.route('/', subscriptionPages());
  return app;
}
