-- How a cadre of the 巡察人才库 came to their team account, so that the office can see a link it
-- did not make and undo it: 'name' linked because an account of the same name in the same unit
-- existed (namesakes are common: it may be someone else's), 'opened' opened when a draw took
-- them, 'office' chosen by the office, 'refused' unlinked by the office (never linked by name
-- again: a draw opens them an account of their own), 'none' not linked, 'earlier' linked before
-- this was kept.
ALTER TABLE pool_cadre ADD COLUMN account_link TEXT NOT NULL DEFAULT 'none';
UPDATE pool_cadre SET account_link = 'earlier' WHERE user_id IS NOT NULL;
