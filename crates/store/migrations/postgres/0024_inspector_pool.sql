-- 巡察人才库: the cadres who may serve on inspection teams (name, unit, post, expertise as
-- comma-separated codes), linked to their team account once they have one; their former posts
-- and declared relatives (ties that recuse them from inspecting an organisation).
CREATE TABLE pool_cadre (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL,
    org_id     BIGINT NOT NULL REFERENCES organisation(id),
    post       TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    expertise  TEXT NOT NULL DEFAULT '',
    user_id    BIGINT UNIQUE REFERENCES app_user(id),
    active     BOOLEAN NOT NULL DEFAULT TRUE,
    note       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1,
    UNIQUE (name, org_id)
);

-- A former post ('former': detail is the post, left_on the day it ended) or a declared
-- relative ('relative': detail is the relation, 配偶, 兄弟 …) in an organisation.
CREATE TABLE pool_tie (
    id       BIGSERIAL PRIMARY KEY,
    cadre_id BIGINT NOT NULL REFERENCES pool_cadre(id),
    kind     TEXT NOT NULL,
    org_id   BIGINT NOT NULL REFERENCES organisation(id),
    detail   TEXT NOT NULL DEFAULT '',
    left_on  DATE
);
CREATE INDEX pool_tie_cadre ON pool_tie(cadre_id);

-- A team's members drawn from the pool: the seed, what was asked (JSON slots), the years a
-- former post counts, the whole population as it stood (JSON: each cadre with expertise,
-- services and why excluded) and the picks, so that anyone can draw it again to the same team.
CREATE TABLE pool_draw (
    id         BIGSERIAL PRIMARY KEY,
    team_id    BIGINT NOT NULL REFERENCES team(id),
    seed       BIGINT NOT NULL,
    slots      TEXT NOT NULL,
    years      BIGINT NOT NULL,
    population TEXT NOT NULL,
    picks      TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    drawn_by   BIGINT NOT NULL REFERENCES app_user(id),
    drawn_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX pool_draw_team ON pool_draw(team_id);

-- A drawn member swapped for another cadre, with the office's reason.
CREATE TABLE pool_swap (
    id           BIGSERIAL PRIMARY KEY,
    draw_id      BIGINT NOT NULL REFERENCES pool_draw(id),
    out_cadre_id BIGINT NOT NULL REFERENCES pool_cadre(id),
    in_cadre_id  BIGINT NOT NULL REFERENCES pool_cadre(id),
    reason       TEXT NOT NULL,
    swapped_by   BIGINT NOT NULL REFERENCES app_user(id),
    swapped_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX pool_swap_draw ON pool_swap(draw_id);
