/**
 * Several instances of safercal on one PostgreSQL database, in this test process: each instance
 * has its own pool (its own connections, its own Store.revision counter, its own feed cache), as
 * separate Node processes behind a load balancer would. For the node-on-postgres project only.
 */
import { configFromEnv } from '../../../src/config.js';
import { createToken } from '../../../src/db/tokens.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { createApp } from '../../../src/http/app.js';
import type { MailMessage } from '../../../src/notify/mailer.js';
import { nativeScrypt } from '../../../src/runtime/native-scrypt.js';
import { openPostgres, type PostgresHandle } from '../../../src/runtime/postgres.js';
import { createTestDatabase, type TestDatabase } from '../../support/postgres-databases.js';

export interface Instance {
  name: string;
  handle: PostgresHandle;
  app: ReturnType<typeof createApp>;
  sent: MailMessage[];
}

export interface SharedDatabase {
  database: TestDatabase;
  instances: Instance[];
  clock: ReturnType<typeof fixedClock>;
  /** An organiser's API token, valid on every instance. */
  token: string;
  close(): Promise<void>;
}

/**
 * A fresh migrated database and `count` instances on it, all seeing one client address (one visitor
 * behind a balancer). `clockSkewMs[i]`: how far instance i's clock is ahead of the shared one
 * (negative: behind), as machines whose clocks drift apart.
 */
export async function instancesOnOneDatabase(count: number, opts: { now?: string; clockSkewMs?: number[] } = {}): Promise<SharedDatabase> {
  const database = await createTestDatabase();
  const clock = fixedClock(opts.now ?? '2022-09-01T09:00:00Z');
  const config = configFromEnv({ PUBLIC_URL: 'https://calendar.example.org' });
  const instances: Instance[] = [];
  for (let i = 0; i < count; i++) {
    const handle = await openPostgres(database.url, { max: 4 });
    const sent: MailMessage[] = [];
    const mailer = {
      async send(message: MailMessage) {
        sent.push(message);
        return { id: `instance-${i}-${sent.length}` };
      },
    };
    const skew = opts.clockSkewMs?.[i] ?? 0;
    const own = skew === 0 ? clock : () => new Date(clock().getTime() + skew);
    const app = createApp({ store: handle.store, clock: own, mailer, config, scrypt: nativeScrypt, clientAddress: () => '198.51.100.7' });
    instances.push({ name: String.fromCharCode(65 + i), handle, app, sent });
  }
  const { token } = await createToken(instances[0]!.handle.store, 'test-organiser', 'organiser', { actor: 'test', now: clock() });
  return {
    database,
    instances,
    clock,
    token,
    async close() {
      for (const instance of instances) await instance.handle.close();
      await database.drop();
    },
  };
}
