-- 0004: quantified targets (指标) of a ledger and the actual values returns report for them.

-- task_id is NULL for a target of the plan itself (its 工作目标 section) until it is placed on a
-- task. comparator: 'ge' (≥), 'le' (≤) or 'eq' (=). removed = 1: the clerk said it is no target
-- (kept, so that undo and the reported values survive).
CREATE TABLE indicators (
    id            INTEGER PRIMARY KEY,
    ledger_id     INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
    task_id       INTEGER REFERENCES tasks(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    metric        TEXT    NOT NULL,
    comparator    TEXT    NOT NULL CHECK (comparator IN ('ge', 'le', 'eq')),
    target        REAL    NOT NULL,
    unit          TEXT    NOT NULL,
    baseline      REAL,
    baseline_date TEXT,
    period        TEXT,
    sentence      TEXT    NOT NULL,
    removed       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX indicators_by_ledger ON indicators(ledger_id);
CREATE INDEX indicators_by_task ON indicators(task_id);

-- What a return reported for one indicator: the number read, the unit written beside it (if
-- any) and the cell text as written. History like reported_values: kept per return.
CREATE TABLE indicator_values (
    return_id    INTEGER NOT NULL REFERENCES returns(id) ON DELETE CASCADE,
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    value        REAL    NOT NULL,
    unit         TEXT,
    raw          TEXT    NOT NULL,
    PRIMARY KEY (return_id, indicator_id)
);
CREATE INDEX indicator_values_by_indicator ON indicator_values(indicator_id);
