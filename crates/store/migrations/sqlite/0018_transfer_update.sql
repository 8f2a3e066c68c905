-- A receiving body's interim report on a transfer before its final outcome (初步核实 under way,
-- 谈话提醒 done and 组织调整 being studied …): what stands, as of when, and by when it reports
-- next. The transfer's due date moves to that date; the date it replaced is kept here.
CREATE TABLE transfer_update (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    transfer_id   INTEGER NOT NULL REFERENCES transfer(id),
    outcome_kind  TEXT,
    note          TEXT NOT NULL,
    reported_on   TEXT NOT NULL,
    previous_due  TEXT NOT NULL,
    next_due      TEXT NOT NULL,
    recorded_by   INTEGER NOT NULL REFERENCES app_user(id),
    recorded_at   TEXT NOT NULL
);
CREATE INDEX transfer_update_transfer ON transfer_update(transfer_id);
