-- Disclosures of rectification progress (the tip receipt hash is already on tip).

CREATE TABLE disclosure (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id   INTEGER NOT NULL REFERENCES inspection(id),
    title           TEXT NOT NULL,
    public_text     TEXT NOT NULL,
    internal_text   TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    withhold_ground TEXT,
    withhold_note   TEXT NOT NULL DEFAULT '',
    done            INTEGER NOT NULL DEFAULT 0,
    largely_done    INTEGER NOT NULL DEFAULT 0,
    not_done        INTEGER NOT NULL DEFAULT 0,
    drafted_by      INTEGER NOT NULL REFERENCES app_user(id),
    decided_by      INTEGER REFERENCES app_user(id),
    published_on    TEXT,
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX disclosure_inspection ON disclosure(inspection_id);
CREATE INDEX disclosure_status ON disclosure(status);
