/**
 * Whatever JSON a client sends to a write endpoint, the answer is never a server error and a
 * refusal writes nothing. A bounded, seeded property-based sweep (fast-check): every JSON write
 * endpoint of the app (read from app.routes, so endpoints added later are swept too) gets bodies
 * built from its own fields in the OpenAPI document, with plausible values, wrong types, hidden
 * characters, years out of range and junk, plus bodies of any other shape and broken JSON. After
 * each request: no 5xx; after a 4xx, every table reads exactly as before (no half-written change);
 * after a 2xx, the calendar still reads (lists and feeds answer) and its foreign keys hold.
 *
 * A failure prints the seed and the shrunk counterexample; rerun it with FUZZ_SEED=<seed>.
 * FUZZ_RUNS raises the number of requests for a longer local sweep.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/openapi/document.js';
import { fillPath, jsonWriteRoutes, type AppRoute } from '../support/routes.js';
import { makeWriteSweep, type WriteSweep } from '../support/write-sweep.js';

/** Fixed, so `npm test` sweeps the same requests every time (issue 14 asked for a seeded sweep). */
const SEED = Number(process.env.FUZZ_SEED ?? 14_2022);
const RUNS = Number(process.env.FUZZ_RUNS ?? 400);

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  $ref?: string;
  oneOf?: Schema[];
  items?: Schema;
};

/** The fields of a route's JSON (or form) body as the OpenAPI document lists them; none for a body-less endpoint. */
function documentedFields(route: AppRoute): Record<string, Schema> {
  const doc = openApiDocument('https://calendar.example.org', 'Fuzz partnership') as unknown as {
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
    components: { schemas: Record<string, Schema> };
  };
  const operation = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
  const content = operation?.requestBody?.content ?? {};
  let schema = (content['application/json'] ?? content['multipart/form-data'])?.schema ?? {};
  if (schema.$ref) schema = doc.components.schemas[schema.$ref.split('/').at(-1)!]!;
  return schema.properties ?? {};
}

/** Text that has gone wrong before, or could: hidden characters, broken encodings, impossible dates. */
const HOSTILE_TEXT = [
  'Panel \u202Egnitsoh\u202C meeting',
  'reason\u0000with NUL',
  'line one\r\nBcc: someone@example.org',
  '\u2066isolate\u2069',
  '\uD800',
  '%ZZ',
  '%25',
  '0000-01-01',
  '0001-01-01T00:00',
  '1899-12-31',
  '2201-01-01',
  '9999-12-31T23:59',
  '2022-02-30',
  '2022-13-01',
  '2022-10-30T01:30',
  '2023-03-26T01:30',
  'FREQ=SECONDLY',
  'FREQ=DAILY;COUNT=100000',
  'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30',
  'FREQ=MONTHLY;BYDAY=1WE;UNTIL=00000101',
  'javascript:alert(1)',
  'http://127.0.0.1/admin',
  'file:///etc/passwd',
  'not-an-email@',
  '@example.org',
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  '{"nested": true}',
  ' ',
  '',
];

/** Values that fit a field (so a request gets past the first check and reaches storage). */
function plausible(name: string, schema: Schema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'boolean') return fc.boolean();
  if (type === 'integer' || type === 'number') return fc.integer({ min: -5, max: 20_000 });
  if (type === 'array' || /themes|leadTimes|links|tags|members/.test(name))
    return fc.array(
      fc.oneof(fc.constantFrom('V1', 'C2', 'hate-crime', 'P1D', 'PT2H', 'P7D'), fc.integer({ min: -1, max: 60 * 24 * 400 })),
      {
        maxLength: 4,
      },
    );
  if (/start|end|date|until/i.test(name))
    return fc.constantFrom('2022-11-10', '2022-11-10T18:00', '2022-11-10T20:00', '2022-12-01', '2023-01-15T09:30', '2022-10-08');
  if (/email/i.test(name)) return fc.constantFrom('fuzz-partner@example.org', 'iag-member-1@example.org', 'Secretary@Example.org');
  if (/url|website/i.test(name)) return fc.constantFrom('https://partner.example.org/calendar.ics', 'https://example.org');
  if (/rrule/i.test(name)) return fc.constantFrom('FREQ=WEEKLY;COUNT=4', 'FREQ=MONTHLY;BYDAY=3WE', null);
  if (/Id$/.test(name)) return fc.constantFrom(null, 'no-such-id');
  if (/status/.test(name)) return fc.constantFrom('draft', 'published', 'cancelled', 'moved');
  if (/visibility/.test(name)) return fc.constantFrom('public', 'partners', 'group', 'confidential');
  if (/kind/.test(name)) return fc.constantFrom('meeting', 'deadline', 'activity', 'campaign_week', 'partner');
  if (/role/.test(name)) return fc.constantFrom('member', 'chair', 'secretary', 'admin');
  if (/topic/.test(name)) return fc.constantFrom('digest', 'kind:deadline', 'group:iag', 'theme:V1');
  return fc.string({ minLength: 1, maxLength: 40 });
}

/** Any value at all for a field: plausible, hostile, the wrong type, huge. */
function anyValue(name: string, schema: Schema): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 5, arbitrary: plausible(name, schema) },
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5000), -1, 1e308, 0.5, true, null, [], {}) },
  );
}

/** A body for the route: mostly an object of its fields (some left out, sometimes an unknown one), else anything. */
function bodyFor(route: AppRoute): fc.Arbitrary<string> {
  const fields = documentedFields(route);
  const names = Object.keys(fields).filter((name) => name !== 'file');
  const record = fc.record(Object.fromEntries(names.map((name) => [name, anyValue(name, fields[name]!)])), { requiredKeys: [] });
  const object = fc
    .tuple(record, fc.option(fc.tuple(fc.constantFrom('extra', '__proto__', 'constructor', 'id', 'sequence'), fc.jsonValue()), { freq: 5 }))
    .map(([body, extra]) => JSON.stringify(extra ? { ...body, [extra[0]]: extra[1] } : body));
  return fc.oneof(
    { weight: 8, arbitrary: object },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom('{', '{"title":', '[1,', '\u0000', '{"a":1}{"b":2}')) },
  );
}

describe('random JSON sent to every write endpoint', () => {
  let sweep: WriteSweep;
  beforeAll(async () => {
    sweep = await makeWriteSweep();
  }, 120_000);
  afterAll(() => sweep?.t.close());

  it(`never answers 5xx and never half-writes (fast-check, seed ${SEED}, ${RUNS} requests)`, async () => {
    const routes = jsonWriteRoutes(sweep.t.app);
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/events',
        'PUT /api/events/:id/occurrences/:recurrenceId',
        'POST /api/synced-feeds',
        'POST /api/imports',
      ]),
    );
    const requests = fc.constantFrom(...routes).chain((route) => fc.tuple(fc.constant(route), bodyFor(route)));
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(requests, async ([route, body]) => {
        const path = fillPath(route, sweep.paramsFor(route));
        const before = await sweep.snapshot();
        const res = await sweep.t.call(route.method, path, body);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        expect(res.status, `${route.method} ${path} ${body.slice(0, 300)} → ${JSON.stringify(res.body)}`).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.body?.error?.field, 'a refusal names the field').toEqual(expect.any(String));
          expect(await sweep.snapshot(), `${route.method} ${path} ${body.slice(0, 300)} was refused but wrote`).toBe(before);
        } else {
          // A change that went through left a calendar that still reads.
          for (const read of ['/api/events?limit=5', '/api/occurrences?from=2022-10-01&to=2023-03-31&limit=5', '/feeds/public.ics'])
            expect((await sweep.t.call('GET', read)).status, `${read} after ${route.method} ${path} ${body.slice(0, 300)}`).toBe(200);
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    const broken = await sql<Record<string, unknown>>`PRAGMA foreign_key_check`.execute(sweep.t.handle.store.db);
    expect(broken.rows).toEqual([]);
    // The sweep reached storage, not only the first check: some writes went through.
    const succeeded = [...statuses].filter(([status]) => status < 300).reduce((n, [, count]) => n + count, 0);
    console.log(`fuzz seed ${SEED}, ${RUNS} requests, answers by status:`, Object.fromEntries(statuses));
    expect(succeeded).toBeGreaterThan(RUNS / 20);
  }, 600_000);
});
