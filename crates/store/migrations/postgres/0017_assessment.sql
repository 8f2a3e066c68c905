-- 整改成效评估: an organisation's rectification scored by the office, one per inspection (a
-- re-scoring replaces it; the trail keeps the earlier one). `scores` keeps the items as scored
-- (name, full marks, score, note), so a later change of the sheet does not rewrite it.
CREATE TABLE assessment (
    id            BIGSERIAL PRIMARY KEY,
    inspection_id BIGINT NOT NULL UNIQUE REFERENCES inspection(id),
    scores        TEXT NOT NULL,
    total         DOUBLE PRECISION NOT NULL,
    grade         TEXT NOT NULL,
    assessed_by   BIGINT NOT NULL REFERENCES app_user(id),
    assessed_at   TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1
);

-- 长效机制: a rule or system issued as a result of rectification, with its document's name,
-- number and date, and the problem it answers (if one).
CREATE TABLE mechanism (
    id            BIGSERIAL PRIMARY KEY,
    inspection_id BIGINT NOT NULL REFERENCES inspection(id),
    problem_id    BIGINT REFERENCES problem(id),
    name          TEXT NOT NULL,
    doc_number    TEXT NOT NULL DEFAULT '',
    issued_on     DATE NOT NULL,
    recorded_by   BIGINT NOT NULL REFERENCES app_user(id),
    recorded_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX mechanism_inspection ON mechanism(inspection_id);
