-- Migration number: 0008 	 meetings: capacities, quorum, agendas, documents, attendance, minutes, actions
-- Portable SQL (D1, better-sqlite3, later PostgreSQL). Every per-meeting record is keyed by
-- (event_id, occurrence) exactly as apologies and reminder_deliveries are: occurrence is the
-- RECURRENCE-ID of one date of a series (the UTC instant of its original start) or '' for a
-- one-off meeting. See docs/decisions.md ("Meetings").

-- In what capacity a member sits: 'voting' (a member with a vote), 'co-opted' (a member without a
-- vote: a co-opted or non-voting member), 'observer', 'officer' (officers and advisers).
ALTER TABLE group_members ADD COLUMN capacity TEXT NOT NULL DEFAULT 'voting'
  CHECK (capacity IN ('voting', 'co-opted', 'observer', 'officer'));

-- The quorum: a number of voting members ('3') or a fraction of them ('1/3', rounded up);
-- NULL when the group has no quorum rule. What the public may see of attendance.
ALTER TABLE groups ADD COLUMN quorum TEXT;
ALTER TABLE groups ADD COLUMN public_attendance TEXT NOT NULL DEFAULT 'capacities'
  CHECK (public_attendance IN ('names', 'capacities', 'none'));

-- One row per meeting that has anything recorded: the agenda's publication, who else attended,
-- the state of its minutes and, once approved, the meeting that approved them.
CREATE TABLE meetings (
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  agenda_published_at TEXT,
  -- How many times the agenda was sent to members (each sending is one outbox rule, agenda:<n>).
  agenda_revision INTEGER NOT NULL DEFAULT 0,
  others_present TEXT NOT NULL DEFAULT '',
  attendance_recorded_at TEXT,
  minutes_status TEXT NOT NULL DEFAULT 'none' CHECK (minutes_status IN ('none', 'draft', 'ready', 'approved')),
  minutes_revision INTEGER NOT NULL DEFAULT 0,
  minutes_ready_at TEXT,
  approved_by_event_id TEXT REFERENCES events (id) ON DELETE SET NULL,
  approved_by_occurrence TEXT,
  approved_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (event_id, occurrence)
);
CREATE INDEX meetings_approved_by ON meetings (approved_by_event_id, approved_by_occurrence);

-- Numbered agenda items. An exempt item (press and public excluded, e.g. under Schedule 12A of
-- the Local Government Act 1972) shows the public its number and reason only.
CREATE TABLE agenda_items (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  lead TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  exempt INTEGER NOT NULL DEFAULT 0 CHECK (exempt IN (0, 1)),
  exempt_reason TEXT NOT NULL DEFAULT '',
  minutes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX agenda_items_meeting ON agenda_items (event_id, occurrence, position);

-- Papers and minutes documents: a link, or a file kept through the storage port (files under the
-- data directory on Node, an R2 bucket on Workers) by storage_key.
CREATE TABLE meeting_documents (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  agenda_item_id TEXT REFERENCES agenda_items (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL CHECK (purpose IN ('paper', 'minutes')),
  title TEXT NOT NULL,
  url TEXT,
  storage_key TEXT,
  media_type TEXT,
  size_bytes INTEGER,
  file_name TEXT,
  created_at TEXT NOT NULL,
  CHECK ((url IS NOT NULL AND storage_key IS NULL) OR (url IS NULL AND storage_key IS NOT NULL))
);
CREATE INDEX meeting_documents_meeting ON meeting_documents (event_id, occurrence);
CREATE INDEX meeting_documents_item ON meeting_documents (agenda_item_id);

-- Attendance as the organiser recorded it; before that, apologies sent from the reminder's link
-- (the apologies table) stand. substitute: who stood in for this member, in words. capacity: the
-- capacity they sat in at this meeting (the record stays true if their membership changes later).
CREATE TABLE attendance (
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
  capacity TEXT NOT NULL CHECK (capacity IN ('voting', 'co-opted', 'observer', 'officer')),
  status TEXT NOT NULL CHECK (status IN ('present', 'apologies', 'absent')),
  substitute TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  PRIMARY KEY (event_id, occurrence, person_id)
);

-- Actions recorded against an agenda item. An open action is also a deadline event on the
-- calendar (deadline_event_id), written through the events repository in the same batch.
-- raised_at: the start (UTC) of the meeting that raised it, for "matters arising" at later ones.
CREATE TABLE meeting_actions (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  occurrence TEXT NOT NULL,
  group_id TEXT REFERENCES groups (id) ON DELETE CASCADE,
  agenda_item_id TEXT REFERENCES agenda_items (id) ON DELETE SET NULL,
  description TEXT NOT NULL,
  owner_person_id TEXT REFERENCES people (id) ON DELETE SET NULL,
  owner TEXT NOT NULL DEFAULT '',
  due_date TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'in-progress', 'done', 'withdrawn')),
  raised_at TEXT NOT NULL,
  completed_at TEXT,
  deadline_event_id TEXT REFERENCES events (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX meeting_actions_meeting ON meeting_actions (event_id, occurrence);
CREATE INDEX meeting_actions_group ON meeting_actions (group_id, raised_at);

-- The outbox gains two kinds of email: an agenda sent to members when it is published, and
-- minutes ready for approval. SQLite cannot change a CHECK constraint in place, so the table is
-- rebuilt with the same columns and indexes (it has no foreign keys in or out; 0005 added one, recreated at the end).
CREATE TABLE reminder_deliveries_new (
  id TEXT PRIMARY KEY,
  rule TEXT NOT NULL,
  event_id TEXT NOT NULL,
  occurrence TEXT NOT NULL,
  recipient TEXT NOT NULL,
  person_id TEXT,
  kind TEXT NOT NULL CHECK (kind IN ('reminder', 'update', 'cancellation', 'digest', 'apology', 'agenda', 'minutes')),
  due_at TEXT NOT NULL,
  occurrence_start TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  lease_until TEXT,
  claim_token TEXT,
  message_id TEXT,
  sequence INTEGER,
  told_start TEXT,
  told_location TEXT,
  payload TEXT NOT NULL DEFAULT '{}',
  last_error TEXT,
  sent_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
INSERT INTO reminder_deliveries_new (id, rule, event_id, occurrence, recipient, person_id, kind, due_at, occurrence_start, status,
  attempts, next_attempt_at, lease_until, claim_token, message_id, sequence, told_start, told_location, payload, last_error, sent_at,
  created_at, updated_at)
SELECT id, rule, event_id, occurrence, recipient, person_id, kind, due_at, occurrence_start, status,
  attempts, next_attempt_at, lease_until, claim_token, message_id, sequence, told_start, told_location, payload, last_error, sent_at,
  created_at, updated_at
FROM reminder_deliveries;
DROP TABLE reminder_deliveries;
ALTER TABLE reminder_deliveries_new RENAME TO reminder_deliveries;
CREATE UNIQUE INDEX reminder_deliveries_key ON reminder_deliveries (rule, event_id, occurrence, recipient);
CREATE INDEX reminder_deliveries_due ON reminder_deliveries (status, due_at);
CREATE INDEX reminder_deliveries_claim ON reminder_deliveries (claim_token);
CREATE INDEX reminder_deliveries_event ON reminder_deliveries (event_id, occurrence, recipient);
-- Migration 0005's index, which the rebuild above would otherwise drop.
CREATE INDEX reminder_deliveries_person ON reminder_deliveries (person_id, status);
