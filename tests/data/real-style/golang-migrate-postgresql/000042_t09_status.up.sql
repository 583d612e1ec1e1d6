DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_09') THEN
        CREATE TYPE status_09 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t09 ADD COLUMN status status_09;
