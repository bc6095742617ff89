/** @module The database as Kysely sees it: one interface per table, columns as stored (snake_case, 0/1, ISO text). */
import type { ColumnType, Generated } from 'kysely';

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
  /** Migration 0008: '3' or '1/3' of voting members; null for no rule. */
  quorum: Generated<string | null>;
  /** Migration 0008: 'names' | 'capacities' | 'none'. */
  public_attendance: Generated<string>;
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
  /** Migration 0008: 'voting' | 'co-opted' | 'observer' | 'officer'. */
  capacity: Generated<string>;
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
  /** The organiser's reason for cancelling (migration 0012); '' when none. */
  cancel_reason: string;
  /** The organiser's reason for the last change of time, date, venue or rule (migration 0015); '' when none. */
  change_reason: string;
  /** The number of this event's latest change, from change_counter, set by the database (migration 0016, ADR 141). */
  change_no: ColumnType<number, never, never>;
  /** What became of an activity when its campaign week was cancelled (migration 0012, ADR 95). */
  parent_outcome: string;
  /** The RECURRENCE-ID of the week's date whose cancel set parent_outcome; '' for the whole week (migration 0027, ADR 210). */
  parent_date: ColumnType<string, string | undefined, string>;
  /** The event this one continues after a "this and following dates" edit (migration 0010). */
  split_from: string | null;
  /** 1 when this event is a later part of the series split_from names (migration 0017, ADR 128); 0 for a moved date kept as a one-off. */
  continues: number;
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

/** What a told occurrence has become after a series edit (migration 0010; src/series). */
export interface OccurrenceAliasesTable {
  event_id: string;
  recurrence_id: string;
  current_event_id: string | null;
  current_recurrence_id: string | null;
  reason: string;
  created_at: string;
}

/**
 * A key a meeting date had before a series edit re-dated it, and the key it has now (migration 0029,
 * ADR 296): every such key, whether or not anyone was told of it, for old meeting addresses.
 */
export interface FormerMeetingKeysTable {
  event_id: string;
  recurrence_id: string;
  current_event_id: string;
  /** '' when the date became a one-off event. */
  current_recurrence_id: string;
  created_at: string;
}

/**
 * The reason of a date's latest change when it was of that date alone, such as a move removed
 * (migration 0026, ADR 201); deleted by every change of the event itself.
 */
export interface DateChangeReasonsTable {
  event_id: string;
  /** The date's RECURRENCE-ID as the event's exceptions store it. */
  recurrence_id: string;
  reason: string;
  created_at: string;
}

/** Re-planning queue (migration 0005): filled by triggers, drained by src/notify/plan.ts. */
/** One row (id 1): the number of the latest change to events, groups or organisations (migration 0016, ADR 141). */
export interface ChangeCounterTable {
  id: number;
  n: number;
}

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
  /** A cancelled date that had been moved: the move's note, which its restore brings back; '' otherwise (migration 0028, ADR 287). */
  move_note: string;
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
  /** 'password' (a password typed) or 'link' (a sign-in link asked for); migration 0006. */
  kind: ColumnType<string, string | undefined, string>;
}

/** E-mailed one-time sign-in links (migration 0006): only the token's SHA-256 is kept. */
export interface SignInLinksTable {
  token_hash: string;
  user_id: string;
  client: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  claim: string | null;
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
  /** The order deliveries were marked sent in, by the database (migration 0017, ADR 129); NULL before it. */
  sent_no: number | null;
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

// Meetings (migration 0008): every per-meeting record is keyed by (event_id, occurrence).
export interface MeetingsTable {
  event_id: string;
  occurrence: string;
  agenda_published_at: string | null;
  agenda_revision: number;
  others_present: string;
  attendance_recorded_at: string | null;
  minutes_status: string;
  minutes_revision: number;
  minutes_ready_at: string | null;
  approved_by_event_id: string | null;
  approved_by_occurrence: string | null;
  approved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AgendaItemsTable {
  id: string;
  event_id: string;
  occurrence: string;
  position: number;
  title: string;
  lead: string;
  description: string;
  exempt: number;
  exempt_reason: string;
  minutes: string;
  created_at: string;
  updated_at: string;
}

export interface MeetingDocumentsTable {
  id: string;
  event_id: string;
  occurrence: string;
  agenda_item_id: string | null;
  purpose: string;
  title: string;
  url: string | null;
  storage_key: string | null;
  media_type: string | null;
  size_bytes: number | null;
  file_name: string | null;
  created_at: string;
}

export interface AttendanceTable {
  event_id: string;
  occurrence: string;
  person_id: string;
  capacity: string;
  status: string;
  substitute: string;
  note: string;
  updated_at: string;
}

export interface MeetingActionsTable {
  id: string;
  event_id: string;
  occurrence: string;
  group_id: string | null;
  agenda_item_id: string | null;
  description: string;
  owner_person_id: string | null;
  owner: string;
  due_date: string;
  status: string;
  raised_at: string;
  completed_at: string | null;
  deadline_event_id: string | null;
  created_at: string;
  updated_at: string;
}

/** Kept VEVENT text per event (migration 0011): bookkeeping of src/feeds/fragments.ts. */
export interface FeedFragmentsTable {
  event_id: string;
  inputs: string;
  tzids: string;
  ics: string;
  written_at: string;
}

/** Feed inputs outside the calendar tables and when each last changed (migration 0011). */
export interface FeedStateTable {
  name: string;
  value: string;
  changed_at: string;
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
  feed_fragments: FeedFragmentsTable;
  feed_state: FeedStateTable;
  organisations: OrganisationsTable;
  groups: GroupsTable;
  people: PeopleTable;
  group_members: GroupMembersTable;
  events: EventsTable;
  event_themes: EventThemesTable;
  event_exceptions: EventExceptionsTable;
  event_occurrences: EventOccurrencesTable;
  occurrence_aliases: OccurrenceAliasesTable;
  former_meeting_keys: FormerMeetingKeysTable;
  date_change_reasons: DateChangeReasonsTable;
  plan_queue: PlanQueueTable;
  change_counter: ChangeCounterTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
  d1_migrations: D1MigrationsTable;
  users: UsersTable;
  user_groups: UserGroupsTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  sign_in_links: SignInLinksTable;
  reminder_subscriptions: ReminderSubscriptionsTable;
  reminder_preferences: ReminderPreferencesTable;
  reminder_rules: ReminderRulesTable;
  reminder_deliveries: ReminderDeliveriesTable;
  apologies: ApologiesTable;
  mail_outbox: MailOutboxTable;
  notify_settings: NotifySettingsTable;
  password_reset_tokens: PasswordResetTokensTable;
  feed_filter_sets: FeedFilterSetsTable;
  meetings: MeetingsTable;
  agenda_items: AgendaItemsTable;
  meeting_documents: MeetingDocumentsTable;
  attendance: AttendanceTable;
  meeting_actions: MeetingActionsTable;
  event_origins: EventOriginsTable;
  calendar_imports: CalendarImportsTable;
  synced_feeds: SyncedFeedsTable;
  sync_runs: SyncRunsTable;
}
