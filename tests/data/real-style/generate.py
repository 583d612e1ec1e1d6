#!/usr/bin/env python3
"""Writes the "real-style" fixtures: migration sets written the way large public sets are, to be
read by migrator unchanged (README "Switching from another tool"). Run it to regenerate them.
  golang-migrate-postgresql/  60 golang-migrate pairs for PostgreSQL: DO $$ blocks, dollar-quoted
                              functions with nested quotes, CREATE INDEX CONCURRENTLY, comments
                              holding ; and quotes, files wrapped in BEGIN/COMMIT, empty downs
                              for data migrations, and ONE genuinely wrong down (000024: it
                              forgets its index), which check must name, and nothing else.
  popx-dual/                  20 popx/sqlx migrations for SQLite and PostgreSQL, with
                              per-database files where the SQL differs."""
import os, shutil

here = os.path.dirname(os.path.abspath(__file__))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def golang_migrate():
    d = os.path.join(here, "golang-migrate-postgresql")
    shutil.rmtree(d, ignore_errors=True)
    n = 0
    for g in range(1, 13):
        t = f"t{g:02d}"

        def pair(name, up, down):
            nonlocal n
            n += 1
            write(os.path.join(d, f"{n:06d}_{name}.up.sql"), up)
            write(os.path.join(d, f"{n:06d}_{name}.down.sql"), down)

        pair(f"create_{t}",
             f"-- {t}: don't split here; it's only a comment with 'quotes' and \"doubles\"\n"
             f"CREATE TABLE {t} (\n    id bigserial PRIMARY KEY,\n    name text NOT NULL,\n"
             f"    note text DEFAULT 'it''s; fine' /* a ; inside a block comment 'x' */\n);\n",
             f"DROP TABLE {t};\n")
        pair(f"{t}_status",
             "DO $$\nBEGIN\n"
             f"    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'status_{g:02d}') THEN\n"
             f"        CREATE TYPE status_{g:02d} AS ENUM ('new', 'done; really');\n"
             "    END IF;\nEND\n$$;\n"
             f"ALTER TABLE {t} ADD COLUMN status status_{g:02d};\n",
             f"ALTER TABLE {t} DROP COLUMN status;\nDROP TYPE status_{g:02d};\n")
        pair(f"{t}_touch_trigger",
             "BEGIN;\n"
             f"CREATE OR REPLACE FUNCTION touch_{t}() RETURNS trigger LANGUAGE plpgsql AS $body$\n"
             "BEGIN\n"
             "    -- a comment inside the body; with 'quotes'\n"
             "    NEW.note := coalesce(NEW.note, 'it''s ' || $q$dollar; \"quoted\"$q$);\n"
             "    RETURN NEW;\nEND\n$body$;\n"
             f"CREATE TRIGGER {t}_touch BEFORE INSERT ON {t} FOR EACH ROW EXECUTE FUNCTION touch_{t}();\n"
             "COMMIT;\n",
             f"BEGIN;\nDROP TRIGGER {t}_touch ON {t};\nDROP FUNCTION touch_{t}();\nCOMMIT;\n")
        wrong = g == 5
        pair(f"{t}_name_index",
             f"CREATE INDEX CONCURRENTLY idx_{t}_name ON {t} (name);\n",
             "-- forgot to drop the index\nSELECT 1;\n" if wrong else
             f"DROP INDEX CONCURRENTLY IF EXISTS idx_{t}_name;\n")
        pair(f"{t}_seed",
             f"INSERT INTO {t} (name, note) VALUES ('a;b', 'c''d'), ('e', NULL);\n",
             "-- data only: nothing to undo; the rows may stay\n")
    return n


def popx():
    d = os.path.join(here, "popx-dual")
    shutil.rmtree(d, ignore_errors=True)
    n = 0
    for g in range(1, 6):
        t = f"p{g}"

        def files(name, up, down, pg_up=None, sqlite_up=None):
            nonlocal n
            n += 1
            v = f"2021010100{n:04d}"
            if up is not None:
                write(os.path.join(d, f"{v}_{name}.up.sql"), up)
            if pg_up is not None:
                write(os.path.join(d, f"{v}_{name}.postgres.up.sql"), pg_up)
            if sqlite_up is not None:
                write(os.path.join(d, f"{v}_{name}.sqlite3.up.sql"), sqlite_up)
            write(os.path.join(d, f"{v}_{name}.down.sql"), down)

        files(f"create_{t}", None, f"DROP TABLE {t};\n",
              pg_up=f"CREATE TABLE {t} (id BIGSERIAL PRIMARY KEY, title VARCHAR(100) NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now());\n",
              sqlite_up=f"CREATE TABLE {t} (id INTEGER PRIMARY KEY AUTOINCREMENT, title VARCHAR(100) NOT NULL, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);\n")
        files(f"{t}_title_index", f"CREATE UNIQUE INDEX {t}_title ON {t} (title);\n", f"DROP INDEX {t}_title;\n")
        files(f"{t}_body", f"ALTER TABLE {t} ADD COLUMN body TEXT;\n", f"ALTER TABLE {t} DROP COLUMN body;\n")
        files(f"{t}_seed", f"-- ; and 'quotes' in a comment\nINSERT INTO {t} (title, body) VALUES ('x;y', 'it''s');\n",
              f"DELETE FROM {t} WHERE title = 'x;y';\n")
    return n


print(golang_migrate(), "golang-migrate pairs;", popx(), "popx migrations")
