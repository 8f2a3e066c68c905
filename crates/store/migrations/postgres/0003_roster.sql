-- People of the organisations (rosters): responsible persons, liaisons, secretaries. Not
-- accounts: most never sign in, they are named on measures.
CREATE TABLE person (
    id         BIGSERIAL PRIMARY KEY,
    org_id     BIGINT NOT NULL REFERENCES organisation(id),
    name       TEXT NOT NULL,
    post       TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, name)
);
