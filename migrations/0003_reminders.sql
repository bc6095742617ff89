-- Migration number: 0003 	 reminders: subscriptions, rule overrides, the delivery outbox, apologies, kept emails
-- Portable SQL (D1 and better-sqlite3). See docs/decisions.md ("Reminders") for why the outbox looks like this.

-- What a person has asked to be reminded of. Members of a group get its meeting reminders without a
-- row here; a row with topic 'group:<id>' and unsubscribed_at set is how a member opts out.
-- topic: 'group:<group id>' | 'kind:<event kind>' | 'theme:<theme>' | 'digest'
CREATE TABLE reminder_subscriptions (
  id TEXT PRIMARY KEY,
  person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  -- JSON array of lead times like ["7d","1d"]; NULL means the event's (or its group's, or its kind's) rule
  lead_times TEXT,
  paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  unsubscribed_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX reminder_subscriptions_topic ON reminder_subscriptions (person_id, topic);
CREATE INDEX reminder_subscriptions_by_topic ON reminder_subscriptions (topic);

-- Per-person switches: pause everything, or unsubscribe from everything (one-click unsubscribe).
CREATE TABLE reminder_preferences (
  person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
  paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  unsubscribed_at TEXT,
  updated_at TEXT NOT NULL
);

-- Organisers' overrides of the default lead times, per event or per group ('[]' = no reminders).
CREATE TABLE reminder_rules (
  scope TEXT NOT NULL CHECK (scope IN ('event', 'group')),
  scope_id TEXT NOT NULL,
  lead_times TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (scope, scope_id)
);

-- The outbox: one row per email we intend to send. The UNIQUE key (rule, event, occurrence,
-- recipient) makes planning idempotent: planning twice inserts nothing the second time.
-- occurrence is the occurrence's RECURRENCE-ID ('' for a one-off event, the week for a digest).
-- A dispatcher claims rows with one conditional UPDATE (status 'sending', a claim token and a lease).
CREATE TABLE reminder_deliveries (
  id TEXT PRIMARY KEY,
  rule TEXT NOT NULL,
  event_id TEXT NOT NULL,
  occurrence TEXT NOT NULL,
  recipient TEXT NOT NULL,
  person_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('reminder', 'update', 'cancellation', 'digest', 'apology')),
  due_at TEXT NOT NULL,
  occurrence_start TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  lease_until TEXT,
  claim_token TEXT,
  message_id TEXT,
  -- the event's SEQUENCE and the occurrence's start and place as this email told them
  sequence INTEGER,
  told_start TEXT,
  told_location TEXT,
  payload TEXT NOT NULL DEFAULT '{}',
  last_error TEXT,
  sent_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX reminder_deliveries_key ON reminder_deliveries (rule, event_id, occurrence, recipient);
CREATE INDEX reminder_deliveries_due ON reminder_deliveries (status, due_at);
CREATE INDEX reminder_deliveries_claim ON reminder_deliveries (claim_token);
CREATE INDEX reminder_deliveries_event ON reminder_deliveries (event_id, occurrence, recipient);

-- Apologies for one occurrence of a meeting, sent from the link in a reminder.
CREATE TABLE apologies (
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  PRIMARY KEY (event_id, occurrence, person_id)
);

-- Emails kept by the built-in outbox mailer (used when no SMTP server is configured).
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  message_id TEXT NOT NULL,
  sender TEXT NOT NULL,
  recipients TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  headers TEXT NOT NULL DEFAULT '{}',
  calendar TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX mail_outbox_created ON mail_outbox (created_at);

-- Small service settings; holds the generated signing key for email links when SECRET_KEY is unset.
CREATE TABLE notify_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
