-- Safe destructive actions and campaign weeks that own their activities (issue 10).
--
-- cancel_reason: the organiser's words when an event was cancelled ("venue unavailable"); the
-- "Cancelled" e-mail carries them. Empty when none was given or the event is not cancelled.
ALTER TABLE events ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';

-- parent_outcome: what became of a partner activity when its campaign week was cancelled (ADR 95).
--   ''                       the week is not cancelled (or this is not an activity)
--   'cancelled_with_parent'  cancelled with the week; restoring the week restores it
--   'kept'                   the organiser kept it going without the week; it is still reminded of
ALTER TABLE events ADD COLUMN parent_outcome TEXT NOT NULL DEFAULT ''
  CHECK (parent_outcome IN ('', 'cancelled_with_parent', 'kept'));
