DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_01') THEN
        CREATE TYPE status_01 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t01 ADD COLUMN status status_01;
