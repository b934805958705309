-- 0007: per-ledger settings the clerk edits once: the wording of the progress report and the
-- 考核 notice (template text with placeholders) and the scoring rules. `key` is e.g.
-- "report.title" or "score.on_time"; a key without a row takes the shipped default. Every
-- change is in the change log (entity "ledger_setting", field = key) and undoable.
CREATE TABLE ledger_settings (
    ledger_id INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
    key       TEXT    NOT NULL,
    value     TEXT    NOT NULL,
    PRIMARY KEY (ledger_id, key)
);
