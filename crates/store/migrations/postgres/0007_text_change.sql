-- Which measure texts changed, in the order they changed: indexes built in memory from every
-- measure of the database (the copy index) catch up from here instead of being built again.
-- Triggers fill it, so no write path can forget to. A row for an organisation means its name
-- changed, which changes how every text is masked. Writing transactions take the audit head
-- first (see `Store::write`), so ids are handed out in the order transactions commit.
CREATE TABLE text_change (
    id        BIGSERIAL PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('measure', 'organisation')),
    entity_id BIGINT NOT NULL
);

CREATE FUNCTION note_measure_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO text_change (kind, entity_id) VALUES ('measure', OLD.id);
    ELSE
        INSERT INTO text_change (kind, entity_id) VALUES ('measure', NEW.id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER measure_added AFTER INSERT ON measure FOR EACH ROW EXECUTE FUNCTION note_measure_change();
CREATE TRIGGER measure_text_edited AFTER UPDATE OF content, problem_id ON measure
    FOR EACH ROW EXECUTE FUNCTION note_measure_change();
CREATE TRIGGER measure_removed AFTER DELETE ON measure FOR EACH ROW EXECUTE FUNCTION note_measure_change();

-- Only fed-back problems' measures are compared: feeding back (or anything else that moves a
-- problem's status) brings its measures in or out.
CREATE FUNCTION note_problem_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO text_change (kind, entity_id) SELECT 'measure', id FROM measure WHERE problem_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER problem_status_moved AFTER UPDATE OF status ON problem
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION note_problem_status();

-- Who handed a measure in is the inspection's organisation and round.
CREATE FUNCTION note_inspection_target() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO text_change (kind, entity_id)
    SELECT 'measure', m.id FROM measure m JOIN problem p ON p.id = m.problem_id WHERE p.inspection_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER inspection_target_moved AFTER UPDATE OF target_org_id, round_id ON inspection
    FOR EACH ROW EXECUTE FUNCTION note_inspection_target();

CREATE FUNCTION note_organisation_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('organisation', NEW.id);
    RETURN NULL;
END $$;
CREATE TRIGGER organisation_added AFTER INSERT ON organisation
    FOR EACH ROW EXECUTE FUNCTION note_organisation_change();
CREATE TRIGGER organisation_renamed AFTER UPDATE OF name ON organisation
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION note_organisation_change();
