/**
 * A Node server asks itself for its public pages once before it listens (ADR 226), so whichever
 * visitor comes first after a restart does not pay for their first run. The warm-up must ask for
 * pages that exist (a renamed route would otherwise warm a 404 and nothing else), write nothing,
 * and never hold the start up for long.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WARM_UP_PATHS, warmUp } from '../../src/runtime/warm-up.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { WEB_NOW } from '../support/calendars.js';

describe('warming a server up before it listens', () => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('answers every page it warms with 200 and writes nothing to the calendar', async () => {
    t = await makeTestApp({ demo: true, now: WEB_NOW });
    const count = async (table: 'audit_log' | 'sessions' | 'mail_outbox' | 'events') =>
      Number(
        (
          await t.handle.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = {
      revision: t.handle.store.revision?.(),
      audit: await count('audit_log'),
      sessions: await count('sessions'),
      outbox: await count('mail_outbox'),
    };
    const report = await warmUp(t.app);
    expect(report.answers).toEqual(WARM_UP_PATHS.map((path) => ({ path, status: 200 })));
    expect({
      revision: t.handle.store.revision?.(),
      audit: await count('audit_log'),
      sessions: await count('sessions'),
      outbox: await count('mail_outbox'),
    }).toEqual(before);
  });

  it('stops asking once its time budget is spent, so a slow start is not made slower for long', async () => {
    t = await makeTestApp({ demo: true, now: WEB_NOW });
    const report = await warmUp(t.app, { budgetMs: 0 });
    // The first page is always asked for; the budget is checked before each of the others.
    expect(report.answers.map((a) => a.path)).toEqual([WARM_UP_PATHS[0]]);
  });
});
