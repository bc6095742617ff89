/** @module The database as Kysely sees it: one interface per table, columns as stored (snake_case, 0/1, ISO text). */
import type { Generated } from 'kysely';

export interface OrganisationsTable {
  id: string;
  name: string;
  kind: string;
  website: string | null;
  email: string | null;
  created_at: string;
  updated_at: string;
}

export interface GroupsTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  organisation_id: string | null;
  organiser_email: string | null;
  created_at: string;
  updated_at: string;
}

export interface PeopleTable {
  id: string;
  email: string;
  display_name: string | null;
  organisation_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface GroupMembersTable {
  group_id: string;
  person_id: string;
  role: string;
  created_at: string;
}

export interface EventsTable {
  id: string;
  kind: string;
  title: string;
  description: string;
  location: string;
  links: string;
  all_day: number;
  start_date: string | null;
  end_date: string | null;
  starts_at: string | null;
  ends_at: string | null;
  timezone: string;
  rrule: string | null;
  organisation_id: string | null;
  group_id: string | null;
  parent_id: string | null;
  visibility: string;
  status: string;
  sequence: number;
  created_at: string;
  updated_at: string;
  cancelled_at: string | null;
}

export interface EventThemesTable {
  event_id: string;
  theme: string;
}

export interface EventExceptionsTable {
  event_id: string;
  recurrence_id: string;
  kind: string;
  start_date: string | null;
  end_date: string | null;
  starts_at: string | null;
  ends_at: string | null;
  location: string | null;
  note: string;
  created_at: string;
  updated_at: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  role: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string;
  changes: string;
}

export interface D1MigrationsTable {
  id: Generated<number>;
  name: string;
  applied_at: Generated<string>;
}

export interface Database {
  organisations: OrganisationsTable;
  groups: GroupsTable;
  people: PeopleTable;
  group_members: GroupMembersTable;
  events: EventsTable;
  event_themes: EventThemesTable;
  event_exceptions: EventExceptionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  d1_migrations: D1MigrationsTable;
}
