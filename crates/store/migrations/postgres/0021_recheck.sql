-- 随机抽查: a sample of a round's closed measures drawn for a check on site. The draw keeps its
-- seed, what was asked (a count or a percentage, stratified, weighted toward measures with
-- paper-only signals) and its whole population as it stood (JSON: each closed measure with its
-- organisation, aspect and signals), so that anyone can draw it again to the same sample.
CREATE TABLE recheck_draw (
    id               BIGSERIAL PRIMARY KEY,
    round_id         BIGINT NOT NULL REFERENCES round(id),
    seed             BIGINT NOT NULL,
    spec             TEXT NOT NULL,
    population       TEXT NOT NULL,
    population_count BIGINT NOT NULL,
    due_on           DATE NOT NULL,
    team_id          BIGINT REFERENCES team(id),
    note             TEXT NOT NULL DEFAULT '',
    drawn_by         BIGINT NOT NULL REFERENCES app_user(id),
    drawn_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX recheck_draw_round ON recheck_draw(round_id);

-- One drawn measure: its 销号 as it stood when drawn (who closed it, when, with what opinion:
-- what the check is of, kept though a 不属实 reopens the measure), the team sent to verify it
-- (never the inspecting team: the one named, or the next without a conflict), and what it found: 属实 / 部分属实 /
-- 不属实 with its notes, by whom and when.
CREATE TABLE recheck_item (
    id            BIGSERIAL PRIMARY KEY,
    draw_id       BIGINT NOT NULL REFERENCES recheck_draw(id),
    measure_id    BIGINT NOT NULL REFERENCES measure(id),
    inspection_id BIGINT NOT NULL REFERENCES inspection(id),
    team_id       BIGINT NOT NULL REFERENCES team(id),
    closed_by     BIGINT REFERENCES app_user(id),
    closed_at     TIMESTAMPTZ,
    close_note    TEXT NOT NULL DEFAULT '',
    verdict       TEXT,
    notes         TEXT NOT NULL DEFAULT '',
    checked_by    BIGINT REFERENCES app_user(id),
    checked_at    TIMESTAMPTZ,
    version       BIGINT NOT NULL DEFAULT 1,
    UNIQUE (draw_id, measure_id)
);
CREATE INDEX recheck_item_measure ON recheck_item(measure_id);
CREATE INDEX recheck_item_inspection ON recheck_item(inspection_id);

-- What the team saw on site (photos, a check record), kept in the database like evidence.
CREATE TABLE recheck_evidence (
    id           BIGSERIAL PRIMARY KEY,
    item_id      BIGINT NOT NULL REFERENCES recheck_item(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    data         BYTEA NOT NULL,
    uploaded_by  BIGINT NOT NULL REFERENCES app_user(id),
    uploaded_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX recheck_evidence_item ON recheck_evidence(item_id);
