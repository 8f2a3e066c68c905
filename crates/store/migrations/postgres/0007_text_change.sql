-- Which searchable texts changed, in the order they changed: what is built in memory from the
-- whole database (the copy index, the search index) catches up from here instead of being
-- built again. Triggers fill it, so no write path can forget to. `entity_id` is the row of the
-- kind's table; a row for an organisation means its name changed, which changes how every
-- measure is masked for copy detection. Writing transactions take the audit head first (see
-- `Store::begin`), so ids are handed out in the order transactions commit.
CREATE TABLE text_change (
    id        BIGSERIAL PRIMARY KEY,
    kind      TEXT NOT NULL CHECK (kind IN ('measure', 'organisation', 'problem', 'progress', 'tip')),
    entity_id BIGINT NOT NULL
);

-- The changed row, under the kind given as the trigger's argument.
CREATE FUNCTION note_text_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO text_change (kind, entity_id) VALUES (TG_ARGV[0], OLD.id);
    ELSE
        INSERT INTO text_change (kind, entity_id) VALUES (TG_ARGV[0], NEW.id);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER measure_added AFTER INSERT ON measure FOR EACH ROW EXECUTE FUNCTION note_text_change('measure');
CREATE TRIGGER measure_text_edited AFTER UPDATE OF content, completion_standard, problem_id ON measure
    FOR EACH ROW EXECUTE FUNCTION note_text_change('measure');
CREATE TRIGGER measure_removed AFTER DELETE ON measure FOR EACH ROW EXECUTE FUNCTION note_text_change('measure');

CREATE TRIGGER problem_added AFTER INSERT ON problem FOR EACH ROW EXECUTE FUNCTION note_text_change('problem');
CREATE TRIGGER problem_text_edited AFTER UPDATE OF summary, detail ON problem
    FOR EACH ROW EXECUTE FUNCTION note_text_change('problem');
CREATE TRIGGER problem_removed AFTER DELETE ON problem FOR EACH ROW EXECUTE FUNCTION note_text_change('problem');

-- A problem's status decides who finds it (drafts are the team's) and whether its measures are
-- compared (only fed-back problems' are).
CREATE FUNCTION note_problem_status() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('problem', NEW.id);
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

CREATE TRIGGER progress_added AFTER INSERT ON progress FOR EACH ROW EXECUTE FUNCTION note_text_change('progress');
CREATE TRIGGER progress_edited AFTER UPDATE OF content, measure_id ON progress
    FOR EACH ROW EXECUTE FUNCTION note_text_change('progress');
CREATE TRIGGER progress_removed AFTER DELETE ON progress FOR EACH ROW EXECUTE FUNCTION note_text_change('progress');

CREATE TRIGGER tip_added AFTER INSERT ON tip FOR EACH ROW EXECUTE FUNCTION note_text_change('tip');
CREATE TRIGGER tip_edited AFTER UPDATE OF content, inspection_id ON tip
    FOR EACH ROW EXECUTE FUNCTION note_text_change('tip');
CREATE TRIGGER tip_removed AFTER DELETE ON tip FOR EACH ROW EXECUTE FUNCTION note_text_change('tip');

CREATE TRIGGER organisation_added AFTER INSERT ON organisation
    FOR EACH ROW EXECUTE FUNCTION note_text_change('organisation');
CREATE TRIGGER organisation_renamed AFTER UPDATE OF name ON organisation
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION note_text_change('organisation');
