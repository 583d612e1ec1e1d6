#!/usr/bin/env python3
"""Every command's --json document, successful and failing, validates against its JSON Schema
in docs/json/ (draft 2020-12, checked with python3-jsonschema).
    json_schema_test.py MIGRATOR SOURCE_DIR"""
import json, os, shutil, sqlite3, subprocess, sys, tempfile

from jsonschema import Draft202012Validator

migrator, source = sys.argv[1], sys.argv[2]
schemas = {}
for name in os.listdir(os.path.join(source, "docs", "json")):
    with open(os.path.join(source, "docs", "json", name)) as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    schemas[name[: -len(".schema.json")]] = Draft202012Validator(schema)

failures = []
seen = set()  # (schema, exit code) pairs validated


def run(cwd, args, expect):
    p = subprocess.run([migrator, "--json"] + args, cwd=cwd, capture_output=True, text=True)
    label = " ".join(args)
    if p.returncode != expect:
        failures.append(f"{label}: exit {p.returncode}, expected {expect}: {p.stderr.strip()}")
        return
    try:
        doc = json.loads(p.stdout)
    except ValueError as e:
        failures.append(f"{label}: stdout is not one JSON document ({e}): {p.stdout[:200]}")
        return
    name = doc.get("command", "error").replace(" ", "-")
    if name not in schemas:
        failures.append(f"{label}: no schema for command {name!r}")
        return
    for error in schemas[name].iter_errors(doc):
        failures.append(f"{label}: {name}.schema.json: {error.message} at {list(error.absolute_path)}")
    seen.add((name, expect))


with tempfile.TemporaryDirectory() as tmp:
    shutil.copytree(os.path.join(source, "migrations"), os.path.join(tmp, "migrations"))
    db = ["--database", "sqlite:///app.db"]
    run(tmp, ["validate"], 0)
    run(tmp, db + ["up", "--sql"], 0)
    run(tmp, db + ["up", "--dry-run"], 0)
    run(tmp, db + ["up", "--to", "77"], 2)
    run(tmp, db + ["up", "--to", "3"], 0)
    run(tmp, db + ["status"], 0)
    run(tmp, db + ["status", "--exit-code"], 3)
    run(tmp, db + ["history"], 0)
    run(tmp, db + ["validate"], 0)
    run(tmp, db + ["down"], 0)
    run(tmp, db + ["down", "--steps", "99"], 2)
    run(tmp, db + ["down", "--sql"], 0)
    run(tmp, db + ["repair", "--remove", "1"], 2)
    run(tmp, db + ["baseline", "2"], 2)
    run(tmp, ["--database", "sqlite:///fresh.db", "baseline", "2"], 0)
    run(tmp, db + ["schema", "dump"], 0)
    run(tmp, db + ["schema", "dump", "--format", "sql"], 0)
    run(tmp, db + ["version"], 0)
    run(tmp, db + ["up", "--to", "1"], 0)  # behind the current version
    run(tmp, db + ["goto", "3"], 0)
    run(tmp, db + ["redo"], 0)
    run(tmp, db + ["goto", "77"], 2)
    run(tmp, db + ["wait"], 0)
    run(tmp, ["--wait", "200ms", "--database", "postgresql://u@127.0.0.1:1/db", "wait"], 1)
    run(tmp, ["help", "up"], 0)
    run(tmp, ["help", "lint-rules"], 0)
    run(tmp, ["help", "frob"], 2)
    init_dir = os.path.join(tmp, "fresh_project")
    os.makedirs(init_dir)
    run(init_dir, ["init"], 0)
    run(init_dir, ["init"], 2)
    run(tmp, ["--database", "sqlite:///none.db", "schema", "dump"], 1)
    run(tmp, ["check"], 3)  # no snapshot yet
    run(tmp, ["check", "--update-snapshot"], 0)
    run(tmp, ["check"], 0)
    run(tmp, ["new", "add_bio"], 0)
    run(tmp, ["new", ""], 2)
    shutil.rmtree(os.path.join(tmp, "migrations", "0009_add_bio"))
    # a held write lock: exit 4
    holder = sqlite3.connect(os.path.join(tmp, "app.db"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    run(tmp, db + ["up", "--lock-timeout", "200ms"], 4)
    holder.execute("ROLLBACK")
    holder.close()
    # a changed applied script: validate and up exit 3
    with open(os.path.join(tmp, "migrations", "0001_create_users", "up.sql"), "a") as f:
        f.write("\n-- edited\n")
    run(tmp, db + ["validate"], 3)
    run(tmp, db + ["up"], 3)
    run(tmp, db + ["status"], 0)  # with its hint
    run(tmp, db + ["repair", "--accept-checksum", "1"], 0)
    run(tmp, db + ["history"], 0)  # with the accepted checksum
    # a failing migration: exit 1
    os.makedirs(os.path.join(tmp, "broken", "1_broken"))
    for script, text in (("up.sql", "CREATE TABLE t (x INT);\nINSERT INTO missing VALUES (1);\n"),
                         ("down.sql", "DROP TABLE t;\n")):
        with open(os.path.join(tmp, "broken", "1_broken", script), "w") as f:
            f.write(text)
    run(tmp, ["--dir", "broken"] + db + ["--version-table", "other", "up"], 1)
    run(tmp, ["--dir", "nowhere"] + db + ["status"], 2)
    # import: from dbmate, refused when dirty, and without a target
    os.makedirs(os.path.join(tmp, "dbmate"))
    with open(os.path.join(tmp, "dbmate", "1_a.sql"), "w") as f:
        f.write("-- migrate:up\nCREATE TABLE a (x INT);\n-- migrate:down\nDROP TABLE a;\n")
    other = sqlite3.connect(os.path.join(tmp, "other.db"))
    other.execute("CREATE TABLE schema_migrations (version varchar(128) PRIMARY KEY)")
    other.execute("INSERT INTO schema_migrations VALUES ('1')")
    other.execute("CREATE TABLE gm (version bigint, dirty boolean)")
    other.execute("INSERT INTO gm VALUES (1, 1)")
    other.commit()
    other.close()
    imp = ["--dir", "dbmate", "--database", "sqlite:///other.db", "import"]
    run(tmp, imp + ["--from", "dbmate", "--to", "converted"], 0)
    run(tmp, imp + ["--from", "dbmate"], 2)
    run(tmp, ["--dir", "dbmate", "--database", "sqlite:///other2.db", "import", "--from", "goose"], 2)
    shutil.copy(os.path.join(tmp, "other.db"), os.path.join(tmp, "dirty.db"))
    d = sqlite3.connect(os.path.join(tmp, "dirty.db"))
    d.execute("DROP TABLE schema_version")
    d.commit()
    d.close()
    os.makedirs(os.path.join(tmp, "gm"))
    for script in ("1_a.up.sql", "1_a.down.sql"):
        with open(os.path.join(tmp, "gm", script), "w") as f:
            f.write("SELECT 1;\n")
    run(tmp, ["--dir", "gm", "--database", "sqlite:///dirty.db", "import", "--from", "golang-migrate",
              "--table", "gm"], 3)
    # fleet: every subcommand, succeeding, failing (a broken set, an unreachable server) and with findings
    fleet = os.path.join(tmp, "fleet")
    shutil.copytree(os.path.join(source, "migrations"), os.path.join(fleet, "migrations"))
    shutil.copytree(os.path.join(tmp, "broken"), os.path.join(fleet, "broken"))
    os.makedirs(os.path.join(fleet, "tenants"))
    for name in ("a.db", "b.db"):
        open(os.path.join(fleet, "tenants", name), "w").close()
    with open(os.path.join(fleet, "targets.yaml"), "w") as f:
        f.write('targets:\n  - glob: "sqlite:///tenants/*.db"\n'
                "  - name: broken\n    database: sqlite:///broken.db\n    migrations: broken\n"
                "  - name: away\n    database: postgresql://u:pw@127.0.0.1:1/db\n")
    fl = ["fleet"]
    t = ["--targets", "targets.yaml"]
    run(fleet, fl + ["status"] + t + ["--only", "a,b"], 0)
    run(fleet, fl + ["up", "--sql"] + t + ["--only", "a"], 0)
    run(fleet, fl + ["up", "--dry-run"] + t + ["--only", "a"], 0)
    run(fleet, fl + ["up"] + t, 1)
    run(fleet, fl + ["status", "--exit-code"] + t + ["--only", "a,b,broken"], 3)
    run(fleet, fl + ["validate"] + t + ["--only", "a,b"], 0)
    run(fleet, fl + ["check"] + t + ["--only", "a,b"], 0)
    run(fleet, fl + ["down"] + t + ["--only", "a"], 0)
    run(fleet, fl + ["down", "--steps", "99"] + t + ["--only", "b"], 2)
    run(fleet, fl + ["up"] + t + ["--only", "nobody"], 2)
    with open(os.path.join(fleet, "migrations", "0001_create_users", "up.sql"), "a") as f:
        f.write("\n-- edited\n")
    run(fleet, fl + ["validate"] + t + ["--only", "a,b"], 3)
    run(fleet, fl + ["check"] + t + ["--only", "b"], 3)
    run(fleet, fl + ["up"] + t + ["--only", "b"], 3)
    run(fleet, fl + ["down"] + t + ["--only", "away"], 1)
    run(fleet, fl + ["status"] + t, 1)
    run(fleet, fl + ["validate"] + t, 3)
    run(fleet, fl + ["check"] + t, 3)
    run(tmp, ["--bogus"], 2)
    run(tmp, ["frobnicate"], 2)

missing = sorted(set(schemas) - {name for name, _ in seen})
if missing:
    failures.append(f"no document validated against: {', '.join(missing)}")
for f in failures:
    print("FAIL:", f)
print(f"json_schema: {len(seen)} (command, exit code) pairs validated, {len(failures)} failure(s)")
sys.exit(1 if failures else 0)
