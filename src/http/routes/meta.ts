/** @module Reference data for clients building forms and filters, and the audit log for organisers. */
import { Hono } from 'hono';
import { listAudit } from '../../db/audit.js';
import { EVENT_KINDS, EVENT_STATUSES, KIND_LABELS, ORGANISATION_KINDS, THEMES, VISIBILITIES } from '../../domain/kinds.js';
import { requireOrganiser } from '../auth.js';
import type { AppEnv } from '../deps.js';
import { pageParams } from '../request.js';

export function metaRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/vocabulary', (c) =>
    c.json({
      kinds: EVENT_KINDS.map((id) => ({ id, label: KIND_LABELS[id] })),
      themes: Object.entries(THEMES).map(([code, label]) => ({ code, label })),
      visibilities: VISIBILITIES,
      statuses: EVENT_STATUSES,
      organisationKinds: ORGANISATION_KINDS,
    }),
  );
  app.get('/audit', requireOrganiser, async (c) => {
    const { limit, offset } = pageParams(c, { fallback: 50, max: 500 });
    const { entries, total } = await listAudit(c.get('deps').store, {
      entity: c.req.query('entity'),
      entityId: c.req.query('entityId'),
      limit,
      offset,
    });
    return c.json({ entries, page: { limit, offset, total } });
  });
  return app;
}
