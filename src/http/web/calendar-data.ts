/** @module What the calendar pages read besides occurrences (src/occurrences): names for ids. */
import { listGroups, listOrganisations } from '../../db/directory.js';
import type { Store } from '../../db/store.js';

/** An occurrence with its event: what the pages list (read from the occurrence index). */
export type { Dated } from '../../occurrences/index.js';

export interface Names {
  organisations: Map<string, string>;
  groups: Map<string, { name: string; slug: string }>;
}

export async function directoryNames(store: Store): Promise<Names> {
  const [organisations, groups] = await Promise.all([listOrganisations(store), listGroups(store)]);
  return {
    organisations: new Map(organisations.map((o) => [o.id, o.name])),
    groups: new Map(groups.map((g) => [g.id, { name: g.name, slug: g.slug }])),
  };
}
