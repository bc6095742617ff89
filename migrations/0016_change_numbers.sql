-- Change numbers assigned by the database (issue 14, ADR 141).
--
-- A feed cache, on any instance, asks "has anything changed since I built this body, and what?".
-- Timestamps cannot answer that when several instances write: each stamps updated_at with its own
-- clock, so a write from an instance a second slow sorts before a change already seen and is
-- missed. Instead every write to events, groups or organisations raises one counter, in the same
-- transaction, and each event keeps the number of its latest change (change_no): "what changed
-- since n" is `change_no > n`, by index, whatever the clocks say. Like a CalDAV sync token
-- (RFC 6578; SabreDAV's calendarchanges.synctoken).
--
-- The counter has no row until the first change (an upsert creates it), so a freshly migrated
-- database is empty for `db copy`. Events written before this migration keep change_no 0.
CREATE TABLE change_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n INTEGER NOT NULL
);

ALTER TABLE events ADD COLUMN change_no INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_change_no ON events (change_no);

-- Every write that changes what an event shows sets updated_at (the API, forms, imports, series
-- edits, cancellations); index bookkeeping (indexed_until, last_end) does not, and is not a change.
CREATE TRIGGER events_change_insert AFTER INSERT ON events
BEGIN
  INSERT INTO change_counter (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
  UPDATE events SET change_no = (SELECT n FROM change_counter WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER events_change_update AFTER UPDATE OF updated_at ON events
BEGIN
  INSERT INTO change_counter (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1;
  UPDATE events SET change_no = (SELECT n FROM change_counter WHERE id = 1) WHERE id = NEW.id;
END;

-- Group and organisation names appear in feeds (calendar names, ORGANIZER, categories).
CREATE TRIGGER groups_change_insert AFTER INSERT ON groups
BEGIN INSERT INTO change_counter (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER groups_change_update AFTER UPDATE ON groups
BEGIN INSERT INTO change_counter (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER groups_change_delete AFTER DELETE ON groups
BEGIN INSERT INTO change_counter (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER organisations_change_insert AFTER INSERT ON organisations
BEGIN INSERT INTO change_counter (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER organisations_change_update AFTER UPDATE ON organisations
BEGIN INSERT INTO change_counter (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1; END;
CREATE TRIGGER organisations_change_delete AFTER DELETE ON organisations
BEGIN INSERT INTO change_counter (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = n + 1; END;
