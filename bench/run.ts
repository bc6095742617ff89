/**
 * `npm run bench [feeds|reminders|recurrence|scale|all]`: runs each benchmark in its own Node process (so one's
 * servers, caches and JIT state cannot flatter or slow the other) and stops at the first failure.
 * A benchmark is bench/<name>.ts, run as a script; missing ones are reported and skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const KNOWN = ['feeds', 'reminders', 'recurrence', 'scale', 'instances', 'series-clashes'] as const;
const [which = 'all', ...rest] = process.argv.slice(2);
if (which !== 'all' && !(KNOWN as readonly string[]).includes(which)) {
  console.error(`usage: npm run bench [${KNOWN.join('|')}|all] [benchmark options]`);
  process.exit(2);
}
const names = which === 'all' ? [...KNOWN] : [which];
for (const name of names) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) {
    console.log(`(bench/${name}.ts is not there yet; skipped)`);
    continue;
  }
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file, ...rest], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`bench/${name}.ts failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}
