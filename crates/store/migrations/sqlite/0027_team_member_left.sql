-- Members taken off a team (by the office, a swap or an account unlinked), with their post and
-- when: someone who was on the team that inspected an organisation does not check its closures
-- later (随机抽查), whichever team they are on by then.
CREATE TABLE team_member_left (
    team_id  INTEGER NOT NULL REFERENCES team(id),
    user_id  INTEGER NOT NULL REFERENCES app_user(id),
    position TEXT NOT NULL,
    left_at  TEXT NOT NULL
);
CREATE INDEX team_member_left_user ON team_member_left(user_id);
