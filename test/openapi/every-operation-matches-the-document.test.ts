/**
 * The API description at /api/openapi.json is true: it is a valid OpenAPI 3.1 document (a real
 * validator, @seriousme/openapi-schema-validator), every operation in it is called through the
 * real app on SQLite and each answer's status, content type and body match what it says (ajv,
 * JSON Schema 2020-12), and every /api route the app has is in it. A new endpoint fails here
 * until it is described: that is on purpose (README, API).
 */
import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertMember } from '../../src/db/directory.js';
import { runDue } from '../../src/notify/dispatch.js';
import { LinkSigner, signingKey } from '../../src/notify/links.js';
import { outboxMailer } from '../../src/notify/outbox-mailer.js';
import { configFromEnv } from '../../src/config.js';
import { createApp } from '../../src/http/app.js';
import type { Fetcher } from '../../src/import/fetch.js';
import { makeTestApp, type TestApp } from '../support/app.js';

type Doc = { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };

let t: TestApp;
let app: ReturnType<typeof createApp>;
let doc: Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
const called = new Set<string>();
const problems: string[] = [];

// Fewest parameters first, so /api/meetings/{eventId}/items is not read as {eventId}/{occurrence}.
const templates = () =>
  Object.keys(doc.paths)
    .sort((a, b) => a.split('{').length - b.split('{').length)
    .map((template) => ({
      template,
      re: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));

/** Finds the operation, checks status, content type and body against it, and remembers it was called. */
function check(method: string, url: string, res: Response, text: string) {
  const pathname = new URL(url, 'http://x').pathname;
  const match = templates().find((m) => m.re.test(pathname));
  if (!match) return problems.push(`${method} ${pathname}: not in the document`);
  const operation = doc.paths[match.template]![method.toLowerCase()];
  if (!operation) return problems.push(`${method} ${match.template}: method not in the document`);
  called.add(`${method} ${match.template}`);
  const response = operation.responses[String(res.status)];
  if (!response) return problems.push(`${method} ${pathname}: status ${res.status} not documented (${text.slice(0, 200)})`);
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (!response.content) {
    if (text) problems.push(`${method} ${pathname} ${res.status}: documented without a body, got ${type}`);
    return;
  }
  if (!(type in response.content)) return problems.push(`${method} ${pathname} ${res.status}: ${type} not documented`);
  if (type !== 'application/json') return;
  const pointer = `openapi#/paths/${match.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${res.status}/content/application~1json/schema`;
  const validate = ajv.getSchema(pointer) ?? ajv.compile({ $ref: pointer });
  if (!validate(JSON.parse(text))) {
    problems.push(`${method} ${pathname} ${res.status}: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
  }
}

async function call(
  method: string,
  path: string,
  opts: { body?: unknown; auth?: boolean; headers?: Record<string, string>; form?: FormData } = {},
) {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.auth !== false) headers.Authorization = `Bearer ${t.token}`;
  let payload: BodyInit | undefined;
  if (opts.form) payload = opts.form;
  else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(opts.body);
  }
  const res = await app.request(path, { method, headers, body: payload });
  const text = await res.text();
  check(method, path, res, text);
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}

const FEED = readFileSync(new URL('../import/fixtures/partner-calendar.ics', import.meta.url), 'utf8');
// Stands in for the network (no test reaches the internet): the partner's server answers the fixture.
const partnerServer: Fetcher = async () => ({ ok: true, status: 200, body: FEED, etag: '"1"', lastModified: null, finalUrl: '' });

beforeAll(async () => {
  t = await makeTestApp({ demo: true, now: '2022-09-01T09:00:00Z' });
  const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });
  app = createApp({
    store: t.handle.store,
    clock: t.clock,
    mailer: { send: async () => ({ id: 'sent' }) },
    config,
    fetcher: partnerServer,
  });
  const res = await app.request('/api/openapi.json');
  doc = (await res.json()) as Doc;
  ajv.addSchema(doc, 'openapi');
});
afterAll(() => t.close());

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
    expect(result.valid).toBe(true);
    expect((doc as unknown as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('describes every /api route the app has', () => {
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    const routes = new Set(
      app.routes
        .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL' && !r.path.includes('*'))
        .map((r) => `${r.method} ${r.path.replace(/:([A-Za-z]+)(\{[^}]*\})?/g, '{$1}')}`),
    );
    expect([...routes].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((d) => !routes.has(d))).toEqual([]);
  });

  it('matches every answer of every documented operation', async () => {
    await call('GET', '/api/openapi.json', { auth: false });
    await call('GET', '/api/docs', { auth: false });
    await call('GET', '/api/vocabulary', { auth: false });

    // Directory
    const org = (await call('POST', '/api/organisations', { body: { name: 'Fire and Rescue Service', kind: 'fire' } })).body;
    await call('POST', '/api/organisations', { body: { name: 'Fire and Rescue Service', kind: 'fire' } }); // 409
    await call('POST', '/api/organisations', { body: { kind: 'fire' } }); // 400
    await call('GET', '/api/organisations', { auth: false });
    await call('GET', `/api/organisations/${org.id}`);
    await call('PATCH', `/api/organisations/${org.id}`, { body: { website: 'https://fire.example.org' } });
    const group = (
      await call('POST', '/api/groups', {
        body: { slug: 'panel', name: 'Police and Crime Panel', organiserEmail: 'panel-clerk@example.org' },
      })
    ).body;
    await call('GET', '/api/groups', { auth: false });
    await call('GET', '/api/groups/panel');
    await call('PATCH', `/api/groups/${group.id}`, { body: { description: 'Meets on Fridays at 11:00.' } });
    const member = (
      await call('POST', `/api/groups/${group.id}/members`, { body: { email: 'panel-member-1@example.org', role: 'Panel member' } })
    ).body;
    await upsertMember(
      t.handle.store,
      group.id,
      { email: 'panel-member-2@example.org', role: 'Panel member', capacity: 'voting', displayName: null, organisationId: null },
      { actor: 'test', now: t.clock() },
    );
    await call('GET', `/api/groups/${group.id}/members`);
    await call('GET', `/api/groups/${group.id}/members`, { auth: false }); // 401

    // Events
    const meeting = (
      await call('POST', '/api/events', {
        body: {
          kind: 'meeting',
          title: 'Police and Crime Panel',
          start: '2022-09-16T11:00',
          end: '2022-09-16T13:00',
          rrule: 'FREQ=MONTHLY;BYDAY=3FR;COUNT=6',
          groupId: group.id,
          visibility: 'group',
          location: 'Aylesbury',
        },
      })
    ).body;
    const sameTime = {
      kind: 'meeting',
      title: 'Police and Crime Panel (again)',
      start: '2022-09-16T11:00',
      end: '2022-09-16T13:00',
      rrule: 'FREQ=MONTHLY;BYDAY=3FR;COUNT=6',
      groupId: group.id,
      visibility: 'group',
    };
    await call('POST', '/api/events', { body: sameTime }); // 409: the group already meets then
    const twin = (await call('POST', '/api/events?allowSameTime=true', { body: sameTime })).body;
    await call('PATCH', `/api/events/${twin.id}?allowSameTime=true`, { body: { title: 'Panel pre-meeting' } });
    await call('POST', `/api/events/${twin.id}/cancel`);
    await call('POST', '/api/events', { body: { kind: 'meeting', title: 'x' } }); // 400
    await call('POST', '/api/events', { auth: false, body: { kind: 'deadline', title: 'x', start: '2022-10-01' } }); // 401
    await call('GET', '/api/events?kind=campaign_week&limit=2');
    await call('GET', '/api/events?kind=party'); // 400
    await call('GET', '/api/occurrences?from=2022-09-01&to=2022-12-31');
    await call('GET', `/api/events/${meeting.id}`);
    await call('GET', `/api/events/${meeting.id}`, { auth: false }); // 404
    await call('GET', '/api/events.csv?kind=campaign_week', { auth: false });
    await call('PATCH', `/api/events/${meeting.id}`, { body: { location: 'County Hall, Aylesbury' } });
    const current = (await call('GET', `/api/events/${meeting.id}`)).body;
    await call('PUT', `/api/events/${meeting.id}`, {
      body: { ...current, description: 'Public meeting; agenda published a week before.' },
    });
    await call('PUT', `/api/events/${meeting.id}/occurrences/2022-10-21T10:00:00Z`, {
      body: { start: '2022-10-28T11:00', end: '2022-10-28T13:00' },
    });
    await call('PUT', `/api/events/${meeting.id}/occurrences/2022-11-18T11:00:00Z`, { body: { status: 'cancelled' } });
    await call('DELETE', `/api/events/${meeting.id}/occurrences/2022-11-18T11:00:00Z`);
    // "Which dates?": a date that is not one of the series (422), then from January on at 11:30 (a split).
    await call('PATCH', `/api/events/${meeting.id}`, { body: { dates: 'following', from: '2022-12-02T11:00:00Z', location: 'Aylesbury' } });
    const split = await call('PATCH', `/api/events/${meeting.id}`, {
      body: { dates: 'following', from: '2023-01-20T11:00:00Z', start: '2023-01-20T11:30', end: '2023-01-20T13:30' },
    });
    await call('GET', `/api/events/${split.body.splitFrom}`);
    const campaign = (await call('GET', '/api/events?kind=campaign_week&limit=1')).body.events[0];
    await call('GET', `/api/events/${campaign.id}`);
    // A week moved a day later takes its activity along (`series.activities`), with the reason.
    const week = (
      await call('POST', '/api/events', {
        body: { kind: 'campaign_week', title: 'Bite Back Week', start: '2022-11-07', end: '2022-11-11' },
      })
    ).body;
    await call('POST', '/api/events', { body: { kind: 'activity', title: 'Market stall', start: '2022-11-08', parentId: week.id } });
    await call('PATCH', `/api/events/${week.id}`, {
      body: { start: '2022-11-08', end: '2022-11-12', reason: 'The hall is booked', activities: 'shift' },
    });
    await call('PATCH', `/api/events/${week.id}`, { body: { activities: 'later' } }); // 400

    // Reminders: lead times, subscriptions, a pass that keeps emails in the outbox, email links
    await call('GET', `/api/events/${meeting.id}/reminders`);
    await call('PUT', `/api/events/${meeting.id}/reminders`, { body: { leadTimes: ['7d', '1d'] } });
    await call('PUT', `/api/events/${meeting.id}/reminders`, { body: { leadTimes: ['soon'] } }); // 400
    await call('GET', `/api/groups/${group.id}/reminders`);
    await call('PUT', `/api/groups/${group.id}/reminders`, { body: { leadTimes: null } });
    const subscription = (
      await call('POST', '/api/subscriptions', {
        body: { email: 'community-safety-officer@example.org', topic: 'kind:campaign_week', leadTimes: ['1w'] },
      })
    ).body;
    await call('GET', '/api/subscriptions');
    const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });
    await runDue({ store: t.handle.store, mailer: outboxMailer(t.handle.store, t.clock), config }, new Date('2022-09-09T11:00:00Z'));
    const deliveries = (await call('GET', `/api/events/${meeting.id}/deliveries`)).body.deliveries as { id: string; recipient: string }[];
    expect(deliveries.length).toBeGreaterThan(0);
    await call('GET', '/api/deliveries?status=sent');
    await call('POST', `/api/deliveries/${deliveries[0]!.id}/retry`); // 409: not failed
    await t.handle.store.batch([
      t.handle.store.db.updateTable('reminder_deliveries').set({ status: 'failed' }).where('id', '=', deliveries[0]!.id).compile(),
    ]);
    await call('POST', `/api/deliveries/${deliveries[0]!.id}/retry`);
    const kept = (await call('GET', '/api/outbox')).body.emails;
    await call('GET', `/api/outbox/${kept[0].id}`);
    await call('GET', '/api/outbox/no-such-email'); // 404
    const row = await t.handle.store.db
      .selectFrom('reminder_deliveries')
      .select(['id', 'person_id'])
      .where('event_id', '=', meeting.id)
      .where('recipient', '=', 'panel-member-1@example.org')
      .executeTakeFirstOrThrow();
    const token = await new LinkSigner(await signingKey(t.handle.store, null)).sign({ personId: row.person_id!, deliveryId: row.id });
    await call('GET', `/api/email/preferences/${token}`, { auth: false });
    await call('PATCH', `/api/email/preferences/${token}`, { auth: false, body: { paused: false } });
    await call('GET', `/api/email/apologies/${token}`, { auth: false });
    await call('POST', `/api/email/apologies/${token}`, { auth: false, body: { note: 'On leave that week.' } });
    await call('POST', `/api/email/apologies/${token}`, { auth: false, body: { note: 'Still on leave.' } });
    await call('GET', `/api/events/${meeting.id}/apologies`);
    await call('GET', `/api/email/unsubscribe/${token}`, { auth: false });
    await call('POST', `/api/email/unsubscribe/${token}`, { auth: false, headers: { Accept: 'application/json' } });
    await call('GET', '/api/email/preferences/not-a-token', { auth: false }); // 404
    const confirmToken = await new LinkSigner(await signingKey(t.handle.store, null)).signPayload({
      purpose: 'confirm',
      email: 'resident@example.org',
      topic: 'theme:C2',
      expires: Date.parse('2022-09-08T00:00:00Z'),
    });
    await call('POST', '/api/email/subscribe', { auth: false, body: { email: 'resident@example.org', topic: 'theme:C2' } });
    await call('POST', '/api/email/subscribe', { auth: false, body: { email: 'not an email', topic: 'theme:C2' } }); // 400
    await call('GET', `/api/email/confirm/${confirmToken}`, { auth: false });
    await call('POST', `/api/email/confirm/${confirmToken}`, { auth: false, headers: { Accept: 'application/json' } });
    await call(
      'DELETE',
      `/api/subscriptions/${subscription.personId ? (await call('GET', '/api/subscriptions?email=community-safety-officer@example.org')).body.subscriptions[0].id : ''}`,
    );

    // Private feeds
    const feed = (await call('POST', '/api/feed-subscriptions', { body: { partner: org.id } })).body;
    await call('POST', '/api/feed-subscriptions', { body: {} }); // 400
    await call('GET', '/api/feed-subscriptions');
    await call('DELETE', `/api/feed-subscriptions/${feed.id}`);

    // Import and sync
    const form = new FormData();
    form.set('file', new File([FEED], 'partner-calendar.ics'));
    form.set('kind', 'activity');
    const preview = (await call('POST', '/api/imports', { form })).body;
    await call('POST', '/api/imports', { body: { url: 'http://10.0.0.1/x.ics', kind: 'activity' } }); // 400
    await call('GET', `/api/imports/${preview.id}`);
    await call('POST', `/api/imports/${preview.id}/apply`);
    await call('GET', `/api/imports/${preview.id}`);
    await call('POST', '/api/imports/no-such-import/apply'); // 404
    const synced = (
      await call('POST', '/api/synced-feeds', {
        body: { url: 'https://partner.example.org/engagement.ics', label: 'Partner engagement', kind: 'training' },
      })
    ).body;
    await call('POST', '/api/synced-feeds', { body: { url: 'https://partner.example.org/engagement.ics', kind: 'training' } }); // 409
    await call('GET', '/api/synced-feeds');
    await call('POST', `/api/synced-feeds/${synced.id}/run`);
    await call('GET', `/api/synced-feeds/${synced.id}`);
    await call('DELETE', `/api/synced-feeds/${synced.id}`);

    // A date's address from before the split above: 302 for a read, 307 for a write (nothing written there; ADR 296).
    expect((await call('GET', `/api/meetings/${meeting.id}/20230120T110000Z`)).status).toBe(302);
    expect((await call('POST', `/api/meetings/${meeting.id}/20230120T110000Z/items`, { body: { title: 'x' } })).status).toBe(307);

    // Meetings: a one-off meeting and one date of the series, every operation at both addresses
    const oneOff = (
      await call('POST', '/api/events', {
        body: { kind: 'meeting', title: 'Panel budget meeting', start: '2022-09-30T10:00', end: '2022-09-30T12:00', groupId: group.id },
      })
    ).body;
    await call('PATCH', `/api/groups/${group.id}`, { body: { quorum: '1/2', publicAttendance: 'names' } });
    await call('PATCH', `/api/groups/${group.id}`, { body: { quorum: 'most' } }); // 400
    const people = (await call('GET', `/api/groups/${group.id}/members`)).body.members as { personId: string }[];
    for (const base of [`/api/meetings/${oneOff.id}`, `/api/meetings/${meeting.id}/20220916T100000Z`]) {
      await call('GET', base, { auth: false });
      await call('GET', `${base.replace(/\/[^/]+$/, '')}/no-such-meeting`, { auth: false }); // 404
      const item = (await call('POST', `${base}/items`, { body: { title: 'Minutes of the last meeting', lead: 'Chair' } })).body;
      await call('POST', `${base}/items`, {
        body: { title: 'Domestic homicide review', exempt: true, exemptReason: 'Paragraph 1 of Schedule 12A, Local Government Act 1972' },
      });
      await call('POST', `${base}/items`, { body: { lead: 'Chair' } }); // 400
      await call('POST', `${base}/items`, { auth: false, body: { title: 'x' } }); // 401
      const paper = (await call('POST', `${base}/documents`, { body: { title: 'Agenda pack', url: 'https://panel.example.org/pack.pdf' } }))
        .body;
      await call('POST', `${base}/documents`, { body: { title: 'Agenda pack' } }); // 400
      await call('POST', `/api/agenda-items/${item.id}/documents`, {
        body: { title: 'Draft minutes', url: 'https://panel.example.org/m.pdf' },
      });
      await call('POST', `/api/agenda-items/${item.id}/move`, { body: { direction: 'down' } });
      await call('POST', `/api/agenda-items/${item.id}/move`, { body: { direction: 'sideways' } }); // 400
      await call('PATCH', `/api/agenda-items/${item.id}`, { body: { lead: 'Panel clerk' } });
      await call('POST', `${base}/agenda/publish`);
      await call('PUT', `${base}/attendance`, {
        body: { entries: [{ personId: people[0]!.personId, status: 'apologies', note: 'On leave', substitute: 'Deputy panel member' }] },
      });
      await call('PUT', `${base}/attendance`, { body: { entries: [{ personId: people[0]!.personId, status: 'present' }] } }); // 400: not begun
      await call('GET', `${base}/attendance.csv`);
      await call('PUT', `${base}/minutes`, { body: { items: [{ id: item.id, minutes: 'Approved as a correct record.' }] } });
      await call('POST', `${base}/minutes/ready`);
      await call('POST', `${base}/minutes/approve`, { body: { eventId: meeting.id, occurrence: '2022-12-16T11:00:00Z' } }); // 409: not begun
      await call('POST', `${base}/minutes/approve`, { body: {} }); // 400
      const action = (
        await call('POST', `${base}/actions`, {
          body: { description: 'Circulate the budget paper', ownerPersonId: people[0]!.personId, dueDate: '2022-10-14' },
        })
      ).body;
      await call('POST', `${base}/actions`, { body: { description: 'No date' } }); // 400
      await call('PATCH', `/api/actions/${action.id}`, { body: { status: 'done' } });
      await call('PATCH', `/api/actions/${action.id}`, { body: { dueDate: 'soon' } }); // 400
      await call('GET', base);
      await call('DELETE', `/api/documents/${paper.id}`);
      await call('DELETE', `/api/agenda-items/${item.id}`);
    }
    await call('PATCH', '/api/actions/no-such-action', { body: { status: 'done' } }); // 404
    await call('GET', `/api/groups/${group.id}/meetings?year=2022`, { auth: false });
    await call('GET', `/api/groups/${group.id}/meetings?year=1066`); // 400
    await call('GET', `/api/groups/${group.id}/attendance.csv?year=2022`);

    // The rest, and the clean-ups
    await call('POST', `/api/events/${campaign.id}/cancel`, { body: { reason: 'moved to next year', activities: 'keep' } });
    await call('POST', `/api/events/${campaign.id}/restore`);
    await call('POST', `/api/events/${campaign.id}/restore`); // 409: not cancelled
    await call('POST', `/api/events/${campaign.id}/cancel`, { body: { reason: 'moved to next year' } });
    await call('GET', '/api/audit?entity=event&limit=5');
    await call('DELETE', `/api/groups/${group.id}/members/${member.personId}`);
    const spare = (await call('POST', '/api/organisations', { body: { name: 'Parish council', kind: 'parish' } })).body;
    await call('DELETE', `/api/organisations/${spare.id}`);

    expect(problems).toEqual([]);
    const operations = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(operations.filter((o) => !called.has(o))).toEqual([]);
  }, 120_000);
});
