-- 督办: each step of the ladder taken on an inspection (提醒, 督办, 约谈告诫, 移交问责), who decided
-- it and when, the red items it was taken over (as they stood), its letter's number, the steps
-- taken together for a round (batch_id: the first step's id) and the transfer an accountability
-- step opened.
CREATE TABLE escalation (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id INTEGER NOT NULL REFERENCES inspection(id),
    step          TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    reply_by      TEXT,
    items         TEXT NOT NULL DEFAULT '[]',
    letter_number TEXT NOT NULL DEFAULT '',
    batch_id      INTEGER,
    transfer_id   INTEGER REFERENCES transfer(id),
    decided_by    INTEGER NOT NULL REFERENCES app_user(id),
    decided_at    TEXT NOT NULL
);
CREATE INDEX escalation_inspection ON escalation(inspection_id);
CREATE INDEX escalation_batch ON escalation(batch_id);

-- A measure's deadline clock, paused while it waits on someone else (a higher authority's
-- approval): while paused the measure is lit by no light and counted overdue nowhere; on
-- resumption the days it stood still are added to its deadline (kept on the pause, before and
-- after: not an extension). Each pause is kept.
ALTER TABLE measure ADD COLUMN paused_since TEXT;
CREATE TABLE clock_pause (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    measure_id      INTEGER NOT NULL REFERENCES measure(id),
    paused_on       TEXT NOT NULL,
    reason          TEXT NOT NULL,
    paused_by       INTEGER NOT NULL REFERENCES app_user(id),
    paused_at       TEXT NOT NULL,
    resumed_on      TEXT,
    resume_note     TEXT NOT NULL DEFAULT '',
    resumed_by      INTEGER REFERENCES app_user(id),
    resumed_at      TEXT,
    deadline_before TEXT,
    deadline_after  TEXT
);
CREATE INDEX clock_pause_measure ON clock_pause(measure_id);
