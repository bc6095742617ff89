-- Migration number: 0028 	 the note of the move a cancelled date had, in its own column
-- SQLite and D1 text; PostgreSQL runs migrations/pg/0028_move_notes_of_cancelled_dates.sql (no instr or char there).

-- A moved date that is cancelled keeps its move (time and venue, ADR 170) and the move's note, so
-- restoring it brings back what people last held (ADR 284). Until now the move's note was packed
-- into `note` after U+001F (a stopgap: no migration then). It gets its own column, '' for none; the
-- packed notes move here, and `note` keeps the cancel's own words (ADR 287). No trigger reads
-- event_exceptions, so the UPDATE queues nothing.
ALTER TABLE event_exceptions ADD COLUMN move_note TEXT NOT NULL DEFAULT '';

UPDATE event_exceptions
SET move_note = substr(note, instr(note, char(31)) + 1),
    note = substr(note, 1, instr(note, char(31)) - 1)
WHERE instr(note, char(31)) > 0;
