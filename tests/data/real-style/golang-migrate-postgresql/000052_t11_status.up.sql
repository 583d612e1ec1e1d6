DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_11') THEN
        CREATE TYPE status_11 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t11 ADD COLUMN status status_11;
