/**
 * @module Small service settings kept in the database (notify_settings): here, the public address
 * the server runs at, recorded when it starts, so the command line, which has no server of its
 * own, puts the same address in the links of the emails it sends.
 */
import type { Store } from './store.js';

/** The notify_settings row holding the address the server last recorded. */
export const PUBLIC_URL_SETTING = 'public_url';

/** Records the address the server is reached at (its PUBLIC_URL). */
export async function recordPublicUrl(store: Store, publicUrl: string): Promise<void> {
  await store.batch([
    store.db
      .insertInto('notify_settings')
      .values({ name: PUBLIC_URL_SETTING, value: publicUrl })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value: publicUrl }))
      .compile(),
  ]);
}

/** The address a server last recorded, or null when none has run on this database. */
export async function recordedPublicUrl(store: Store): Promise<string | null> {
  const row = await store.db.selectFrom('notify_settings').select('value').where('name', '=', PUBLIC_URL_SETTING).executeTakeFirst();
  return row?.value ?? null;
}
