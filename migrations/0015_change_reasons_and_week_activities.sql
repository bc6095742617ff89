-- The organiser's reason for a change, and campaign weeks that re-plan their activities (issue 10).
--
-- change_reason: the words given with the last edit of an event's time, date, venue or rule
-- (the API's `reason`, the form's "Reason for the change"); quoted as "Reason: …" in the
-- "Changed" e-mail to people already reminded. Every later change without a reason clears it, so
-- an e-mail never quotes the reason for an earlier change. A partner activity moved with its
-- campaign week gets "Part of <week>, which moved" and the organiser's words.
ALTER TABLE events ADD COLUMN change_reason TEXT NOT NULL DEFAULT '';

-- A campaign week's change re-plans its partner activities too (ADR 121): reminder planning
-- leaves out an activity whose week's date was cancelled or ended (a per-date cancel, a "this and
-- following" edit), and only a re-plan of the activity withdraws reminders already planned for it.
-- A per-date cancel or a split raises the week's SEQUENCE, so this fires for every path.
CREATE TRIGGER plan_queue_week_activities AFTER UPDATE OF status, rrule, sequence ON events WHEN NEW.kind = 'campaign_week'
BEGIN INSERT INTO plan_queue (scope, id) SELECT 'event', a.id FROM events a WHERE a.parent_id = NEW.id AND NOT EXISTS (SELECT 1 FROM plan_queue q WHERE q.scope = 'event' AND q.id = a.id); END;
