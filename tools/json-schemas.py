#!/usr/bin/env python3
# Writes docs/json/*.schema.json, the JSON Schemas (draft 2020-12) of every command's --json
# document. Run it after changing a document's shape, and bump schema_version when the change
# is not only an addition: tests/json_schema_test.py validates the real output against them.
import json, os
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "json")
BASE = "https://migrator.example/json/v1/"
INT = {"type": "integer"}
STR = {"type": "string"}
NULLABLE = lambda t: {"type": [t, "null"]}
def obj(props, required=None, extra=False):
    o = {"type": "object", "properties": props, "required": required if required is not None else list(props)}
    if not extra: o["additionalProperties"] = False
    return o
message_item = obj({"kind": STR, "version": INT, "message": STR})
warnings = {"type": "array", "items": message_item}
origin = {"enum": ["run", "baseline", "import"]}
step = obj({"version": INT, "name": STR, "outcome": {"enum": ["applied", "reverted", "skipped", "already_done", "would_apply", "would_revert"]}, "execution_ms": INT,
            "shown_version": {"type": "string", "description": "the version as its tool writes it (Flyway's 1.1), where that is not the number"},
            "repeatable": {"type": "string", "description": "a repeatable migration's key (R__views, repeatable/views); its version is the row's internal key"}},
           ["version", "name", "outcome", "execution_ms"])
commands = {
    "up": ("apply pending migrations (also `up --sql`, `up --dry-run`)",
           {"steps": {"type": "array", "items": step}, "current_version": NULLABLE("integer"),
            "sql": {"type": "array", "items": STR},
            "target_behind_current": {"type": "boolean", "description": "--to names an applied version older than the current one: nothing ran"}}, None),
    "redo": ("the newest applied migration rolled back and applied again",
             {"steps": {"type": "array", "items": step}, "current_version": NULLABLE("integer")},
             ["steps", "current_version"]),
    "goto": ("up or down to exactly a version",
             {"steps": {"type": "array", "items": step}, "current_version": NULLABLE("integer")},
             ["steps", "current_version"]),
    "version": ("the current version alone", {"current_version": NULLABLE("integer"), "dirty": {"type": "boolean"},
                "shown_version": {"type": "string", "description": "Flyway and diesel sets: the version as the tool writes it"}},
                ["current_version", "dirty"]),
    "init": ("the config file and migrations directory written", {"created": {"type": "array", "items": STR},
             "gitignore": {"type": "array", "items": STR, "description": "lines added to .gitignore"}}, ["created"]),
    "wait": ("the database answered", {"waited_ms": INT}, ["waited_ms"]),
    "help": ("a command's help text, or the lint rules (help lint-rules)", {"help": STR,
             "lint_rules": {"type": "array", "items": obj({"dialect": STR, "id": STR, "severity": STR, "summary": STR})}}, []),
    "down": ("roll back applied migrations (also `down --sql`, `down --dry-run`)",
             {"steps": {"type": "array", "items": step}, "current_version": NULLABLE("integer"),
              "sql": {"type": "array", "items": STR}}, None),
    "status": ("the database against the migration set",
               {"migrations": {"type": "array", "items": obj({
                   "version": INT, "name": STR,
                   "state": {"enum": ["applied", "pending", "changed", "dirty", "not_for_dialect", "missing"]},
                   "checksum": NULLABLE("string"), "applied_at": NULLABLE("string"), "applied_by": NULLABLE("string"),
                   "execution_ms": NULLABLE("integer"), "statements_done": NULLABLE("integer"),
                   "recorded_name": NULLABLE("string"), "origin": {"enum": ["run", "baseline", "import", None]},
                   "direction": {"enum": ["up", "down"]},
                   "shown_version": {"type": "string", "description": "the version as its tool writes it (Flyway's 1.1)"}},
                   ["version", "name", "state", "checksum", "applied_at", "applied_by", "execution_ms", "statements_done",
                    "recorded_name", "origin"])},
                "repeatables": {"type": "array", "items": obj({"name": STR, "state": {"enum": ["applied", "pending"]},
                    "checksum": STR, "applied_at": NULLABLE("string")})},
                "foreign": obj({"tool": STR, "table": STR, "version": STR, "message": STR}),
                "current_version": NULLABLE("integer"), "pending": INT, "warnings": warnings,
                "hint": {"type": "string", "description": "what to do about the problems, when there are some"},
                "problems": obj({"changed": INT, "missing": INT, "out_of_order": INT, "dirty": INT})},
               ["migrations", "current_version", "pending", "problems"]),
    "history": ("the rows of the version table",
                {"history": {"type": "array", "items": obj({"version": INT, "name": STR, "checksum": STR,
                    "applied_at": STR, "applied_by": STR, "execution_ms": INT, "dirty": {"type": "boolean"},
                    "statements_done": INT, "origin": origin, "previous_checksum": NULLABLE("string"),
                    "checksum_accepted_by": NULLABLE("string")})}}, ["history"]),
    "validate": ("the set is well formed; applied checksums match",
                 {"valid": {"type": "boolean"}, "findings": {"type": "array", "items": message_item},
                  "warnings": {"type": "array", "items": message_item},
                  "not_for": {"type": "object", "additionalProperties": STR,
                              "description": "without a database: the dialects another tool's set does not load for, and why"}},
                 ["valid", "warnings"]),
    "new": ("the folder created", {"created": STR, "files": {"type": "array", "items": STR,
            "description": "every file written, in the layout of the set's tool"}, "warnings": warnings}, ["created"]),
    "repair": ("a dirty row resolved, or an edited checksum accepted",
               {"version": INT, "action": {"enum": ["marked_applied", "removed", "checksum_accepted", "checksum_matched"]},
                "previous_checksum": STR}, ["version", "action"]),
    "baseline": ("versions recorded as applied", {"recorded": {"type": "array", "items": INT}}, ["recorded"]),
    "check": ("everything a CI job checks (exit 3 with findings)",
              {"clean": {"type": "boolean"},
               "findings": {"type": "array", "items": obj({"kind": STR, "dialect": STR, "migration": STR, "file": STR,
                    "line": INT, "rule": STR, "message": STR, "diff": STR})},
               "dialects": {"type": "array", "items": obj({"dialect": STR, "migrations": INT, "failed": INT,
                    "skipped": INT, "drift_skipped": STR, "irreversible": {"type": "array", "items": STR},
                    "snapshot_written": {"type": "boolean"}, "live_checked": {"type": "boolean"}})},
               "parity_skipped": STR},
              ["clean", "findings", "dialects", "parity_skipped"]),
    "schema dump": ("the database schema, as text (the snapshot form) or sql",
                    {"schema": STR, "format": {"enum": ["text", "sql", "dot", "mermaid"]}, "output": STR}, ["schema", "format"]),
    "import": ("another tool's set converted and its table adopted",
               {"from": {"enum": ["golang-migrate", "dbmate", "goose", "diesel", "sqlx", "flyway"]},
                "to": STR, "converted": {"type": "array", "items": STR},
                "imported": {"type": "array", "items": INT}}, ["from"]),
}
# What a writing command prints first: the database it uses (redacted) and where that came from.
announced = {"database": {"type": "string", "description": "the redacted URL of the database a writing command uses"},
             "database_source": {"type": "string", "description": "where it came from: --database, \"--env production in migrator.yaml:9\", \"DATABASE_URL from .env:1\", ..."}}
for name in ("up", "down", "goto", "redo", "repair", "baseline", "import"):
    commands[name][1].update(announced)
fleet_target = obj({
    "name": STR, "database": {"type": "string", "description": "the redacted URL"},
    "schema": NULLABLE("string"),
    "outcome": {"enum": ["applied", "up_to_date", "reverted", "nothing_to_revert", "would_apply", "would_revert", "sql",
                         "pending", "problems", "valid", "failed", "lock_timeout", "interrupted", "skipped"]},
    "count": {"type": "integer", "description": "migrations applied, reverted, that would be, pending, or problems found"},
    "exit_code": {"enum": [0, 1, 2, 3, 4]},
    "version_before": NULLABLE("integer"), "version_after": NULLABLE("integer"), "ms": INT,
    "source": {"type": "string", "description": "the targets file's line the target comes from"},
    "error": {"type": "string", "description": "one line: failed, lock_timeout, interrupted"},
    "findings": {"type": "array", "items": STR}, "sql": {"type": "array", "items": STR}},
    ["name", "database", "schema", "outcome", "count", "exit_code", "version_before", "version_after", "ms", "source"])
fleet_props = {"targets": {"type": "array", "items": fleet_target},
               "totals": {"type": "object", "additionalProperties": INT, "required": ["targets"],
                          "description": "targets, and how many ended with each outcome"},
               "parallel": INT, "elapsed_ms": INT,
               "targets_file": STR, "shard": {"type": ["string", "null"], "description": "I/N: the part of the targets this runner took (--shard, --shards, MIGRATOR_SHARD)"}}
for sub, what in [("up", "apply pending migrations on every target"), ("down", "roll back on every target"),
                  ("status", "every target's version and pending migrations"),
                  ("validate", "every target's applied checksums and folders"),
                  ("check", "every target's changed, missing, out-of-order or dirty migrations")]:
    commands["fleet " + sub] = ("fleet: " + what, fleet_props, ["targets", "totals", "parallel", "elapsed_ms"])
def envelope(props, command):
    p = {"schema_version": {"const": 1}, "exit_code": {"enum": [0, 1, 2, 3, 4]},
         "error": {"type": "string", "description": "one line; present when the command failed"}}
    if command: p["command"] = {"const": command}
    p.update(props)
    return p
for name, (what, props, required) in commands.items():
    file = name.replace(" ", "-") + ".schema.json"
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE + file,
        "title": f"migrator {name} --json",
        "description": f"The document `migrator {name} --json` prints: {what}. Version 1: a change to its shape is a new schema_version.",
        "type": "object",
        "properties": envelope(props, name),
        "required": ["schema_version", "exit_code", "command"],
        "additionalProperties": False,
        "allOf": [
            {"if": {"properties": {"exit_code": {"enum": [1, 2, 4]}}}, "then": {"required": ["error"]}},
        ],
    }
    if required:
        schema["allOf"].append({"if": {"properties": {"exit_code": {"const": 0}}},
                                "then": {"required": required}})
    elif name in ("up", "down"):
        schema["allOf"].append({"if": {"properties": {"exit_code": {"const": 0}}},
                                "then": {"anyOf": [{"required": ["steps", "current_version"]}, {"required": ["sql"]}]}})
    json.dump(schema, open(os.path.join(out, file), "w"), indent=2)
    open(os.path.join(out, file), "a").write("\n")
error = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": BASE + "error.schema.json",
    "title": "migrator --json, when the command line itself is wrong",
    "description": "The document printed when no command could be parsed (an unknown command or flag): exit 2.",
    "type": "object",
    "properties": envelope({}, None),
    "required": ["schema_version", "exit_code", "error"],
    "additionalProperties": False,
}
json.dump(error, open(os.path.join(out, "error.schema.json"), "w"), indent=2)
open(os.path.join(out, "error.schema.json"), "a").write("\n")
