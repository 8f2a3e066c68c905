-- A work paper's sign-off, dated at each step, and the comment it was last returned with.
ALTER TABLE problem ADD COLUMN deputy_signed_at TEXT;
ALTER TABLE problem ADD COLUMN leader_signed_at TEXT;
ALTER TABLE problem ADD COLUMN return_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE problem ADD COLUMN returned_by INTEGER REFERENCES app_user (id);
ALTER TABLE problem ADD COLUMN returned_at TEXT;
