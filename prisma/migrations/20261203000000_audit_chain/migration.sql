-- The audit log becomes append-only and hash-chained: each row stores the SHA-256 of the
-- previous row's hash and its own canonical content, so a changed, removed or inserted row
-- breaks the chain at that point (`npm run audit:verify`, GET /api/v1/audit/verify).

-- Deleting a user must not touch audit rows (ON DELETE SET NULL is an UPDATE the log refuses):
-- the row keeps the actor's id and label as they were when it was written.
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_actor_id_fkey";

ALTER TABLE "audit_log" ADD COLUMN "seq" BIGINT, ADD COLUMN "prev_hash" TEXT, ADD COLUMN "hash" TEXT;
CREATE SEQUENCE "audit_log_seq_seq" AS BIGINT OWNED BY "audit_log"."seq";

-- The hashed content: every field of the row as one jsonb object, whose text form has a fixed key
-- order and spacing. The time is formatted explicitly so DateStyle and TimeZone cannot change it.
CREATE FUNCTION "audit_log_content"(a "audit_log") RETURNS TEXT LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', a.id,
    'seq', a.seq,
    'at', to_char(a.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS'),
    'actor_id', a.actor_id,
    'actor_label', a.actor_label,
    'action', a.action,
    'entity_type', a.entity_type,
    'entity_id', a.entity_id,
    'before', a.before,
    'after', a.after
  )::text
$$;

CREATE FUNCTION "audit_log_hash"(prev_hash TEXT, content TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(prev_hash || content, 'UTF8')), 'hex')
$$;

-- Existing rows join the chain in the order they were written.
DO $$
DECLARE
  r RECORD;
  previous TEXT := repeat('0', 64);
BEGIN
  FOR r IN SELECT id FROM "audit_log" ORDER BY at, id LOOP
    UPDATE "audit_log" SET seq = nextval('audit_log_seq_seq'), prev_hash = previous WHERE id = r.id;
    UPDATE "audit_log" l SET hash = audit_log_hash(l.prev_hash, audit_log_content(l)) WHERE id = r.id RETURNING l.hash INTO previous;
  END LOOP;
END $$;

ALTER TABLE "audit_log" ALTER COLUMN "seq" SET NOT NULL, ALTER COLUMN "prev_hash" SET NOT NULL, ALTER COLUMN "hash" SET NOT NULL;
CREATE UNIQUE INDEX "audit_log_seq_key" ON "audit_log"("seq");

-- Whatever the client sends, the database places the row: the advisory lock (held to commit)
-- makes writers take turns, so each row links to the last committed one and seq, drawn under the
-- lock, follows the chain. Rows of one transaction chain in the order they were inserted.
CREATE FUNCTION "audit_log_chain"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  previous TEXT;
BEGIN
  PERFORM pg_advisory_xact_lock(7461626173);
  SELECT hash INTO previous FROM "audit_log" ORDER BY seq DESC LIMIT 1;
  NEW.seq := nextval('audit_log_seq_seq');
  NEW.prev_hash := coalesce(previous, repeat('0', 64));
  NEW.hash := audit_log_hash(NEW.prev_hash, audit_log_content(NEW));
  RETURN NEW;
END $$;

CREATE TRIGGER "audit_log_chain" BEFORE INSERT ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

CREATE FUNCTION "audit_log_refuse_change"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
