-- 0003: reporting rounds, the unit files sent out, the returns collected and what they reported.

CREATE TABLE rounds (
    id           INTEGER PRIMARY KEY,
    ledger_id    INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
    label        TEXT    NOT NULL,
    period_start TEXT,
    period_end   TEXT,
    due          TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    UNIQUE (ledger_id, label)
);

-- The units a round was sent to (one file each), recorded when the files are exported.
CREATE TABLE round_units (
    round_id    INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    file_name   TEXT    NOT NULL,
    exported_at TEXT    NOT NULL,
    PRIMARY KEY (round_id, unit_id)
);

-- Every file collected for a round. A newer return of the same unit supersedes the older one,
-- which stays here as history.
CREATE TABLE returns (
    id            INTEGER PRIMARY KEY,
    round_id      INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    file_name     TEXT    NOT NULL,
    sha256        TEXT    NOT NULL,
    identified_by TEXT    NOT NULL,
    received_at   TEXT    NOT NULL,
    batch_id      INTEGER REFERENCES change_batches(id),
    superseded_by INTEGER REFERENCES returns(id),
    report_json   TEXT    NOT NULL,
    UNIQUE (round_id, sha256)
);

-- What a return reported for one task: `field` is "status" or "cell:N" (N = the template
-- column's position), as in the change log.
CREATE TABLE reported_values (
    return_id INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    task_id   INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    field     TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    PRIMARY KEY (return_id, task_id, field)
);
CREATE INDEX reported_values_by_task ON reported_values(task_id);
