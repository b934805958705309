-- 0005: a random UUID for every ledger and round. Unit files carry them, so a file can never be
-- taken for a ledger or round that reused a deleted one's integer id (after an undo or a
-- restore). Existing rows get a random version-4 UUID here; new rows get theirs from the engine.

ALTER TABLE ledgers ADD COLUMN uuid TEXT;
ALTER TABLE rounds ADD COLUMN uuid TEXT;

UPDATE ledgers SET uuid = lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
    || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1)
    || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)));
UPDATE rounds SET uuid = lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4'
    || substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + abs(random()) % 4, 1)
    || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)));

CREATE UNIQUE INDEX ledgers_by_uuid ON ledgers(uuid);
CREATE UNIQUE INDEX rounds_by_uuid ON rounds(uuid);
