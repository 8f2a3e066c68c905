-- People of the organisations (rosters): responsible persons, liaisons, secretaries. Not
-- accounts: most never sign in, they are named on measures.
CREATE TABLE person (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES organisation(id),
    name       TEXT NOT NULL,
    post       TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (org_id, name)
);
