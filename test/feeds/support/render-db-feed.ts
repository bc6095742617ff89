/**
 * Serves /feeds/public.ics (and a filtered feed) from an existing database through the real app
 * and prints the bodies. Run in child processes with different TZ values. The database is the one
 * the environment names, as for the Node server: DATABASE_URL (PostgreSQL), else DATABASE_PATH.
 * usage: DATABASE_PATH=… node --import tsx render-db-feed.ts <now>
 */
import { configFromEnv } from '../../../src/config.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { createApp } from '../../../src/http/app.js';
import { openDatabase } from '../../../src/runtime/node-setup.js';

const [now] = process.argv.slice(2);
const handle = await openDatabase(process.env);
const app = createApp({
  store: handle.store,
  clock: fixedClock(now!),
  mailer: { send: async () => ({ id: 'unused' }) },
  config: configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' }),
});
const bodies: string[] = [];
for (const url of ['/feeds/public.ics', '/feeds/public.ics?kind=meeting,campaign_week&theme=C2']) {
  const res = await app.request(url);
  bodies.push(`${res.status} ${res.headers.get('etag')}\n${await res.text()}`);
}
process.stdout.write(bodies.join('\u0000'));
await handle.close();
