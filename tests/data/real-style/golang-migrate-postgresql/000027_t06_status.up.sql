DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_06') THEN
        CREATE TYPE status_06 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t06 ADD COLUMN status status_06;
