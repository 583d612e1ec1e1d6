DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_05') THEN
        CREATE TYPE status_05 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t05 ADD COLUMN status status_05;
