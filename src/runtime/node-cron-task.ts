/**
 * @module A pass every minute on Node (node-cron), never two at once, stoppable after the one in
 * progress, on UTC minutes whatever the server's TZ.
 *
 * Why UTC twice (issue 10, ADR 97): node-cron 4 reads wall-clock time in the process's zone unless
 * given one, and on a server set to Europe/London its walk through the repeated October hour found
 * no minute between 00:00 and 02:00 UTC. Its `timezone: 'UTC'` option fixes that walk, but not its
 * heartbeat: each beat truncates "now" with `Date#setMilliseconds(0)`, a local-time setter, and in
 * the repeated hour (01:00–02:00 UTC) ECMAScript resolves the ambiguous local time to the earlier
 * instant, an hour back, so the beat sees its minute as an hour away, re-arms with a zero delay and
 * spins for that hour without running a pass. Only a process zone without clock changes avoids it,
 * so the Node runtime runs in UTC: nothing in safercal reads the process zone (UK times are always
 * computed in Europe/London explicitly; test/feeds/server-time-zone.test.ts checks the feeds).
 */
import cron from 'node-cron';

/**
 * Puts this process on UTC (process.env.TZ; Node applies it at once). Idempotent. Called before a
 * schedule is made, and by the Node entry point at start, so logs and schedules agree.
 */
export function useUtcProcessZone(): void {
  if (process.env.TZ !== 'UTC') process.env.TZ = 'UTC';
}

/**
 * Runs `pass` every minute (or every `seconds`, a divisor of 60, for a shorter tick); a failure is
 * logged as "<name> pass failed: …". Returns a stop function.
 */
export function everyMinute(name: string, pass: () => Promise<unknown>, log: (line: string) => void, seconds = 60): () => Promise<void> {
  useUtcProcessZone();
  let running: Promise<unknown> | null = null;
  const task = cron.schedule(
    seconds < 60 ? `*/${seconds} * * * * *` : '* * * * *',
    async () => {
      if (running) return;
      running = pass().catch((error: unknown) => {
        log(`${name} pass failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      await running;
      running = null;
    },
    { noOverlap: true, name, timezone: 'UTC' },
  );
  return async () => {
    await task.stop();
    await running;
  };
}

/**
 * REMINDER_INTERVAL_SECONDS: how often the reminder pass runs, in seconds dividing a minute
 * (default 60). Shorter ticks send sooner after a reminder falls due; every instance sharing a
 * database ticks on its own, and claims keep them from sending one email twice. Throws naming the
 * variable for anything else.
 */
export function reminderIntervalSeconds(env: NodeJS.ProcessEnv): number {
  const text = env.REMINDER_INTERVAL_SECONDS;
  if (text === undefined || text === '') return 60;
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60 || 60 % seconds !== 0) {
    throw new Error(`REMINDER_INTERVAL_SECONDS must be a whole number of seconds that divides a minute, like 10, 30 or 60 (got "${text}")`);
  }
  return seconds;
}
