-- Sealed heads of the audit chain: HMAC-SHA256 of (seq, hash) under a key kept outside the
-- database, one row per write transaction that appended events (see crates/store/src/seal.rs).
CREATE TABLE audit_seal (
    seq  BIGINT PRIMARY KEY,
    hash TEXT NOT NULL,
    seal TEXT NOT NULL
);
