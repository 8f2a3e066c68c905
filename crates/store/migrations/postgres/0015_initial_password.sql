-- An account opened with an initial password (onboarding, a reset) must change it at its first
-- sign-in: until then it may do nothing else.
ALTER TABLE app_user ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
