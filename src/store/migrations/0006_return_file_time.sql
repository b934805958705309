-- 0006: which return counts is decided by the file's own time, row by row.
--
-- A unit may send several files in one round: a correction, a partial re-send with only the rows
-- that changed, or an older copy that arrives late. What the unit reported for a task and field is
-- the value from its return with the newest file time that reported that task and field (ties go
-- to the later collected); a return that left a row out leaves that row as it was. The file time
-- is the department's own save time (docProps/core.xml "modified", else the file's modification
-- time), stored in UTC as "YYYY-MM-DDTHH:MM:SSZ" so that text order is time order.
--
-- `superseded_by` (one whole return replaced by the next one collected) no longer says anything
-- and is dropped; the store computes the current values from `file_time` instead.

ALTER TABLE returns ADD COLUMN file_time TEXT NOT NULL DEFAULT '';
-- Where file_time came from: 'document' (core.xml), 'file' (the file system or the zip entry),
-- 'collected' (returns collected before this migration: their collect time).
ALTER TABLE returns ADD COLUMN file_time_source TEXT NOT NULL DEFAULT 'collected';

-- Returns collected before keep their order: collect time (local) converted to UTC.
UPDATE returns SET file_time = strftime('%Y-%m-%dT%H:%M:%SZ', received_at, 'utc');

ALTER TABLE returns DROP COLUMN superseded_by;

-- Each return's report (JSON, kept as the clerk saw it) moves to its own table: it can be tens
-- of kilobytes, and inside `returns` every look at a return's file time (which the current
-- values are decided by) read past it into overflow pages.
CREATE TABLE return_reports (
    return_id   INTEGER PRIMARY KEY REFERENCES returns(id) ON DELETE CASCADE,
    report_json TEXT    NOT NULL
);
INSERT INTO return_reports (return_id, report_json) SELECT id, report_json FROM returns;
ALTER TABLE returns DROP COLUMN report_json;

CREATE INDEX returns_by_unit ON returns(round_id, unit_id);
-- The current value of a task and field is looked up among that task's values.
DROP INDEX reported_values_by_task;
CREATE INDEX reported_values_by_task_field ON reported_values(task_id, field);
