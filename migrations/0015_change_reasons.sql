-- The organiser's reason for a change (issue 10): "the college has moved our room".
--
-- change_reason: the words given with the last edit of an event's time, date, venue or rule
-- (the API's `reason`, the form's "Reason for the change"); quoted as "Reason: …" in the
-- "Changed" e-mail to people already reminded. Every later change without a reason clears it, so
-- an e-mail never quotes the reason for an earlier change. A partner activity moved with its
-- campaign week gets "Part of <week>, which moved" and the organiser's words.
ALTER TABLE events ADD COLUMN change_reason TEXT NOT NULL DEFAULT '';
