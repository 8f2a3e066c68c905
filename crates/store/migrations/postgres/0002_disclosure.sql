-- Disclosures of rectification progress (the tip receipt hash is already on tip).

CREATE TABLE disclosure (
    id              BIGSERIAL PRIMARY KEY,
    inspection_id   BIGINT NOT NULL REFERENCES inspection(id),
    title           TEXT NOT NULL,
    public_text     TEXT NOT NULL,
    internal_text   TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    withhold_ground TEXT,
    withhold_note   TEXT NOT NULL DEFAULT '',
    done            BIGINT NOT NULL DEFAULT 0,
    largely_done    BIGINT NOT NULL DEFAULT 0,
    not_done        BIGINT NOT NULL DEFAULT 0,
    drafted_by      BIGINT NOT NULL REFERENCES app_user(id),
    decided_by      BIGINT REFERENCES app_user(id),
    published_on    DATE,
    created_at      TIMESTAMPTZ NOT NULL,
    version         BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX disclosure_inspection ON disclosure(inspection_id);
CREATE INDEX disclosure_status ON disclosure(status);
