-- Migration number: 0005 	 occurrence index: each event's dated occurrences over a rolling horizon
-- Why: pages, lists and reminder planning used to expand every recurring series from its first date
-- on every request (16 s of CPU for the home page at 10,000 events). CalDAV servers keep an index of
-- occurrences instead (SabreDAV's calendarobjects.firstoccurence/lastoccurence, Nextcloud the same);
-- we keep one row per occurrence, written in the same batch as the event, and read pages with
-- ORDER BY start_at LIMIT n. See docs/decisions.md ("The occurrence index").

-- Series bounds and how far this event's rows reach. first_start/last_end are UTC instants (all-day
-- events: local midnight of the first day / of the day after the last); last_end is NULL for an
-- endless series. indexed_from/indexed_until is the instant range in which every occurrence of the
-- event has its row ('0000…'/'9999…' once the whole series is in); index_version is the version of
-- the expansion rules that wrote the rows (NULL: not indexed yet; src/occurrences/version.ts).
ALTER TABLE events ADD COLUMN first_start TEXT;
ALTER TABLE events ADD COLUMN last_end TEXT;
ALTER TABLE events ADD COLUMN indexed_from TEXT;
ALTER TABLE events ADD COLUMN indexed_until TEXT;
ALTER TABLE events ADD COLUMN index_version INTEGER;
-- Until the scheduler indexes them (src/occurrences/maintain.ts), existing events sort by their own start.
UPDATE events SET first_start = CASE WHEN all_day = 1 THEN start_date || 'T00:00:00Z' ELSE starts_at END;
CREATE INDEX events_first_start ON events (first_start, id);
CREATE INDEX events_status_first_start ON events (status, first_start);
CREATE INDEX events_index_version ON events (index_version);
CREATE INDEX events_indexed_until ON events (indexed_until);
CREATE INDEX events_indexed_from ON events (indexed_from);

-- One row per occurrence: recurrence_id is the RECURRENCE-ID ('' for a one-off event); a moved date
-- is a row at its new time (state 'moved'), a cancelled one a row at its original time (state
-- 'cancelled', which reads leave out). start_at/end_at are UTC instants, end exclusive; all-day rows
-- also keep their inclusive local dates; start_day/end_day are the local (UK) days it starts and
-- ends on, inclusive, so a month grid groups by day in SQL. long_running marks rows longer than 8 days, so "what is
-- still running at T" is two short index ranges, never a scan of everything that started before T.
-- kind … parent_id are copies of the event's columns, rewritten with the rows on every change, so a
-- filtered page is one index range scan with no join.
CREATE TABLE event_occurrences (
  event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  recurrence_id TEXT NOT NULL,
  start_at TEXT NOT NULL,
  end_at TEXT NOT NULL,
  start_date TEXT,
  end_date TEXT,
  start_day TEXT NOT NULL,
  end_day TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('scheduled', 'moved', 'cancelled')),
  location TEXT,
  -- 'skipped' or 'repeated' when a clock change moved the series' usual local time on this date (RFC 5545 §3.3.5)
  clock_change TEXT,
  long_running INTEGER NOT NULL CHECK (long_running IN (0, 1)),
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  visibility TEXT NOT NULL,
  group_id TEXT,
  organisation_id TEXT,
  parent_id TEXT,
  PRIMARY KEY (event_id, recurrence_id)
);
CREATE INDEX event_occurrences_start ON event_occurrences (start_at, event_id, recurrence_id);
CREATE INDEX event_occurrences_event_start ON event_occurrences (event_id, start_at);
CREATE INDEX event_occurrences_long ON event_occurrences (long_running, end_at);
CREATE INDEX event_occurrences_kind_start ON event_occurrences (kind, start_at);
CREATE INDEX event_occurrences_group_start ON event_occurrences (group_id, start_at);

-- Reminder planning proportional to change: every write that can change who is reminded of what
-- queues what it touched (an event, a person, a group), and the scheduler re-plans only those.
-- Triggers rather than code in each repository, so every writer (API, pages, CLI, imports, other
-- processes) queues its changes without having to remember to. (Not INSERT OR IGNORE: inside a
-- trigger the conflict policy of the statement that fired it wins, and an upsert would then fail.) The bookkeeping columns the index
-- keeps on events (first_start … index_version) are left out: rolling the index forward is no change.
CREATE TABLE plan_queue (
  scope TEXT NOT NULL CHECK (scope IN ('event', 'person', 'group')),
  id TEXT NOT NULL,
  PRIMARY KEY (scope, id)
);

CREATE TRIGGER plan_queue_event_insert AFTER INSERT ON events
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'event', NEW.id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'event' AND id = NEW.id); END;
CREATE TRIGGER plan_queue_event_update AFTER UPDATE OF kind, title, description, location, links, all_day, start_date, end_date,
  starts_at, ends_at, timezone, rrule, organisation_id, group_id, parent_id, visibility, status, sequence, updated_at, cancelled_at ON events
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'event', NEW.id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'event' AND id = NEW.id); END;

CREATE TRIGGER plan_queue_member_insert AFTER INSERT ON group_members
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'person', NEW.person_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'person' AND id = NEW.person_id); END;
CREATE TRIGGER plan_queue_member_update AFTER UPDATE ON group_members
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'person', NEW.person_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'person' AND id = NEW.person_id); END;
CREATE TRIGGER plan_queue_member_delete AFTER DELETE ON group_members
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'person', OLD.person_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'person' AND id = OLD.person_id); END;

CREATE TRIGGER plan_queue_person_update AFTER UPDATE OF email, organisation_id ON people
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'person', NEW.id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'person' AND id = NEW.id); END;

CREATE TRIGGER plan_queue_subscription_insert AFTER INSERT ON reminder_subscriptions
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'person', NEW.person_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'person' AND id = NEW.person_id); END;
CREATE TRIGGER plan_queue_subscription_update AFTER UPDATE ON reminder_subscriptions
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'person', NEW.person_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'person' AND id = NEW.person_id); END;
CREATE TRIGGER plan_queue_subscription_delete AFTER DELETE ON reminder_subscriptions
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'person', OLD.person_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'person' AND id = OLD.person_id); END;

CREATE TRIGGER plan_queue_preference_insert AFTER INSERT ON reminder_preferences
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'person', NEW.person_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'person' AND id = NEW.person_id); END;
CREATE TRIGGER plan_queue_preference_update AFTER UPDATE ON reminder_preferences
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'person', NEW.person_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'person' AND id = NEW.person_id); END;
CREATE TRIGGER plan_queue_preference_delete AFTER DELETE ON reminder_preferences
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'person', OLD.person_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = 'person' AND id = OLD.person_id); END;

CREATE TRIGGER plan_queue_rule_insert AFTER INSERT ON reminder_rules
BEGIN INSERT INTO plan_queue (scope, id) SELECT NEW.scope, NEW.scope_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = NEW.scope AND id = NEW.scope_id); END;
CREATE TRIGGER plan_queue_rule_update AFTER UPDATE ON reminder_rules
BEGIN INSERT INTO plan_queue (scope, id) SELECT NEW.scope, NEW.scope_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = NEW.scope AND id = NEW.scope_id); END;
CREATE TRIGGER plan_queue_rule_delete AFTER DELETE ON reminder_rules
BEGIN INSERT INTO plan_queue (scope, id) SELECT OLD.scope, OLD.scope_id WHERE NOT EXISTS (SELECT 1 FROM plan_queue WHERE scope = OLD.scope AND id = OLD.scope_id); END;

-- Deliveries by person, for re-planning one person's reminders.
CREATE INDEX reminder_deliveries_person ON reminder_deliveries (person_id, status);

-- Searching titles, descriptions and places by any part of a word: an FTS5 trigram index (SQLite
-- 3.34+, D1), so a search for a rare word reads its matches instead of every event. FTS5 keeps its
-- own copy keyed by an integer; event_search_keys maps events to it (an events rowid can change
-- on VACUUM, a key here cannot). Kept in step by triggers, like plan_queue.
CREATE TABLE event_search_keys (
  n INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE REFERENCES events (id) ON DELETE CASCADE
);
CREATE VIRTUAL TABLE event_search USING fts5(title, description, location, tokenize = 'trigram');
INSERT INTO event_search_keys (event_id) SELECT id FROM events;
INSERT INTO event_search (rowid, title, description, location)
  SELECT k.n, e.title, e.description, e.location FROM events e JOIN event_search_keys k ON k.event_id = e.id;
CREATE TRIGGER event_search_insert AFTER INSERT ON events
BEGIN
  INSERT INTO event_search_keys (event_id) VALUES (NEW.id);
  INSERT INTO event_search (rowid, title, description, location)
    VALUES ((SELECT n FROM event_search_keys WHERE event_id = NEW.id), NEW.title, NEW.description, NEW.location);
END;
CREATE TRIGGER event_search_update AFTER UPDATE OF title, description, location ON events
BEGIN
  DELETE FROM event_search WHERE rowid = (SELECT n FROM event_search_keys WHERE event_id = NEW.id);
  INSERT INTO event_search (rowid, title, description, location)
    VALUES ((SELECT n FROM event_search_keys WHERE event_id = NEW.id), NEW.title, NEW.description, NEW.location);
END;
