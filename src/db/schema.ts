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
  // The occurrence index's bookkeeping (migration 0005; src/occurrences).
  first_start: string | null;
  last_end: string | null;
  indexed_from: string | null;
  indexed_until: string | null;
  index_version: number | null;
}

/** One occurrence of an event (migration 0005): see migrations/0005_occurrence_index.sql. */
export interface EventOccurrencesTable {
  event_id: string;
  recurrence_id: string;
  start_at: string;
  end_at: string;
  start_date: string | null;
  end_date: string | null;
  start_day: string;
  end_day: string;
  state: 'scheduled' | 'moved' | 'cancelled';
  location: string | null;
  clock_change: string | null;
  long_running: number;
  kind: string;
  status: string;
  visibility: string;
  group_id: string | null;
  organisation_id: string | null;
  parent_id: string | null;
}

/** Re-planning queue (migration 0005): filled by triggers, drained by src/notify/plan.ts. */
export interface PlanQueueTable {
  scope: 'event' | 'person' | 'group';
  id: string;
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

export interface UsersTable {
  id: string;
  email: string;
  password_hash: string;
  role: string;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

export interface UserGroupsTable {
  user_id: string;
  group_id: string;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface LoginAttemptsTable {
  id: string;
  email: string;
  client: string | null;
  at: string;
  succeeded: number;
}

export interface D1MigrationsTable {
  id: Generated<number>;
  name: string;
  applied_at: Generated<string>;
}

// Reminders (migration 0003): see migrations/0003_reminders.sql.
export interface ReminderSubscriptionsTable {
  id: string;
  person_id: string;
  topic: string;
  lead_times: string | null;
  paused: number;
  unsubscribed_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReminderPreferencesTable {
  person_id: string;
  paused: number;
  unsubscribed_at: string | null;
  updated_at: string;
}

export interface ReminderRulesTable {
  scope: string;
  scope_id: string;
  lead_times: string;
  updated_at: string;
}

export interface ReminderDeliveriesTable {
  id: string;
  rule: string;
  event_id: string;
  occurrence: string;
  recipient: string;
  person_id: string | null;
  kind: string;
  due_at: string;
  occurrence_start: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  lease_until: string | null;
  claim_token: string | null;
  message_id: string | null;
  sequence: number | null;
  told_start: string | null;
  told_location: string | null;
  payload: string;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApologiesTable {
  event_id: string;
  occurrence: string;
  person_id: string;
  note: string;
  created_at: string;
}

export interface MailOutboxTable {
  id: string;
  message_id: string;
  sender: string;
  recipients: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: string;
  calendar: string | null;
  created_at: string;
}

export interface NotifySettingsTable {
  name: string;
  value: string;
}

/** Private feed tokens (migration 0002): only the SHA-256 of the token is stored. */
export interface FeedSubscriptionsTable {
  id: string;
  token_hash: string;
  label: string;
  organisation_id: string | null;
  email: string | null;
  created_by: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** "Forgot password" links (migration 0007): only the SHA-256 of the token is stored. */
export interface PasswordResetTokensTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Short stable ids for feed filter choices (migration 0007). */
export interface FeedFilterSetsTable {
  id: string;
  query: string;
  created_at: string;
}

// Publish and exchange (migration 0009): see migrations/0009_publish.sql.
/** Where an imported or synced event came from: source ('import' or 'sync:<feed id>') and UID. */
export interface EventOriginsTable {
  event_id: string;
  source: string;
  uid: string;
  sequence: number;
  modified: string | null;
  created_at: string;
  updated_at: string;
}

export interface CalendarImportsTable {
  id: string;
  source_kind: string;
  source_label: string;
  content: string;
  choices: string;
  created_by: string;
  created_at: string;
  applied_at: string | null;
  applied_by: string | null;
  outcome: string | null;
}

export interface SyncedFeedsTable {
  id: string;
  url: string;
  label: string;
  choices: string;
  interval_minutes: number;
  etag: string | null;
  last_modified: string | null;
  next_run_at: string;
  lease_until: string | null;
  claim_token: string | null;
  last_run_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  failures: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface SyncRunsTable {
  id: string;
  feed_id: string;
  started_at: string;
  finished_at: string;
  outcome: string;
  http_status: number | null;
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
  skipped: number;
  problems: string;
  error: string | null;
}

export interface Database {
  feed_subscriptions: FeedSubscriptionsTable;
  organisations: OrganisationsTable;
  groups: GroupsTable;
  people: PeopleTable;
  group_members: GroupMembersTable;
  events: EventsTable;
  event_themes: EventThemesTable;
  event_exceptions: EventExceptionsTable;
  event_occurrences: EventOccurrencesTable;
  plan_queue: PlanQueueTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  d1_migrations: D1MigrationsTable;
  users: UsersTable;
  user_groups: UserGroupsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  reminder_subscriptions: ReminderSubscriptionsTable;
  reminder_preferences: ReminderPreferencesTable;
  reminder_rules: ReminderRulesTable;
  reminder_deliveries: ReminderDeliveriesTable;
  apologies: ApologiesTable;
  mail_outbox: MailOutboxTable;
  notify_settings: NotifySettingsTable;
  password_reset_tokens: PasswordResetTokensTable;
  feed_filter_sets: FeedFilterSetsTable;
  event_origins: EventOriginsTable;
  calendar_imports: CalendarImportsTable;
  synced_feeds: SyncedFeedsTable;
  sync_runs: SyncRunsTable;
}
