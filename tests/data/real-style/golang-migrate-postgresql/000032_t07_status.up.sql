DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_07') THEN
        CREATE TYPE status_07 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t07 ADD COLUMN status status_07;
