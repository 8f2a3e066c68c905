-- Open measures by deadline: reminders count the overdue ones of every round at once, which
-- without it reads all million measures of a province.
CREATE INDEX measure_open_deadline ON measure(deadline) WHERE status IN ('not_done', 'largely_done');
