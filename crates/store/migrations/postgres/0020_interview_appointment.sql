-- 约谈告诫: when and where the interview is held, if the office fixes them with the decision
-- (China local time as "YYYY-MM-DD HH:MM"; both empty: its notice says they follow separately).
ALTER TABLE escalation ADD COLUMN interview_at TEXT NOT NULL DEFAULT '';
ALTER TABLE escalation ADD COLUMN interview_place TEXT NOT NULL DEFAULT '';
