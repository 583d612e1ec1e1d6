DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_10') THEN
        CREATE TYPE status_10 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t10 ADD COLUMN status status_10;
