DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_04') THEN
        CREATE TYPE status_04 AS ENUM ('new', 'done; really');
    END IF;
END
$$;
ALTER TABLE t04 ADD COLUMN status status_04;
