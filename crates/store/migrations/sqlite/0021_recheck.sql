-- 随机抽查: a sample of a round's closed measures drawn for a check on site. The draw keeps its
-- seed, what was asked (a count or a percentage, stratified, weighted toward measures with
-- paper-only signals) and its whole population as it stood (JSON: each closed measure with its
-- organisation, aspect and signals), so that anyone can draw it again to the same sample.
CREATE TABLE recheck_draw (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    round_id         INTEGER NOT NULL REFERENCES round(id),
    seed             INTEGER NOT NULL,
    spec             TEXT NOT NULL,
    population       TEXT NOT NULL,
    population_count INTEGER NOT NULL,
    due_on           TEXT NOT NULL,
    team_id          INTEGER REFERENCES team(id),
    note             TEXT NOT NULL DEFAULT '',
    drawn_by         INTEGER NOT NULL REFERENCES app_user(id),
    drawn_at         TEXT NOT NULL
);
CREATE INDEX recheck_draw_round ON recheck_draw(round_id);

-- One drawn measure: its 销号 as it stood when drawn (who closed it, when, with what opinion:
-- what the check is of, kept though a 不属实 reopens the measure), the team sent to verify it
-- (never the inspecting team: the one named, or the next without a conflict), and what it found: 属实 / 部分属实 /
-- 不属实 with its notes, by whom and when.
CREATE TABLE recheck_item (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    draw_id       INTEGER NOT NULL REFERENCES recheck_draw(id),
    measure_id    INTEGER NOT NULL REFERENCES measure(id),
    inspection_id INTEGER NOT NULL REFERENCES inspection(id),
    team_id       INTEGER NOT NULL REFERENCES team(id),
    closed_by     INTEGER REFERENCES app_user(id),
    closed_at     TEXT,
    close_note    TEXT NOT NULL DEFAULT '',
    verdict       TEXT,
    notes         TEXT NOT NULL DEFAULT '',
    checked_by    INTEGER REFERENCES app_user(id),
    checked_at    TEXT,
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (draw_id, measure_id)
);
CREATE INDEX recheck_item_measure ON recheck_item(measure_id);
CREATE INDEX recheck_item_inspection ON recheck_item(inspection_id);

-- What the team saw on site (photos, a check record), kept in the database like evidence.
CREATE TABLE recheck_evidence (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id      INTEGER NOT NULL REFERENCES recheck_item(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    data         BLOB NOT NULL,
    uploaded_by  INTEGER NOT NULL REFERENCES app_user(id),
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX recheck_evidence_item ON recheck_evidence(item_id);
