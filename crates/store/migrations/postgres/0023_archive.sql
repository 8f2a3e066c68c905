-- 巡察档案: an inspection's archive as made, kept whole (a .zip of its documents, evidence,
-- catalogue and manifest), with the manifest's SHA-256 and the audit chain's head it names, so
-- that `xuncha archive verify` can find it again.
CREATE TABLE inspection_archive (
    id              BIGSERIAL PRIMARY KEY,
    inspection_id   BIGINT NOT NULL REFERENCES inspection(id),
    variant         TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    manifest_sha256 TEXT NOT NULL,
    files           BIGINT NOT NULL,
    size            BIGINT NOT NULL,
    audit_seq       BIGINT NOT NULL,
    audit_hash      TEXT NOT NULL,
    data            BYTEA NOT NULL,
    made_by         BIGINT NOT NULL REFERENCES app_user(id),
    made_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX inspection_archive_inspection ON inspection_archive(inspection_id);
CREATE INDEX inspection_archive_manifest ON inspection_archive(manifest_sha256);
