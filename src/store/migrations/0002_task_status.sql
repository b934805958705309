-- 0002: a task's current status (已完成 / 推进中 / 未启动 / 长期坚持), set by the clerk or a return.
ALTER TABLE tasks ADD COLUMN status TEXT;
