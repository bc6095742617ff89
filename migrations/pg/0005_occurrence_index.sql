-- Migration number: 0005 	 occurrence index (PostgreSQL): the same tables as ../0005_occurrence_index.sql
-- PostgreSQL runs this file instead of ../0005_occurrence_index.sql (src/db/migrations.ts): the tables,
-- columns and indexes are the same; the triggers are PL/pgSQL functions, and searching uses pg_trgm
-- GIN indexes instead of an FTS5 table. Keep the two files in step.
--
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
-- SQLite trigger the conflict policy of the statement that fired it wins; PostgreSQL has no such rule, so
-- ON CONFLICT DO NOTHING here.) The bookkeeping columns the index
-- keeps on events (first_start … index_version) are left out: rolling the index forward is no change.
CREATE TABLE plan_queue (
  scope TEXT NOT NULL CHECK (scope IN ('event', 'person', 'group')),
  id TEXT NOT NULL,
  PRIMARY KEY (scope, id)
);

-- One function per kind of key; NEW is the row for INSERT and UPDATE, OLD for DELETE.
CREATE FUNCTION plan_queue_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_queue (scope, id) VALUES ('event', NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER plan_queue_event_insert AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION plan_queue_event();
CREATE TRIGGER plan_queue_event_update AFTER UPDATE OF kind, title, description, location, links, all_day, start_date, end_date,
  starts_at, ends_at, timezone, rrule, organisation_id, group_id, parent_id, visibility, status, sequence, updated_at, cancelled_at ON events
  FOR EACH ROW EXECUTE FUNCTION plan_queue_event();

-- group_members, reminder_subscriptions, reminder_preferences: the person the row is about.
CREATE FUNCTION plan_queue_person_of_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO plan_queue (scope, id) VALUES ('person', OLD.person_id) ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO plan_queue (scope, id) VALUES ('person', NEW.person_id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER plan_queue_member AFTER INSERT OR UPDATE OR DELETE ON group_members
  FOR EACH ROW EXECUTE FUNCTION plan_queue_person_of_row();
CREATE TRIGGER plan_queue_subscription AFTER INSERT OR UPDATE OR DELETE ON reminder_subscriptions
  FOR EACH ROW EXECUTE FUNCTION plan_queue_person_of_row();
CREATE TRIGGER plan_queue_preference AFTER INSERT OR UPDATE OR DELETE ON reminder_preferences
  FOR EACH ROW EXECUTE FUNCTION plan_queue_person_of_row();

CREATE FUNCTION plan_queue_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_queue (scope, id) VALUES ('person', NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER plan_queue_person_update AFTER UPDATE OF email, organisation_id ON people
  FOR EACH ROW EXECUTE FUNCTION plan_queue_person();

CREATE FUNCTION plan_queue_rule() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO plan_queue (scope, id) VALUES (OLD.scope, OLD.scope_id) ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO plan_queue (scope, id) VALUES (NEW.scope, NEW.scope_id) ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER plan_queue_rule AFTER INSERT OR UPDATE OR DELETE ON reminder_rules
  FOR EACH ROW EXECUTE FUNCTION plan_queue_rule();

-- Deliveries by person, for re-planning one person's reminders.
CREATE INDEX reminder_deliveries_person ON reminder_deliveries (person_id, status);

-- Searching titles, descriptions and places by any part of a word: SQLite's FTS5 trigram table is
-- pg_trgm's GIN indexes here (a trusted extension since PostgreSQL 13: the database owner may create
-- it). They answer the same lower(column) LIKE '%word%' conditions every search runs
-- (src/occurrences/filter.ts), so the search semantics are the same and a rare word reads its matches.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX events_search_title ON events USING gin (lower(title) gin_trgm_ops);
CREATE INDEX events_search_description ON events USING gin (lower(description) gin_trgm_ops);
CREATE INDEX events_search_location ON events USING gin (lower(location) gin_trgm_ops);
