DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_02') THEN
        CREATE TYPE status_02 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t02 ADD COLUMN status status_02;
