-- The office's decisions on suggested rebounds: a look-back finding against an earlier closed
-- problem of the same organisation, confirmed (the finding's rebound_of is set) or dismissed.
CREATE TABLE rebound_decision (
    id          BIGSERIAL PRIMARY KEY,
    problem_id  BIGINT NOT NULL REFERENCES problem(id),
    earlier_id  BIGINT NOT NULL REFERENCES problem(id),
    confirmed   BOOLEAN NOT NULL,
    score       DOUBLE PRECISION NOT NULL,
    decided_by  BIGINT NOT NULL REFERENCES app_user(id),
    decided_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (problem_id, earlier_id)
);
