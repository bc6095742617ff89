-- Migration number: 0017 	 which linked event continues a series, and the order deliveries were sent in
-- Portable SQL only (the same file runs on D1, better-sqlite3 and PostgreSQL).

-- split_from links two kinds of event to a series: a later part that continues it ("this and
-- following dates", even where the part was left with one date and is a one-off, ADR 125), and a
-- moved date the organiser kept as a one-off when the new pattern had no place for it (ADR 92),
-- linked only so its history is one. Only the first kind is part of the series, and an edit of
-- "all dates" must walk through it to the parts after it; telling them apart by "has a rule"
-- stopped the walk at a one-off part (issue 10, ADR 128). continues = 1 marks the first kind.
ALTER TABLE events ADD COLUMN continues INTEGER NOT NULL DEFAULT 0;

-- Existing links: a repeating part continues its series; a one-off continues it where the split
-- that made it named it (the audit entry's "continuesAs"); other one-offs are kept moved dates.
UPDATE events SET continues = 1
WHERE split_from IS NOT NULL
  AND (
    rrule IS NOT NULL
    OR EXISTS (
      SELECT 1 FROM audit_log a
      WHERE a.entity = 'event' AND a.entity_id = events.split_from AND a.action = 'split'
        AND a.changes LIKE '%"continuesAs":"' || events.id || '"%'
    )
  );

-- What a person was told last about a date is the delivery sent last, in the order the database
-- marked them sent: sent_at is the dispatching clock (a `cli dispatch --now <future>` pass stamps
-- the future), so comparing it made every later change look like news (ADR 129). Each delivery
-- marked sent takes the next number; rows sent before this migration keep NULL and order by
-- sent_at, before every numbered one.
ALTER TABLE reminder_deliveries ADD COLUMN sent_no INTEGER;
CREATE INDEX reminder_deliveries_sent_no ON reminder_deliveries (sent_no);
