/**
 * Serves /feeds/public.ics (and a filtered feed) from an existing SQLite file through the real
 * app and prints the bodies. Run in child processes with different TZ values.
 * usage: node --import tsx render-db-feed.ts <database> <now>
 */
import { configFromEnv } from '../../../src/config.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { createApp } from '../../../src/http/app.js';
import { openSqlite } from '../../../src/runtime/sqlite.js';

const [path, now] = process.argv.slice(2);
const handle = openSqlite(path!);
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
