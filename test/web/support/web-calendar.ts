/**
 * The calendar every web test starts from: the demo calendar seeded at WEB_NOW and one account per
 * role (ACCOUNTS). Seeded once per test run into each backend's `web` template by the projects'
 * globalSetup (ADR 108), and by startWebServer itself when there is none (another date, a script).
 */
import { getGroup } from '../../../src/db/directory.js';
import type { Store } from '../../../src/db/store.js';
import { createUser } from '../../../src/db/users.js';
import { fixedClock } from '../../../src/domain/clock.js';
import { hashPassword } from '../../../src/domain/password.js';
import { seedDemo } from '../../../src/demo/seed.js';
import { TEST_COST } from './cost.js';

/** 3 October 2022, 09:00 UTC: the week before National Hate Crime Awareness Week. */
export const WEB_NOW = '2022-10-03T09:00:00Z';

export const ACCOUNTS = {
  admin: { email: 'calendar-admin@example.org', password: 'correct horse battery staple' },
  organiser: { email: 'iag-secretary@example.org', password: 'advisory group secretary' },
  viewer: { email: 'partner-viewer@example.org', password: 'partner agency viewer' },
} as const;

/** Seeds the demo calendar and the ACCOUNTS (the organiser limited to the IAG) into an empty migrated store, dated `now` (UTC instant). */
export async function seedWebCalendar(store: Store, now: string): Promise<void> {
  const ctx = { actor: 'test-setup', now: fixedClock(now)() };
  await seedDemo(store, ctx);
  const iag = await getGroup(store, 'iag');
  const account = async (key: keyof typeof ACCOUNTS, role: 'admin' | 'organiser' | 'viewer', groupIds: string[]) =>
    createUser(
      store,
      { email: ACCOUNTS[key].email, role, passwordHash: await hashPassword(ACCOUNTS[key].password, TEST_COST), groupIds },
      ctx,
    );
  await account('admin', 'admin', []);
  await account('organiser', 'organiser', [iag!.id]);
  await account('viewer', 'viewer', []);
}
