import { env } from 'cloudflare:workers';
import { CompiledQuery } from 'kysely';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock.js';
import { createApp } from '../../src/http/app.js';
import { prepare } from '../../src/runtime/d1.js';
import { depsFromEnv } from '../../src/runtime/worker.js';
import { FEED_ENV } from './global-setup.js';

/** Feed paths with event ids and private tokens elided, for test names. */
const shown = (path: string) => path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}|sc[a-z]_[A-Za-z0-9_-]+/g, '…');

describe('calendar feeds served by the Worker from D1', () => {
  const calendar = inject('nodeCalendar');
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    // The same rows the Node server has, written by the same statements, into this Worker's D1.
    const statements = calendar.statements.map((s) => prepare(env.DB, CompiledQuery.raw(s.sql, s.parameters)));
    for (let i = 0; i < statements.length; i += 50) await env.DB.batch(statements.slice(i, i + 50));
    // The Worker's own wiring (D1 store, config from wrangler.toml vars), at the same moment as Node.
    const deps = depsFromEnv(env);
    expect(deps.config).toMatchObject({ publicUrl: FEED_ENV.PUBLIC_URL, partnershipName: FEED_ENV.PARTNERSHIP_NAME });
    app = createApp({ ...deps, clock: fixedClock(calendar.now) });
  });

  it('has the Node feeds to compare with: public, filtered, group, one event and a private partner feed', () => {
    expect(calendar.feeds.map((f) => [shown(f.path), f.status])).toEqual([
      ['/feeds/public.ics', 200],
      ['/feeds/public.ics?theme=C2', 200],
      ['/feeds/groups/iag.ics', 200],
      ['/feeds/events/….ics', 200],
      ['/feeds/private/….ics', 200],
    ]);
    expect(calendar.feeds[0]!.body).toContain('SUMMARY:National Hate Crime Awareness Week');
  });

  it.each(calendar.feeds.map((f) => [shown(f.path), f] as const))(
    'serves %s byte for byte as Node does, with the same ETag',
    async (_, node) => {
      const res = await app.request(`https://calendar.example.org${node.path}`);
      expect(res.status).toBe(node.status);
      const body = await res.text();
      expect(body).toBe(node.body);
      for (const name of Object.keys(node.headers))
        expect(`${name}: ${res.headers.get(name) ?? ''}`).toBe(`${name}: ${node.headers[name]}`);
    },
  );
});
