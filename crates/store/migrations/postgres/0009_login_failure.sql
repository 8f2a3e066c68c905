-- Failed logins by the name typed, known or not (so that a lock tells nothing about which
-- accounts exist), kept for the lockout window. Ten in fifteen minutes lock that name.
CREATE TABLE login_failure (
    username  TEXT NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failure_by_name ON login_failure(username, failed_at);
-- Expired sessions are pruned at each login.
CREATE INDEX session_by_expiry ON session(expires_at);
