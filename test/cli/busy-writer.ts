/**
 * A second process writing to the calendar as the server does (the real repository code, one
 * Store batch per event), for the backup test: `node --import tsx test/cli/busy-writer.ts` with
 * DATABASE_PATH set. Prints the running count of events it has added; stops on SIGTERM.
 */
import { createEvent } from '../../src/db/events.js';
import { validateEventInput } from '../../src/domain/event-input.js';
import { openSqlite } from '../../src/runtime/sqlite.js';

const handle = openSqlite(process.env.DATABASE_PATH!);
let stopping = false;
process.on('SIGTERM', () => (stopping = true));

let added = 0;
while (!stopping) {
  const fields = validateEventInput({
    kind: 'activity',
    title: `Partner stall ${added + 1}`,
    start: '2026-10-14',
    themes: ['C2', 'hate crime'],
  });
  if (!fields.ok) throw new Error(JSON.stringify(fields.errors));
  await createEvent(handle.store, fields.value, { actor: 'busy-writer', now: new Date() });
  added++;
  console.log(added);
  await new Promise((resolve) => setTimeout(resolve, 2));
}
await handle.close();
