-- PostgreSQL text of migrations/0016_change_numbers.sql (see that file and ADR 141).
--
-- The counter's row lock is held until COMMIT, so writers to events, groups and organisations take
-- numbers one after another, in the order they commit: a reader that sees number n has seen every
-- change numbered below n. (A sequence would not do: nextval hands out numbers in the order
-- transactions ask, and a transaction that asked first may commit last.)
CREATE TABLE change_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n BIGINT NOT NULL
);

ALTER TABLE events ADD COLUMN change_no BIGINT NOT NULL DEFAULT 0;
CREATE INDEX events_change_no ON events (change_no);

CREATE FUNCTION next_change_no() RETURNS bigint LANGUAGE sql AS $$
  INSERT INTO change_counter (id, n) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET n = change_counter.n + 1 RETURNING n
$$;

CREATE FUNCTION events_change_no() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_no := next_change_no();
  RETURN NEW;
END $$;
CREATE TRIGGER events_change BEFORE INSERT OR UPDATE OF updated_at ON events
  FOR EACH ROW EXECUTE FUNCTION events_change_no();

CREATE FUNCTION count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM next_change_no();
  RETURN NULL;
END $$;
CREATE TRIGGER groups_change AFTER INSERT OR UPDATE OR DELETE ON groups
  FOR EACH STATEMENT EXECUTE FUNCTION count_change();
CREATE TRIGGER organisations_change AFTER INSERT OR UPDATE OR DELETE ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION count_change();
