-- PostgreSQL text of migrations/0028_move_notes_of_cancelled_dates.sql (see that file and ADR 287):
-- strpos and chr instead of SQLite's instr and char.
ALTER TABLE event_exceptions ADD COLUMN move_note TEXT NOT NULL DEFAULT '';

UPDATE event_exceptions
SET move_note = substr(note, strpos(note, chr(31)) + 1),
    note = substr(note, 1, strpos(note, chr(31)) - 1)
WHERE strpos(note, chr(31)) > 0;
