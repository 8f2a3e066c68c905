-- xuncha schema, SQLite dialect. Keep column names and meanings identical to ../postgres.
-- Dates are ISO text (YYYY-MM-DD), timestamps RFC 3339 text.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE organisation (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL,
    parent_id  INTEGER REFERENCES organisation(id),
    is_sample  BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE INDEX organisation_parent ON organisation(parent_id);

CREATE TABLE app_user (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    org_id        INTEGER REFERENCES organisation(id),
    body          TEXT,
    active        BOOLEAN NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE conflict_declaration (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES app_user(id),
    org_id  INTEGER NOT NULL REFERENCES organisation(id),
    reason  TEXT NOT NULL,
    UNIQUE (user_id, org_id)
);

CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES app_user(id),
    expires_at TEXT NOT NULL
);
CREATE INDEX session_by_user ON session(user_id);

CREATE TABLE aspect (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    category TEXT NOT NULL,
    name     TEXT NOT NULL,
    sort     INTEGER NOT NULL DEFAULT 0,
    UNIQUE (category, name)
);

CREATE TABLE round (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    start_date TEXT NOT NULL,
    end_date   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE team (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id INTEGER NOT NULL REFERENCES round(id),
    name     TEXT NOT NULL,
    UNIQUE (round_id, name)
);

CREATE TABLE team_member (
    team_id  INTEGER NOT NULL REFERENCES team(id),
    user_id  INTEGER NOT NULL REFERENCES app_user(id),
    position TEXT NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_member_user ON team_member(user_id);

CREATE TABLE inspection (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id               INTEGER NOT NULL REFERENCES round(id),
    team_id                INTEGER NOT NULL REFERENCES team(id),
    target_org_id          INTEGER NOT NULL REFERENCES organisation(id),
    kind                   TEXT NOT NULL,
    entry_date             TEXT NOT NULL,
    exit_date              TEXT NOT NULL,
    announcement           TEXT NOT NULL DEFAULT '',
    tip_phone              TEXT NOT NULL DEFAULT '',
    tip_email              TEXT NOT NULL DEFAULT '',
    tip_post_box           TEXT NOT NULL DEFAULT '',
    tip_address            TEXT NOT NULL DEFAULT '',
    tip_window_start       TEXT,
    tip_window_end         TEXT,
    feedback_date          TEXT,
    feedback_bodies        TEXT NOT NULL DEFAULT '',
    feedback_signed_for_by TEXT NOT NULL DEFAULT '',
    feedback_notes         TEXT NOT NULL DEFAULT '',
    created_at             TEXT NOT NULL,
    version                INTEGER NOT NULL DEFAULT 1,
    UNIQUE (round_id, team_id, target_org_id)
);
CREATE INDEX inspection_target ON inspection(target_org_id);
CREATE INDEX inspection_team ON inspection(team_id);

CREATE TABLE tip (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id INTEGER NOT NULL REFERENCES inspection(id),
    channel      TEXT NOT NULL,
    content      TEXT NOT NULL,
    received_on  TEXT NOT NULL,
    status       TEXT NOT NULL,
    forwarded_to TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    reply        TEXT NOT NULL DEFAULT '',
    replied_at   TEXT,
    receipt_hash TEXT UNIQUE,
    created_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tip_inspection ON tip(inspection_id);

-- The tipper's identity lives apart from the tip so that no query of tips can carry it by accident.
CREATE TABLE tip_tipper (
    tip_id    INTEGER PRIMARY KEY REFERENCES tip(id),
    anonymous BOOLEAN NOT NULL,
    name      TEXT NOT NULL DEFAULT '',
    contact   TEXT NOT NULL DEFAULT ''
);

CREATE TABLE problem (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id    INTEGER NOT NULL REFERENCES inspection(id),
    number           INTEGER NOT NULL,
    source           TEXT NOT NULL,
    aspect_id        INTEGER REFERENCES aspect(id),
    summary          TEXT NOT NULL,
    detail           TEXT NOT NULL DEFAULT '',
    evidence_list    TEXT NOT NULL DEFAULT '',
    found_on         TEXT NOT NULL,
    status           TEXT NOT NULL,
    drafted_by       INTEGER REFERENCES app_user(id),
    deputy_signed_by INTEGER REFERENCES app_user(id),
    leader_signed_by INTEGER REFERENCES app_user(id),
    rebound_of       INTEGER REFERENCES problem(id),
    closed_at        TEXT,
    created_at       TEXT NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1,
    UNIQUE (inspection_id, number)
);

CREATE TABLE tip_problem (
    tip_id     INTEGER NOT NULL REFERENCES tip(id),
    problem_id INTEGER NOT NULL REFERENCES problem(id),
    PRIMARY KEY (tip_id, problem_id)
);

CREATE TABLE transfer (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id  INTEGER NOT NULL REFERENCES inspection(id),
    problem_id     INTEGER REFERENCES problem(id),
    kind           TEXT NOT NULL,
    body           TEXT NOT NULL,
    body_name      TEXT NOT NULL,
    content        TEXT NOT NULL,
    transferred_on TEXT NOT NULL,
    due_date       TEXT NOT NULL,
    outcome_kind   TEXT,
    outcome        TEXT NOT NULL DEFAULT '',
    outcome_on     TEXT,
    recorded_by    INTEGER REFERENCES app_user(id),
    created_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX transfer_inspection ON transfer(inspection_id);
CREATE INDEX transfer_body ON transfer(body);

CREATE TABLE plan (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id       INTEGER NOT NULL UNIQUE REFERENCES inspection(id),
    status              TEXT NOT NULL,
    submission_no       INTEGER NOT NULL DEFAULT 0,
    comments            TEXT NOT NULL DEFAULT '',
    secretary_signed_by INTEGER REFERENCES app_user(id),
    submitted_at        TEXT,
    reviewed_by         INTEGER REFERENCES app_user(id),
    reviewed_at         TEXT,
    created_at          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);

-- One row per submission: what was submitted (a snapshot) and what the review said.
CREATE TABLE plan_submission (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id       INTEGER NOT NULL REFERENCES plan(id),
    submission_no INTEGER NOT NULL,
    snapshot      TEXT NOT NULL,
    submitted_by  INTEGER NOT NULL REFERENCES app_user(id),
    submitted_at  TEXT NOT NULL,
    decision      TEXT,
    comments      TEXT NOT NULL DEFAULT '',
    problem_comments TEXT NOT NULL DEFAULT '[]',
    reviewed_by   INTEGER REFERENCES app_user(id),
    reviewed_at   TEXT,
    UNIQUE (plan_id, submission_no)
);

CREATE TABLE measure (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    problem_id          INTEGER NOT NULL REFERENCES problem(id),
    sort                INTEGER NOT NULL DEFAULT 0,
    content             TEXT NOT NULL DEFAULT '',
    responsible_person  TEXT NOT NULL DEFAULT '',
    responsible_leader  TEXT NOT NULL DEFAULT '',
    department          TEXT NOT NULL DEFAULT '',
    deadline_kind       TEXT,
    deadline            TEXT,
    original_deadline   TEXT,
    milestone           TEXT NOT NULL DEFAULT '',
    completion_standard TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL,
    closed_by           INTEGER REFERENCES app_user(id),
    closed_at           TEXT,
    close_note          TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX measure_problem ON measure(problem_id);

CREATE TABLE progress (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id  INTEGER NOT NULL REFERENCES measure(id),
    content     TEXT NOT NULL,
    status      TEXT NOT NULL,
    reported_by INTEGER NOT NULL REFERENCES app_user(id),
    reported_at TEXT NOT NULL
);
CREATE INDEX progress_measure ON progress(measure_id);

CREATE TABLE evidence (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id    INTEGER NOT NULL REFERENCES measure(id),
    file_name     TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size          INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    data          BLOB NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    document_date TEXT,
    uploaded_by   INTEGER NOT NULL REFERENCES app_user(id),
    uploaded_at   TEXT NOT NULL
);
CREATE INDEX evidence_measure ON evidence(measure_id);

CREATE TABLE extension (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id         INTEGER NOT NULL REFERENCES measure(id),
    original_deadline  TEXT,
    requested_deadline TEXT NOT NULL,
    reason             TEXT NOT NULL,
    status             TEXT NOT NULL,
    requested_by       INTEGER NOT NULL REFERENCES app_user(id),
    requested_at       TEXT NOT NULL,
    decided_by         INTEGER REFERENCES app_user(id),
    decided_at         TEXT,
    decision_note      TEXT NOT NULL DEFAULT '',
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX extension_measure ON extension(measure_id);

CREATE TABLE audit_event (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id INTEGER,
    summary   TEXT NOT NULL,
    before    TEXT NOT NULL,
    after     TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_event_entity ON audit_event(entity, entity_id);

-- The chain head: the last sequence number and hash. Updating it serialises writers.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
