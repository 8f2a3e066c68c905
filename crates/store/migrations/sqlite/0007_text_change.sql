-- Which measure texts changed, in the order they changed: indexes built in memory from every
-- measure of the database (the copy index) catch up from here instead of being built again.
-- Triggers fill it, so no write path can forget to. A row for an organisation means its name
-- changed, which changes how every text is masked.
CREATE TABLE text_change (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind      TEXT NOT NULL CHECK (kind IN ('measure', 'organisation')),
    entity_id INTEGER NOT NULL
);

CREATE TRIGGER measure_added AFTER INSERT ON measure BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('measure', NEW.id);
END;
CREATE TRIGGER measure_text_edited AFTER UPDATE OF content, problem_id ON measure BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('measure', NEW.id);
END;
CREATE TRIGGER measure_removed AFTER DELETE ON measure BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('measure', OLD.id);
END;
-- Only fed-back problems' measures are compared: feeding back (or anything else that moves a
-- problem's status) brings its measures in or out.
CREATE TRIGGER problem_status_moved AFTER UPDATE OF status ON problem WHEN OLD.status <> NEW.status BEGIN
    INSERT INTO text_change (kind, entity_id) SELECT 'measure', id FROM measure WHERE problem_id = NEW.id;
END;
-- Who handed a measure in is the inspection's organisation and round.
CREATE TRIGGER inspection_target_moved AFTER UPDATE OF target_org_id, round_id ON inspection BEGIN
    INSERT INTO text_change (kind, entity_id)
    SELECT 'measure', m.id FROM measure m JOIN problem p ON p.id = m.problem_id WHERE p.inspection_id = NEW.id;
END;
CREATE TRIGGER organisation_added AFTER INSERT ON organisation BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('organisation', NEW.id);
END;
CREATE TRIGGER organisation_renamed AFTER UPDATE OF name ON organisation WHEN OLD.name <> NEW.name BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('organisation', NEW.id);
END;
