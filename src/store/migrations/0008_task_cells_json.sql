-- 0008: a task's original cells as one JSON array of texts (by column position) in the task's
-- own row, instead of one row per cell in task_cells: an import writes one row per task instead
-- of ten, and reading a ledger back joins nothing. The texts move as they are.

ALTER TABLE tasks ADD COLUMN cells_json TEXT NOT NULL DEFAULT '[]';

UPDATE tasks SET cells_json = COALESCE(
    (SELECT json_group_array(value ORDER BY position) FROM task_cells WHERE task_id = tasks.id),
    '[]'
);

DROP TABLE task_cells;
