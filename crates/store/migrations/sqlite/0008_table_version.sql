-- How many times each table that whole-database summaries read has been written. A summary
-- kept in memory (every inspection for the office's lists and search, rebound rates, the
-- rounds and aspects) is read again when a table it reads moved, not after every measure edit
-- or progress report (a province's list of inspections takes most of a second to read).
-- Triggers keep the counts, so no write path can forget to.
CREATE TABLE table_version (
    name    TEXT PRIMARY KEY,
    version INTEGER NOT NULL DEFAULT 0
);
INSERT INTO table_version (name) VALUES ('aspect'), ('inspection'), ('organisation'), ('problem'), ('round'), ('team');

CREATE TRIGGER aspect_added_version AFTER INSERT ON aspect BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'aspect';
END;
CREATE TRIGGER aspect_changed_version AFTER UPDATE ON aspect BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'aspect';
END;
CREATE TRIGGER aspect_removed_version AFTER DELETE ON aspect BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'aspect';
END;
CREATE TRIGGER inspection_added_version AFTER INSERT ON inspection BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'inspection';
END;
CREATE TRIGGER inspection_changed_version AFTER UPDATE ON inspection BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'inspection';
END;
CREATE TRIGGER inspection_removed_version AFTER DELETE ON inspection BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'inspection';
END;
CREATE TRIGGER organisation_added_version AFTER INSERT ON organisation BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'organisation';
END;
CREATE TRIGGER organisation_changed_version AFTER UPDATE ON organisation BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'organisation';
END;
CREATE TRIGGER organisation_removed_version AFTER DELETE ON organisation BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'organisation';
END;
CREATE TRIGGER problem_added_version AFTER INSERT ON problem BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'problem';
END;
CREATE TRIGGER problem_changed_version AFTER UPDATE ON problem BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'problem';
END;
CREATE TRIGGER problem_removed_version AFTER DELETE ON problem BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'problem';
END;
CREATE TRIGGER round_added_version AFTER INSERT ON round BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'round';
END;
CREATE TRIGGER round_changed_version AFTER UPDATE ON round BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'round';
END;
CREATE TRIGGER round_removed_version AFTER DELETE ON round BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'round';
END;
CREATE TRIGGER team_added_version AFTER INSERT ON team BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'team';
END;
CREATE TRIGGER team_changed_version AFTER UPDATE ON team BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'team';
END;
CREATE TRIGGER team_removed_version AFTER DELETE ON team BEGIN
    UPDATE table_version SET version = version + 1 WHERE name = 'team';
END;
