DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_03') THEN
        CREATE TYPE status_03 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t03 ADD COLUMN status status_03;
