-- Lookups added with the signals and rebound rates: findings marked as rebounds of a problem,
-- and plans by state (reminders list the plans waiting for review).
CREATE INDEX problem_rebound_of ON problem(rebound_of);
CREATE INDEX plan_status ON plan(status);
