DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_08') THEN
        CREATE TYPE status_08 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t08 ADD COLUMN status status_08;
