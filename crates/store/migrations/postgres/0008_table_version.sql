-- How many times each table that whole-database summaries read has been written. A summary
-- kept in memory (every inspection for the office's lists and search, rebound rates, the
-- rounds and aspects) is read again when a table it reads moved, not after every measure edit
-- or progress report (a province's list of inspections takes most of a second to read).
-- Triggers keep the counts, so no write path can forget to.
CREATE TABLE table_version (
    name    TEXT PRIMARY KEY,
    version BIGINT NOT NULL DEFAULT 0,
    -- The transaction that last moved the count: once per transaction is enough, and a bulk
    -- write (the generator, a ledger import) would otherwise rewrite this row per statement.
    xact    xid8
);
INSERT INTO table_version (name) VALUES ('aspect'), ('inspection'), ('organisation'), ('problem'), ('round'), ('team');

-- Once per transaction: its first statement on a table moves the count, the others see their
-- own transaction's mark and leave the row alone.
CREATE FUNCTION bump_table_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE table_version SET version = version + 1, xact = pg_current_xact_id()
    WHERE name = TG_TABLE_NAME AND xact IS DISTINCT FROM pg_current_xact_id();
    RETURN NULL;
END $$;

CREATE TRIGGER aspect_version AFTER INSERT OR UPDATE OR DELETE ON aspect
    FOR EACH STATEMENT EXECUTE FUNCTION bump_table_version();
CREATE TRIGGER inspection_version AFTER INSERT OR UPDATE OR DELETE ON inspection
    FOR EACH STATEMENT EXECUTE FUNCTION bump_table_version();
CREATE TRIGGER organisation_version AFTER INSERT OR UPDATE OR DELETE ON organisation
    FOR EACH STATEMENT EXECUTE FUNCTION bump_table_version();
CREATE TRIGGER problem_version AFTER INSERT OR UPDATE OR DELETE ON problem
    FOR EACH STATEMENT EXECUTE FUNCTION bump_table_version();
CREATE TRIGGER round_version AFTER INSERT OR UPDATE OR DELETE ON round
    FOR EACH STATEMENT EXECUTE FUNCTION bump_table_version();
CREATE TRIGGER team_version AFTER INSERT OR UPDATE OR DELETE ON team
    FOR EACH STATEMENT EXECUTE FUNCTION bump_table_version();
