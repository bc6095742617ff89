/**
 * A small partnership for reminder tests: the real app on a real SQLite file, a group with an
 * organiser and members, and a real SMTP server on loopback that the real SMTP mailer sends to.
 */
import { configFromEnv } from '../../../src/config.js';
import { upsertMember } from '../../../src/db/directory.js';
import { createApp } from '../../../src/http/app.js';
import type { NotifyDeps } from '../../../src/notify/deps.js';
import { runDue } from '../../../src/notify/dispatch.js';
import { smtpMailer, type SmtpMailer } from '../../../src/runtime/smtp-mailer.js';
import { makeTestApp, type TestApp } from '../../support/app.js';
import { SmtpSink } from './smtp-sink.js';

export interface World {
  t: TestApp;
  sink: SmtpSink;
  mailer: SmtpMailer;
  deps: NotifyDeps;
  groupId: string;
  /** The app wired to the real SMTP mailer (for requests that send mail themselves). */
  app: ReturnType<typeof createApp>;
  /** One dispatcher pass at this instant. */
  dispatch(at: string): ReturnType<typeof runDue>;
  createMeeting(input: Record<string, unknown>): Promise<any>;
  close(): Promise<void>;
}

export const ORGANISER_EMAIL = 'iag-organiser@example.org';

export async function makeWorld(opts: { now?: string; members?: string[] } = {}): Promise<World> {
  const t = await makeTestApp({ now: opts.now ?? '2022-09-01T09:00:00Z' });
  const sink = await new SmtpSink().start();
  const mailer = smtpMailer(sink.url);
  const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });
  const deps: NotifyDeps = { store: t.handle.store, mailer, config };
  const group = await t.call('POST', '/api/groups', {
    slug: 'iag',
    name: 'Independent Advisory Group',
    organiserEmail: ORGANISER_EMAIL,
  });
  const groupId = group.body.id as string;
  const members = opts.members ?? ['iag-member-1@example.org', 'iag-member-2@example.org'];
  for (const email of members) {
    await upsertMember(
      t.handle.store,
      groupId,
      { email, role: 'IAG Member', capacity: 'voting', displayName: null, organisationId: null },
      { actor: 'test', now: t.clock() },
    );
  }
  return {
    t,
    sink,
    mailer,
    deps,
    groupId,
    app: createApp({ store: t.handle.store, clock: t.clock, mailer, config }),
    dispatch: (at) => runDue(deps, new Date(at), { concurrency: 5 }),
    async createMeeting(input) {
      const res = await t.call('POST', '/api/events', {
        kind: 'meeting',
        title: 'Independent Advisory Group meeting',
        location: 'Milton Keynes College',
        groupId,
        visibility: 'partners',
        status: 'published',
        ...input,
      });
      if (res.status !== 201) throw new Error(`could not create the meeting: ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async close() {
      mailer.close();
      await sink.stop();
      await t.close();
    },
  };
}
