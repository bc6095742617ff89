/**
 * Every JSON write endpoint that expects an object refuses any other shape (a list, text, a
 * number, null) with 400 naming `body`, and writes nothing. Found before: a JSON list sent to
 * POST /api/events/{id}/cancel cancelled the event (200). The endpoints come from app.routes, so
 * a new one is held to this unless it is listed below as acting on its URL alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillPath, jsonWriteRoutes, routeName } from '../support/routes.js';
import { makeWriteSweep, type WriteSweep } from '../support/write-sweep.js';

/** Endpoints that take no JSON body: what they do is named by the URL (and, for unsubscribe, a form). */
const NO_BODY = new Set([
  'POST /api/deliveries/:id/retry',
  'POST /api/email/unsubscribe/:token',
  'POST /api/email/confirm/:token',
  'POST /api/imports/:id/apply',
  'POST /api/synced-feeds/:id/run',
  'POST /api/meetings/:eventId/agenda/publish',
  'POST /api/meetings/:eventId/:occurrence/agenda/publish',
  'POST /api/meetings/:eventId/minutes/ready',
  'POST /api/meetings/:eventId/:occurrence/minutes/ready',
]);

const NOT_OBJECTS = ['[]', '[{"reason": "venue unavailable"}]', '"venue unavailable"', '42', 'null', 'true'];

describe('the shape of a JSON body', () => {
  let sweep: WriteSweep;
  beforeAll(async () => {
    sweep = await makeWriteSweep();
  }, 120_000);
  afterAll(() => sweep?.t.close());

  it('is checked on every JSON write endpoint: anything but an object is a 400 naming body, and nothing is written', async () => {
    const routes = jsonWriteRoutes(sweep.t.app).filter((r) => !NO_BODY.has(routeName(r)));
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain('POST /api/events/:id/cancel');
    const wrong: string[] = [];
    for (const route of routes) {
      const path = fillPath(route, sweep.paramsFor(route));
      // One snapshot around all six refusals of a route: a write by any of them shows.
      const before = await sweep.snapshot();
      for (const body of NOT_OBJECTS) {
        const res = await sweep.t.call(route.method, path, body);
        if (res.status !== 400 || res.body?.error?.field !== 'body') {
          wrong.push(`${route.method} ${path} ${body} → ${res.status} ${JSON.stringify(res.body?.error)}`);
        }
      }
      if ((await sweep.snapshot()) !== before) wrong.push(`${route.method} ${path}: a refused body wrote to the database`);
    }
    expect(wrong).toEqual([]);
  });

  it('says what it got and what it wants', async () => {
    const cancel = jsonWriteRoutes(sweep.t.app).find((r) => r.path === '/api/events/:id/cancel')!;
    const res = await sweep.t.call('POST', fillPath(cancel, sweep.paramsFor(cancel)), '[{"reason": "venue unavailable"}]');
    expect(res.body.error).toEqual({ field: 'body', message: 'must be a JSON object ({…}), not a list ([…])' });
    const empty = await sweep.t.call('POST', fillPath(cancel, sweep.paramsFor(cancel)), '');
    expect(empty.status).toBe(200);
    expect(empty.body.status).toBe('cancelled');
  });
});
