/**
 * Every workerd suite starts from the real migrations/ files applied to an empty local D1. The
 * project's files share one workerd per worker process (`isolate: false`, ADR 263), so the rows an
 * earlier file wrote are deleted first: each file still starts from a migrated database holding
 * nothing, as with a workerd of its own.
 */
import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

const { results: tables = [] } = await env.DB.prepare(
  // The migrations' ledger stays; sqlite_ and _cf_ tables are SQLite's and D1's own, and the search
  // index's shadow tables are emptied through the index itself.
  `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'
     AND name <> 'd1_migrations' AND name NOT LIKE 'event_search_%' ORDER BY name`,
).all<{ name: string }>();
// One batch (D1's one transaction) with foreign keys checked at its end, and plan_queue last:
// deleting members, subscriptions and rules queues their people again.
const names = tables.map((t) => t.name).sort((a, b) => Number(a === 'plan_queue') - Number(b === 'plan_queue'));
await env.DB.batch([
  env.DB.prepare('PRAGMA defer_foreign_keys = on'),
  ...names.map((name) => env.DB.prepare(`DELETE FROM "${name}"`)),
  env.DB.prepare('DELETE FROM event_search_keys'),
]);
