/**
 * The calendars test files start from, seeded once per run into each backend's templates by the
 * projects' globalSetup (ADR 108): `demo` is what `makeTestApp({ demo: true, now: WEB_NOW })`
 * seeds, `demoAtTestAppNow` what `makeTestApp({ demo: true })` seeds at its default date, `web` what
 * `startWebServer()` seeds. A file asking for another date seeds its own.
 */
import type { Store } from '../../src/db/store.js';
import { seedDemo } from '../../src/demo/seed.js';
import { fixedClock } from '../../src/domain/clock.js';
import { seedWebCalendar, WEB_NOW } from '../web/support/web-calendar.js';

export { WEB_NOW };

/** The demo calendar as makeTestApp seeds it (actor 'demo-data'), dated `now` (UTC instant). */
export async function seedDemoCalendar(store: Store, now: string): Promise<void> {
  await seedDemo(store, { actor: 'demo-data', now: fixedClock(now)() });
}

/** makeTestApp's clock when a test names none (UTC instant): the feeds suites' demo calendar is dated so. */
export const TEST_APP_NOW = '2022-09-01T09:00:00Z';

/** What each seeded template holds, on an empty migrated store, dated WEB_NOW (`demoAtTestAppNow`: TEST_APP_NOW). */
export const CALENDARS = {
  demo: (store: Store) => seedDemoCalendar(store, WEB_NOW),
  demoAtTestAppNow: (store: Store) => seedDemoCalendar(store, TEST_APP_NOW),
  web: (store: Store) => seedWebCalendar(store, WEB_NOW),
};
export type CalendarName = keyof typeof CALENDARS;
