-- 0001: the ledger, its sheets and layout, tasks, units and the change log.

CREATE TABLE ledgers (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL,
    source_file     TEXT    NOT NULL,
    source_sha256   TEXT    NOT NULL,
    source_document TEXT,
    issuing_office  TEXT,
    schedule        TEXT,
    anchor_year     INTEGER,
    imported_at     TEXT    NOT NULL
);
CREATE INDEX ledgers_by_hash ON ledgers(source_sha256);

CREATE TABLE sheets (
    id          INTEGER PRIMARY KEY,
    ledger_id   INTEGER NOT NULL REFERENCES ledgers(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    label       TEXT,
    title       TEXT,
    layout_json TEXT    NOT NULL,
    UNIQUE (ledger_id, position)
);

CREATE TABLE sheet_columns (
    sheet_id INTEGER NOT NULL REFERENCES sheets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    letter   TEXT    NOT NULL,
    header   TEXT    NOT NULL,
    field    TEXT    NOT NULL,
    PRIMARY KEY (sheet_id, position)
);

CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    sheet_id      INTEGER NOT NULL REFERENCES sheets(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    source_row    INTEGER NOT NULL,
    seq           TEXT    NOT NULL,
    category_json TEXT    NOT NULL,
    measure       TEXT    NOT NULL,
    deadline_json TEXT    NOT NULL,
    deadline_due  TEXT,
    UNIQUE (sheet_id, position)
);

CREATE TABLE task_cells (
    task_id  INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    value    TEXT    NOT NULL,
    PRIMARY KEY (task_id, position)
);

-- confirmed = 1: in the directory (shipped or confirmed by the user); 0: first seen in an import.
CREATE TABLE units (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    confirmed  INTEGER NOT NULL DEFAULT 0,
    contact    TEXT,
    phone      TEXT,
    created_at TEXT    NOT NULL
);

-- Every spelling a unit goes by, its canonical name included; `key` is the normalised spelling.
CREATE TABLE unit_aliases (
    key     TEXT    PRIMARY KEY,
    alias   TEXT    NOT NULL,
    unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE
);

CREATE TABLE task_units (
    task_id  INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
    unit_id  INTEGER NOT NULL REFERENCES units(id),
    role     TEXT    NOT NULL CHECK (role IN ('lead', 'co')),
    position INTEGER NOT NULL,
    raw_name TEXT    NOT NULL,
    PRIMARY KEY (task_id, unit_id, role)
);
CREATE INDEX task_units_by_unit ON task_units(unit_id);

-- The audit trail. Never pruned; rows outlive the entities they describe.
CREATE TABLE change_batches (
    id        INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    source_sha256 TEXT,
    summary   TEXT    NOT NULL,
    undone_at TEXT
);

CREATE TABLE changes (
    id        INTEGER PRIMARY KEY,
    batch_id  INTEGER NOT NULL REFERENCES change_batches(id),
    entity    TEXT    NOT NULL,
    entity_id INTEGER NOT NULL,
    field     TEXT,
    old_value TEXT,
    new_value TEXT
);
CREATE INDEX changes_by_entity ON changes(entity, entity_id);
