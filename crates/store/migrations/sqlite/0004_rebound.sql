-- The office's decisions on suggested rebounds: a look-back finding against an earlier closed
-- problem of the same organisation, confirmed (the finding's rebound_of is set) or dismissed.
CREATE TABLE rebound_decision (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    problem_id  INTEGER NOT NULL REFERENCES problem(id),
    earlier_id  INTEGER NOT NULL REFERENCES problem(id),
    confirmed   INTEGER NOT NULL,
    score       REAL NOT NULL,
    decided_by  INTEGER NOT NULL REFERENCES app_user(id),
    decided_at  TEXT NOT NULL,
    UNIQUE (problem_id, earlier_id)
);
