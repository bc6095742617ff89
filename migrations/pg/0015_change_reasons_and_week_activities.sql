-- PostgreSQL text of migrations/0015_change_reasons_and_week_activities.sql (see that file and
-- ADRs 101, 120, 121): the same column, and the week-activities trigger as a PL/pgSQL function.
ALTER TABLE events ADD COLUMN change_reason TEXT NOT NULL DEFAULT '';

CREATE FUNCTION plan_queue_week_activities() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO plan_queue (scope, id) SELECT 'event', a.id FROM events a WHERE a.parent_id = NEW.id ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER plan_queue_week_activities AFTER UPDATE OF status, rrule, sequence ON events
  FOR EACH ROW WHEN (NEW.kind = 'campaign_week') EXECUTE FUNCTION plan_queue_week_activities();
