/** @module A pass every minute on Node (node-cron), never two at once, stoppable after the one in progress. */
import cron from 'node-cron';

/** Runs `pass` every minute; a failure is logged as "<name> pass failed: …". Returns a stop function. */
export function everyMinute(name: string, pass: () => Promise<unknown>, log: (line: string) => void): () => Promise<void> {
  let running: Promise<unknown> | null = null;
  const task = cron.schedule(
    '* * * * *',
    async () => {
      if (running) return;
      running = pass().catch((error: unknown) => {
        log(`${name} pass failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      await running;
      running = null;
    },
    { noOverlap: true, name },
  );
  return async () => {
    await task.stop();
    await running;
  };
}
