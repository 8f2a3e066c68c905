-- How a cadre of the 巡察人才库 came to their team account. A draw puts that account on a team,
-- with everything the team reads (tips included), so a link the office did not make is shown
-- and must be confirmed before the cadre can be drawn: 'name' linked when the cadre was added
-- because one account of the same name in the same unit existed (namesakes are common),
-- 'opened' opened for them by a draw, 'office' chosen or confirmed by the office, 'refused'
-- undone by the office (the account undone is kept, so that it is not offered as theirs
-- again), 'none' not linked, 'earlier' linked before this was kept (unconfirmed, like 'name').
ALTER TABLE pool_cadre ADD COLUMN account_link TEXT NOT NULL DEFAULT 'none';
ALTER TABLE pool_cadre ADD COLUMN refused_user_id INTEGER REFERENCES app_user(id);
UPDATE pool_cadre SET account_link = 'earlier' WHERE user_id IS NOT NULL;
-- Accounts a draw opened are named after the cadre (poolN, poolN.2 …).
UPDATE pool_cadre SET account_link = 'opened'
 WHERE user_id IN (SELECT u.id FROM app_user u
                    WHERE 'pool' || pool_cadre.id = u.username OR u.username LIKE 'pool' || pool_cadre.id || '.%');
