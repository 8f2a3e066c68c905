-- xuncha schema, PostgreSQL dialect. Keep column names and meanings identical to ../sqlite.
-- Audit timestamps stay text: the hash covers them exactly as written.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE organisation (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    parent_id  BIGINT REFERENCES organisation(id),
    is_sample  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX organisation_parent ON organisation(parent_id);

CREATE TABLE app_user (
    id            BIGSERIAL PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    org_id        BIGINT REFERENCES organisation(id),
    body          TEXT,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE conflict_declaration (
    id      BIGSERIAL PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES app_user(id),
    org_id  BIGINT NOT NULL REFERENCES organisation(id),
    reason  TEXT NOT NULL,
    UNIQUE (user_id, org_id)
);

CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES app_user(id),
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX session_by_user ON session(user_id);

CREATE TABLE aspect (
    id       BIGSERIAL PRIMARY KEY,
    category TEXT NOT NULL,
    name     TEXT NOT NULL,
    sort     BIGINT NOT NULL DEFAULT 0,
    UNIQUE (category, name)
);

CREATE TABLE round (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    start_date DATE NOT NULL,
    end_date   DATE NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE team (
    id       BIGSERIAL PRIMARY KEY,
    round_id BIGINT NOT NULL REFERENCES round(id),
    name     TEXT NOT NULL,
    UNIQUE (round_id, name)
);

CREATE TABLE team_member (
    team_id  BIGINT NOT NULL REFERENCES team(id),
    user_id  BIGINT NOT NULL REFERENCES app_user(id),
    position TEXT NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_member_user ON team_member(user_id);

CREATE TABLE inspection (
    id                     BIGSERIAL PRIMARY KEY,
    round_id               BIGINT NOT NULL REFERENCES round(id),
    team_id                BIGINT NOT NULL REFERENCES team(id),
    target_org_id          BIGINT NOT NULL REFERENCES organisation(id),
    kind                   TEXT NOT NULL,
    entry_date             DATE NOT NULL,
    exit_date              DATE NOT NULL,
    announcement           TEXT NOT NULL DEFAULT '',
    tip_phone              TEXT NOT NULL DEFAULT '',
    tip_email              TEXT NOT NULL DEFAULT '',
    tip_post_box           TEXT NOT NULL DEFAULT '',
    tip_address            TEXT NOT NULL DEFAULT '',
    tip_window_start       DATE,
    tip_window_end         DATE,
    feedback_date          DATE,
    feedback_bodies        TEXT NOT NULL DEFAULT '',
    feedback_signed_for_by TEXT NOT NULL DEFAULT '',
    feedback_notes         TEXT NOT NULL DEFAULT '',
    created_at             TIMESTAMPTZ NOT NULL,
    version                BIGINT NOT NULL DEFAULT 1,
    UNIQUE (round_id, team_id, target_org_id)
);
CREATE INDEX inspection_target ON inspection(target_org_id);
CREATE INDEX inspection_team ON inspection(team_id);

CREATE TABLE tip (
    id           BIGSERIAL PRIMARY KEY,
    inspection_id BIGINT NOT NULL REFERENCES inspection(id),
    channel      TEXT NOT NULL,
    content      TEXT NOT NULL,
    received_on  DATE NOT NULL,
    status       TEXT NOT NULL,
    forwarded_to TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    reply        TEXT NOT NULL DEFAULT '',
    replied_at   TIMESTAMPTZ,
    receipt_hash TEXT UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX tip_inspection ON tip(inspection_id);

-- The tipper's identity lives apart from the tip so that no query of tips can carry it by accident.
CREATE TABLE tip_tipper (
    tip_id    BIGINT PRIMARY KEY REFERENCES tip(id),
    anonymous BOOLEAN NOT NULL,
    name      TEXT NOT NULL DEFAULT '',
    contact   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE problem (
    id               BIGSERIAL PRIMARY KEY,
    inspection_id    BIGINT NOT NULL REFERENCES inspection(id),
    number           BIGINT NOT NULL,
    source           TEXT NOT NULL,
    aspect_id        BIGINT REFERENCES aspect(id),
    summary          TEXT NOT NULL,
    detail           TEXT NOT NULL DEFAULT '',
    evidence_list    TEXT NOT NULL DEFAULT '',
    found_on         DATE NOT NULL,
    status           TEXT NOT NULL,
    drafted_by       BIGINT REFERENCES app_user(id),
    deputy_signed_by BIGINT REFERENCES app_user(id),
    leader_signed_by BIGINT REFERENCES app_user(id),
    rebound_of       BIGINT REFERENCES problem(id),
    closed_at        TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    version          BIGINT NOT NULL DEFAULT 1,
    UNIQUE (inspection_id, number)
);

CREATE TABLE tip_problem (
    tip_id     BIGINT NOT NULL REFERENCES tip(id),
    problem_id BIGINT NOT NULL REFERENCES problem(id),
    PRIMARY KEY (tip_id, problem_id)
);

CREATE TABLE transfer (
    id             BIGSERIAL PRIMARY KEY,
    inspection_id  BIGINT NOT NULL REFERENCES inspection(id),
    problem_id     BIGINT REFERENCES problem(id),
    kind           TEXT NOT NULL,
    body           TEXT NOT NULL,
    body_name      TEXT NOT NULL,
    content        TEXT NOT NULL,
    transferred_on DATE NOT NULL,
    due_date       DATE NOT NULL,
    outcome_kind   TEXT,
    outcome        TEXT NOT NULL DEFAULT '',
    outcome_on     DATE,
    recorded_by    BIGINT REFERENCES app_user(id),
    created_at     TIMESTAMPTZ NOT NULL,
    version        BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX transfer_inspection ON transfer(inspection_id);
CREATE INDEX transfer_body ON transfer(body);

CREATE TABLE plan (
    id                  BIGSERIAL PRIMARY KEY,
    inspection_id       BIGINT NOT NULL UNIQUE REFERENCES inspection(id),
    status              TEXT NOT NULL,
    submission_no       BIGINT NOT NULL DEFAULT 0,
    comments            TEXT NOT NULL DEFAULT '',
    secretary_signed_by BIGINT REFERENCES app_user(id),
    submitted_at        TIMESTAMPTZ,
    reviewed_by         BIGINT REFERENCES app_user(id),
    reviewed_at         TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL,
    version             BIGINT NOT NULL DEFAULT 1
);

-- One row per submission: what was submitted (a snapshot) and what the review said.
CREATE TABLE plan_submission (
    id            BIGSERIAL PRIMARY KEY,
    plan_id       BIGINT NOT NULL REFERENCES plan(id),
    submission_no BIGINT NOT NULL,
    snapshot      TEXT NOT NULL,
    submitted_by  BIGINT NOT NULL REFERENCES app_user(id),
    submitted_at  TIMESTAMPTZ NOT NULL,
    decision      TEXT,
    comments      TEXT NOT NULL DEFAULT '',
    problem_comments TEXT NOT NULL DEFAULT '[]',
    reviewed_by   BIGINT REFERENCES app_user(id),
    reviewed_at   TIMESTAMPTZ,
    UNIQUE (plan_id, submission_no)
);

CREATE TABLE measure (
    id                  BIGSERIAL PRIMARY KEY,
    problem_id          BIGINT NOT NULL REFERENCES problem(id),
    sort                BIGINT NOT NULL DEFAULT 0,
    content             TEXT NOT NULL DEFAULT '',
    responsible_person  TEXT NOT NULL DEFAULT '',
    responsible_leader  TEXT NOT NULL DEFAULT '',
    department          TEXT NOT NULL DEFAULT '',
    deadline_kind       TEXT,
    deadline            DATE,
    original_deadline   DATE,
    milestone           TEXT NOT NULL DEFAULT '',
    completion_standard TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    closed_by           BIGINT REFERENCES app_user(id),
    closed_at           TIMESTAMPTZ,
    close_note          TEXT NOT NULL DEFAULT '',
    created_at          TIMESTAMPTZ NOT NULL,
    version             BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX measure_problem ON measure(problem_id);

CREATE TABLE progress (
    id          BIGSERIAL PRIMARY KEY,
    measure_id  BIGINT NOT NULL REFERENCES measure(id),
    content     TEXT NOT NULL,
    status      TEXT NOT NULL,
    reported_by BIGINT NOT NULL REFERENCES app_user(id),
    reported_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX progress_measure ON progress(measure_id);

CREATE TABLE evidence (
    id            BIGSERIAL PRIMARY KEY,
    measure_id    BIGINT NOT NULL REFERENCES measure(id),
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          BIGINT NOT NULL,
    sha256        TEXT NOT NULL,
    data          BYTEA NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    document_date DATE,
    uploaded_by   BIGINT NOT NULL REFERENCES app_user(id),
    uploaded_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX evidence_measure ON evidence(measure_id);

CREATE TABLE extension (
    id                 BIGSERIAL PRIMARY KEY,
    measure_id         BIGINT NOT NULL REFERENCES measure(id),
    original_deadline  DATE,
    requested_deadline DATE NOT NULL,
    reason             TEXT NOT NULL,
    status             TEXT NOT NULL,
    requested_by       BIGINT NOT NULL REFERENCES app_user(id),
    requested_at       TIMESTAMPTZ NOT NULL,
    decided_by         BIGINT REFERENCES app_user(id),
    decided_at         TIMESTAMPTZ,
    decision_note      TEXT NOT NULL DEFAULT '',
    version            BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX extension_measure ON extension(measure_id);

CREATE TABLE audit_event (
    seq       BIGINT PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  BIGINT,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id BIGINT,
    summary   TEXT NOT NULL,
    before    TEXT NOT NULL,
    after     TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_event_entity ON audit_event(entity, entity_id);

-- The chain head: the last sequence number and hash. Updating it serialises writers.
CREATE TABLE audit_head (
    id   BIGINT PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
