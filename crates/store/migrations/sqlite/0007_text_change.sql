-- Which searchable texts changed, in the order they changed: what is built in memory from the
-- whole database (the copy index, the search index) catches up from here instead of being
-- built again. Triggers fill it, so no write path can forget to. `entity_id` is the row of the
-- kind's table; a row for an organisation means its name changed, which changes how every
-- measure is masked for copy detection.
CREATE TABLE text_change (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    kind      TEXT NOT NULL CHECK (kind IN ('measure', 'organisation', 'problem', 'progress', 'tip')),
    entity_id INTEGER NOT NULL
);

CREATE TRIGGER measure_added AFTER INSERT ON measure BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('measure', NEW.id);
END;
CREATE TRIGGER measure_text_edited AFTER UPDATE OF content, completion_standard, problem_id ON measure BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('measure', NEW.id);
END;
CREATE TRIGGER measure_removed AFTER DELETE ON measure BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('measure', OLD.id);
END;

CREATE TRIGGER problem_added AFTER INSERT ON problem BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('problem', NEW.id);
END;
CREATE TRIGGER problem_text_edited AFTER UPDATE OF summary, detail ON problem BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('problem', NEW.id);
END;
-- A problem's status decides who finds it (drafts are the team's) and whether its measures are
-- compared (only fed-back problems' are).
CREATE TRIGGER problem_status_moved AFTER UPDATE OF status ON problem WHEN OLD.status <> NEW.status BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('problem', NEW.id);
    INSERT INTO text_change (kind, entity_id) SELECT 'measure', id FROM measure WHERE problem_id = NEW.id;
END;
CREATE TRIGGER problem_removed AFTER DELETE ON problem BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('problem', OLD.id);
END;

-- Who handed a measure in is the inspection's organisation and round.
CREATE TRIGGER inspection_target_moved AFTER UPDATE OF target_org_id, round_id ON inspection BEGIN
    INSERT INTO text_change (kind, entity_id)
    SELECT 'measure', m.id FROM measure m JOIN problem p ON p.id = m.problem_id WHERE p.inspection_id = NEW.id;
END;

CREATE TRIGGER progress_added AFTER INSERT ON progress BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('progress', NEW.id);
END;
CREATE TRIGGER progress_edited AFTER UPDATE OF content, measure_id ON progress BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('progress', NEW.id);
END;
CREATE TRIGGER progress_removed AFTER DELETE ON progress BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('progress', OLD.id);
END;

CREATE TRIGGER tip_added AFTER INSERT ON tip BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('tip', NEW.id);
END;
CREATE TRIGGER tip_edited AFTER UPDATE OF content, inspection_id ON tip BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('tip', NEW.id);
END;
CREATE TRIGGER tip_removed AFTER DELETE ON tip BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('tip', OLD.id);
END;

CREATE TRIGGER organisation_added AFTER INSERT ON organisation BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('organisation', NEW.id);
END;
CREATE TRIGGER organisation_renamed AFTER UPDATE OF name ON organisation WHEN OLD.name <> NEW.name BEGIN
    INSERT INTO text_change (kind, entity_id) VALUES ('organisation', NEW.id);
END;
