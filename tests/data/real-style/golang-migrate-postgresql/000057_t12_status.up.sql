DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_12') THEN
        CREATE TYPE status_12 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t12 ADD COLUMN status status_12;
