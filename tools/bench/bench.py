#!/usr/bin/env python3
"""migrator's benchmark suite: whole processes, medians and spreads, paired with floors.

Prints figures and asserts nothing about time. Each cell times migrator and, in the same run,
the floor it is compared with (A B A B ...), so a machine that slows down part-way slows both
sides of a pair; the ratio column is the median of the per-pair ratios.

Floors run the identical SQL through the database's own client:
  (1) every up script in one transaction (sqlite3 / psql -1);
  (2) one transaction per migration that also writes a version row (and, for down, deletes it);
  (3) starting the client, connecting and running one SELECT.

Workloads: W1 the shipped set; W2 1,000 migrations that each create a table; W2b 1,000
migrations that add a column or an index; W3 10,000 tiny migrations (one INSERT each);
W4 one migration of 100,000 INSERTs.
F fleets: `migrator fleet up` over 1,000 SQLite files and 100 PostgreSQL databases, each given
the shipped set (W1), at --parallel 1 and 2, against a shell loop of single `migrator up`
processes; also the no-op (every target up to date), peak RSS and connections opened.

Usually started through tools/bench/run, which builds and starts the test PostgreSQL.
"""
import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Migration:
    def __init__(self, version, name, up, down):
        self.version, self.name, self.up, self.down = version, name, up, down


class Workload:
    """One set of migrations; `migrations(dialect)` gives the SQL each dialect runs."""

    def __init__(self, key, title, build, shipped_dir=None):
        self.key, self.title, self._build, self.shipped_dir = key, title, build, shipped_dir

    def migrations(self, dialect):
        return self._build(dialect)


def shipped(dialect):
    out = []
    base = os.path.join(ROOT, "migrations")
    for entry in sorted(os.listdir(base)):
        folder = os.path.join(base, entry)
        if not os.path.isdir(folder):
            continue

        def script(kind):
            for name in (f"{kind}.{dialect}.sql", f"{kind}.sql"):
                path = os.path.join(folder, name)
                if os.path.exists(path):
                    with open(path, encoding="utf-8") as f:
                        return f.read()
            raise SystemExit(f"bench: {folder} has no {kind} script for {dialect}")

        version, _, name = entry.partition("_")
        out.append(Migration(int(version), name, script("up"), script("down")))
    return out


def create_tables(_dialect, count=1000):
    return [Migration(i, f"create_t{i}", f"CREATE TABLE t{i} (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n",
                      f"DROP TABLE t{i};\n") for i in range(1, count + 1)]


def alters(_dialect, count=1000):
    out = [Migration(1, "create_base", "CREATE TABLE base (id INTEGER PRIMARY KEY);\n", "DROP TABLE base;\n")]
    for i in range(2, count + 1):
        if i % 2 == 0:
            out.append(Migration(i, f"add_c{i}", f"ALTER TABLE base ADD COLUMN c{i} INTEGER;\n",
                                 f"ALTER TABLE base DROP COLUMN c{i};\n"))
        else:
            out.append(Migration(i, f"index_c{i - 1}", f"CREATE INDEX base_c{i - 1} ON base (c{i - 1});\n",
                                 f"DROP INDEX base_c{i - 1};\n"))
    return out


def tiny(_dialect, count=10000):
    out = [Migration(1, "create_tiny", "CREATE TABLE tiny (n INTEGER NOT NULL);\n", "DROP TABLE tiny;\n")]
    out += [Migration(i, f"row{i}", f"INSERT INTO tiny VALUES ({i});\n", f"DELETE FROM tiny WHERE n = {i};\n")
            for i in range(2, count + 1)]
    return out


def seed(_dialect, count=100000):
    rows = "".join(f"INSERT INTO seed VALUES ({i}, 'row {i}; with a semicolon');\n" for i in range(count))
    return [Migration(1, "seed", "CREATE TABLE seed (id INTEGER PRIMARY KEY, label TEXT NOT NULL);\n" + rows,
                      "DROP TABLE seed;\n")]


WORKLOADS = {
    "W1": Workload("W1", "the shipped set (8 migrations)", shipped, shipped_dir=os.path.join(ROOT, "migrations")),
    "W2": Workload("W2", "1,000 migrations, each creates a table", create_tables),
    "W2b": Workload("W2b", "1,000 migrations, each adds a column or an index", alters),
    "W3": Workload("W3", "10,000 tiny migrations (one INSERT each)", tiny),
    "W4": Workload("W4", "one migration of 100,000 INSERTs", seed),
}

VERSION_TABLE = "bench_version"


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


class Prepared:
    """A workload written to disk for one dialect: migrator's layout, dbmate's, and the floors."""

    def __init__(self, workload, dialect, root):
        self.workload, self.dialect = workload, dialect
        self.dir = os.path.join(root, f"{workload.key}-{dialect}")
        os.makedirs(self.dir)
        ms = workload.migrations(dialect)
        self.count = len(ms)
        width = max(4, len(str(ms[-1].version)))
        if workload.shipped_dir:
            self.migrations_dir = workload.shipped_dir
        else:
            self.migrations_dir = os.path.join(self.dir, "migrations")
            for m in ms:
                folder = os.path.join(self.migrations_dir, f"{m.version:0{width}d}_{m.name}")
                os.makedirs(folder)
                write(os.path.join(folder, "up.sql"), m.up)
                write(os.path.join(folder, "down.sql"), m.down)
        self.dbmate_dir = os.path.join(self.dir, "dbmate")
        os.makedirs(self.dbmate_dir)
        for m in ms:
            write(os.path.join(self.dbmate_dir, f"{m.version:0{width}d}_{m.name}.sql"),
                  f"-- migrate:up\n{m.up}\n-- migrate:down\n{m.down}\n")
        now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" if dialect == "sqlite" else "now()"
        vtype = "TEXT" if dialect == "sqlite" else "TIMESTAMPTZ"
        create = (f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version BIGINT PRIMARY KEY, "
                  f"name TEXT NOT NULL, applied_at {vtype} NOT NULL);\n")
        self.floor1 = os.path.join(self.dir, "floor1.sql")
        body = "".join(m.up for m in ms)
        # psql -1 wraps the file itself; sqlite3 needs the BEGIN/COMMIT written out.
        write(self.floor1, f"BEGIN;\n{body}COMMIT;\n" if dialect == "sqlite" else body)
        self.floor2_up = os.path.join(self.dir, "floor2-up.sql")
        write(self.floor2_up, create + "".join(
            f"BEGIN;\n{m.up}INSERT INTO {VERSION_TABLE} VALUES ({m.version}, '{m.name}', {now});\nCOMMIT;\n"
            for m in ms))
        self.floor2_down = os.path.join(self.dir, "floor2-down.sql")
        write(self.floor2_down, "".join(
            f"BEGIN;\n{m.down}DELETE FROM {VERSION_TABLE} WHERE version = {m.version};\nCOMMIT;\n"
            for m in reversed(ms)))


class Failed(Exception):
    pass


def timed(cmd, stdin_path=None):
    """Runs one whole process; returns its milliseconds. A failure stops the run."""
    with tempfile.TemporaryFile() as err:
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=err)
            _, status = os.waitpid(proc.pid, 0)
            elapsed = (time.perf_counter() - start) * 1000
        finally:
            if stdin_path:
                stdin.close()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            message = err.read().decode(errors="replace").strip().splitlines()
            raise Failed(f"{' '.join(cmd[:4])}... exited {proc.returncode}: {message[-1] if message else ''}")
        return elapsed


def peak_rss(cmd):
    """The process's peak RSS in MiB, through GNU time in a run of its own (untimed): a child
    forked from this Python process would count the interpreter's pages in its own peak."""
    with tempfile.NamedTemporaryFile(mode="r") as out:
        timed(["/usr/bin/time", "-q", "-f", "%M", "-o", out.name, *cmd])
        return int(out.read().strip().splitlines()[-1]) / 1024


class Target:
    """One database to run against: how to empty it and how its client runs a file."""

    def __init__(self, dialect, work, pg_url=None):
        self.dialect = dialect
        if dialect == "sqlite":
            self.folder = os.path.join(work, "sqlite-db")
            self.path = os.path.join(self.folder, "bench.db")
            self.url = f"sqlite:///{self.path}"
            self.dbmate_url = f"sqlite:{self.path}"
        else:
            self.admin_url = pg_url
            self.url = pg_url.rsplit("/", 1)[0] + "/migrator_bench"
            self.dbmate_url = self.url.replace("postgresql://", "postgres://", 1) + "?sslmode=disable"

    def reset(self):
        if self.dialect == "sqlite":
            shutil.rmtree(self.folder, ignore_errors=True)
            os.makedirs(self.folder)
        else:
            subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.admin_url,
                            "-c", "DROP DATABASE IF EXISTS migrator_bench WITH (FORCE)",
                            "-c", "CREATE DATABASE migrator_bench"], check=True, stdout=subprocess.DEVNULL)

    def client_file(self, path, one_transaction=False):
        if self.dialect == "sqlite":
            return ["sqlite3", "-bail", self.path], path
        cmd = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", path, self.url]
        return (cmd[:1] + ["-1"] + cmd[1:] if one_transaction else cmd), None

    def client_select(self):
        if self.dialect == "sqlite":
            return ["sqlite3", self.path, "SELECT 1"]
        return ["psql", "-X", "-qAt", "-c", "SELECT 1", self.url]


class Cell:
    """One row of the table: migrator's samples, the floor's and the peer's."""

    def __init__(self, workload, dialect, operation, floor_name, target_text):
        self.workload, self.dialect, self.operation = workload, dialect, operation
        self.floor_name, self.target_text = floor_name, target_text
        self.ours, self.floor, self.peer = [], [], []
        self.rss = None

    def add(self, ours, floor=None, peer=None):
        self.ours.append(ours)
        if floor is not None:
            self.floor.append(floor)
        if peer is not None:
            self.peer.append(peer)


def spread(samples):
    if not samples:
        return "", ""
    median = statistics.median(samples)
    if len(samples) == 1:
        return f"{median:,.1f}", ""
    return f"{median:,.1f}", f"{min(samples):,.1f}–{max(samples):,.1f}"


def ratio(ours, theirs):
    if not ours or not theirs:
        return ""
    return f"{statistics.median(a / b for a, b in zip(ours, theirs)):.2f}×"


class Bench:
    def __init__(self, args):
        self.args = args
        self.migrator = os.path.abspath(args.migrator)
        self.cells = {}
        self.fleet_cells = {}
        self.work = tempfile.mkdtemp(prefix="migrator-bench-")
        self.rss = os.access("/usr/bin/time", os.X_OK)  # GNU time (Debian package `time`)

    def cell(self, w, d, op, floor_name="", target=""):
        key = (w, d, op)
        if key not in self.cells:
            self.cells[key] = Cell(w, d, op, floor_name, target)
        return self.cells[key]

    def command(self, prepared, target, *command):
        return [self.migrator, "--dir", prepared.migrations_dir, "--database", target.url, *command]

    def ours(self, prepared, target, *command):
        return timed(self.command(prepared, target, *command))

    def dbmate(self, prepared, target, *command):
        cmd = [self.args.dbmate, "--url", target.dbmate_url, "--migrations-dir", prepared.dbmate_dir,
               "--no-dump-schema", *command]
        return timed(cmd)

    def run_workload(self, workload, target, runs):
        p = Prepared(workload, target.dialect, self.work)
        w, d = workload.key, target.dialect
        t_down = "≤ 1.1 × (2)" if w in ("W2", "W2b") else ""
        t_up = t_down or ("≤ 2 × (2), sqlite3 on the same file" if w == "W4" and d == "sqlite" else "")
        t_noop = "≤ 1.5 × (3)" if w in ("W1", "W2") else ""
        t_single = "≤ 1.3 × (1)" if w in ("W2", "W2b") else ""
        for run in range(runs):
            print(f"bench: {w} {d} run {run + 1}/{runs}", file=sys.stderr, flush=True)
            # migrator's up from empty, no-op up, status and down --all, the client's SELECT; then
            # floor (2) up and down from empty; then up --single-transaction and floor (1).
            target.reset()
            up = self.ours(p, target, "up")
            noop = self.ours(p, target, "up")
            select = timed(target.client_select())
            status = self.ours(p, target, "status")
            down = self.ours(p, target, "down", "--all")
            target.reset()
            f2_up = timed(*target.client_file(p.floor2_up))
            f2_down = timed(*target.client_file(p.floor2_down))
            target.reset()
            single = self.ours(p, target, "up", "--single-transaction")
            target.reset()
            f1 = timed(*target.client_file(p.floor1, one_transaction=True))
            peer = {}
            if self.args.dbmate:
                target.reset()
                peer["up"] = self.dbmate(p, target, "up")
                peer["noop"] = self.dbmate(p, target, "up")
                peer["status"] = self.dbmate(p, target, "status")
            self.cell(w, d, "up", "(2)", t_up).add(up, f2_up, peer.get("up"))
            self.cell(w, d, "down --all", "(2)", t_down).add(down, f2_down)
            self.cell(w, d, "up --single-transaction", "(1)", t_single).add(single, f1)
            self.cell(w, d, "no-op up", "(3)", t_noop).add(noop, select, peer.get("noop"))
            self.cell(w, d, "status", "(3)", "≤ 100 ms" if w == "W3" else "").add(status, select, peer.get("status"))
        if self.rss:
            # Peak RSS, once per operation, in runs of their own.
            target.reset()
            for op, args in (("up", ["up"]), ("no-op up", ["up"]), ("status", ["status"]),
                             ("down --all", ["down", "--all"])):
                self.cells[(w, d, op)].rss = peak_rss(self.command(p, target, *args))
            target.reset()
            self.cells[(w, d, "up --single-transaction")].rss = peak_rss(
                self.command(p, target, "up", "--single-transaction"))

    def run_fleets(self, dialect, runs, count):
        """`fleet up` against a shell loop of `migrator up`, over `count` fresh targets."""
        work = os.path.join(self.work, f"fleet-{dialect}")
        migrations = os.path.join(ROOT, "migrations")
        os.makedirs(work, exist_ok=True)
        yaml = os.path.join(work, "targets.yaml")
        names = [f"fleet_bench_{i}" for i in range(count)]
        if dialect == "sqlite":
            files = os.path.join(work, "tenants")
            urls = [f"sqlite:///{files}/{n}.db" for n in names]
            write(yaml, f"migrations: {migrations}\ntargets:\n  - glob: \"sqlite:///{files}/*.db\"\n")

            def reset():
                shutil.rmtree(files, ignore_errors=True)
                os.makedirs(files)
                for n in names:
                    open(os.path.join(files, n + ".db"), "w").close()
        else:
            base = self.args.pg_url.rsplit("/", 1)[0]
            urls = [f"{base}/{n}" for n in names]
            write(yaml, f"migrations: {migrations}\ntargets:\n" +
                  "".join(f"  - name: {n}\n    database: {u}\n" for n, u in zip(names, urls)))

            def reset():
                script = os.path.join(work, "reset.sql")
                write(script, "SET client_min_messages = warning;\n" + "".join(f"DROP DATABASE IF EXISTS {n} WITH (FORCE);\nCREATE DATABASE {n};\n"
                                      for n in names))
                subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", script, self.args.pg_url],
                               check=True, stdout=subprocess.DEVNULL)
        loop = os.path.join(work, "loop.sh")
        write(loop, "set -e\n" + "".join(f"'{self.migrator}' -q --dir '{migrations}' --database '{u}' up\n"
                                           for u in urls))
        modes = [("shell loop of `migrator up`", ["bash", loop])]
        for n in (1, 2):
            modes.append((f"fleet up --parallel {n}",
                          [self.migrator, "-q", "fleet", "up", "--targets", yaml, "--parallel", str(n)]))
        for run in range(runs):
            print(f"bench: F {dialect} ({count} targets) run {run + 1}/{runs}", file=sys.stderr, flush=True)
            for mode, cmd in modes:
                reset()
                self.fleet_cell(dialect, count, mode, "apply W1").add(timed(cmd))
                self.fleet_cell(dialect, count, mode, "no-op").add(timed(cmd))
        if self.rss:
            for mode, cmd in modes[1:]:
                reset()
                self.fleet_cell(dialect, count, mode, "apply W1").rss = peak_rss(cmd)
        if dialect == "postgresql":
            # Sessions the server counted (pg_stat_database.sessions, PostgreSQL 14+) per mode.
            listed = ",".join(f"'{n}'" for n in names)
            query = f"SELECT coalesce(sum(sessions), 0) FROM pg_stat_database WHERE datname IN ({listed})"
            for mode, cmd in modes:
                reset()
                before = int(subprocess.run(["psql", "-X", "-qAt", "-c", query, self.args.pg_url], check=True,
                                            capture_output=True, text=True).stdout.strip())
                timed(cmd)
                after = int(subprocess.run(["psql", "-X", "-qAt", "-c", query, self.args.pg_url], check=True,
                                           capture_output=True, text=True).stdout.strip())
                self.fleet_cell(dialect, count, mode, "apply W1").sessions = after - before
            subprocess.run(["psql", "-X", "-q", self.args.pg_url] +
                           [a for n in names for a in ("-c", f"DROP DATABASE IF EXISTS {n} WITH (FORCE)")],
                           check=False, stdout=subprocess.DEVNULL)

    def fleet_cell(self, dialect, count, mode, what):
        key = ("F", dialect, count, mode, what)
        if key not in self.fleet_cells:
            cell = Cell("F", dialect, what, "", "")
            cell.mode, cell.count, cell.sessions = mode, count, None
            self.fleet_cells[key] = cell
        return self.fleet_cells[key]

    def fleet_table(self):
        if not self.fleet_cells:
            return ""
        head = ["dialect", "targets", "operation", "how", "ms", "spread", "÷ shell loop", "target",
                "peak RSS MiB", "sessions opened"]
        rows = ["", "Fleets (F): each target gets the shipped set (W1); the shell loop runs one `migrator up`",
                "process per target, one after another.", "",
                "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for (_, d, count, mode, what), c in self.fleet_cells.items():
            loop = self.fleet_cells.get(("F", d, count, "shell loop of `migrator up`", what))
            ms, ms_spread = spread(c.ours)
            vs = ratio(c.ours, loop.ours) if loop is not c else ""
            target = "≤ 0.5×" if d == "sqlite" and mode.endswith("--parallel 2") and what == "apply W1" else ""
            rows.append("| " + " | ".join([d, f"{count:,}", what, mode, ms, ms_spread, vs, target,
                                           f"{c.rss:.1f}" if c.rss else "",
                                           "" if c.sessions is None else str(c.sessions)]) + " |")
        return "\n".join(rows) + "\n"

    def table(self):
        peer = bool(self.args.dbmate)
        head = ["workload", "dialect", "operation", "migrator ms", "spread", "floor", "floor ms", "ratio",
                "target", "peak RSS MiB"]
        if peer:
            head += ["dbmate ms", "dbmate ÷ migrator"]
        rows = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for c in self.cells.values():
            ours, ours_spread = spread(c.ours)
            floor, _ = spread(c.floor)
            row = [c.workload, c.dialect, c.operation, ours, ours_spread, c.floor_name if c.floor else "", floor,
                   ratio(c.ours, c.floor), c.target_text, f"{c.rss:.1f}" if c.rss else ""]
            if peer:
                theirs, _ = spread(c.peer)
                row += [theirs, ratio(c.peer, c.ours)]
            rows.append("| " + " | ".join(row) + " |")
        return "\n".join(rows) + "\n"

    def header(self, runs):
        def out(cmd):
            try:
                return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip().splitlines()[0]
            except (OSError, subprocess.CalledProcessError, IndexError):
                return "?"
        cpu = "?"
        try:
            with open("/proc/cpuinfo", encoding="utf-8") as f:
                cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
        except OSError:
            pass
        lines = [
            f"# migrator benchmark, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
            "",
            f"- machine: {platform.node()}, {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
            f"- migrator: {out([self.migrator, '--version'])} (commit {out(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'])})",
            f"- sqlite3: {out(['sqlite3', '--version']).split(' ')[0]}; psql: {out(['psql', '--version'])}",
            f"- runs: {runs} per cell, whole processes, median and min–max; ratio = median of the per-run "
            "ratios migrator ÷ floor (the floor is timed in the same run)",
            "- floors through the database's own client: (1) all the up SQL in one transaction; (2) one "
            "transaction per migration that also inserts (down: deletes) a version row; (3) start the client, "
            "connect, run one SELECT",
        ]
        if self.args.dbmate:
            lines.append(f"- dbmate: {out([self.args.dbmate, '--version'])}, `--no-dump-schema`")
        if not self.rss:
            lines.append("- peak RSS: not measured (/usr/bin/time, Debian package `time`, is missing)")
        return "\n".join(lines) + "\n\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--migrator", default=os.path.join(ROOT, "build", "migrator"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workloads", default="W1,W2,W2b,W3,W4,F")
    parser.add_argument("--dialects", default="sqlite,postgresql")
    parser.add_argument("--pg-url", default=os.environ.get("MIGRATOR_BENCH_PG_URL"),
                        help="a superuser URL of a PostgreSQL that may create and drop the database migrator_bench")
    parser.add_argument("--dbmate", default=shutil.which("dbmate"), help="dbmate's binary, for the peer column")
    parser.add_argument("--smoke", action="store_true",
                        help="W1, W4 and small fleets, one run each: proves the suite runs")
    parser.add_argument("--fleet-sqlite", type=int, default=1000, help="SQLite targets of the fleet workload F")
    parser.add_argument("--fleet-postgresql", type=int, default=100, help="PostgreSQL targets of the fleet workload F")
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "bench", "results.md"))
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.workloads, args.fleet_sqlite, args.fleet_postgresql = 1, "W1,W4,F", 20, 5
    keys = [k for k in args.workloads.split(",") if k]
    unknown = [k for k in keys if k not in WORKLOADS and k != "F"]
    if unknown:
        parser.error(f"unknown workload {unknown[0]} (known: {', '.join(WORKLOADS)}, F)")
    dialects = [d for d in args.dialects.split(",") if d]
    for d in dialects:
        if d not in ("sqlite", "postgresql"):
            parser.error(f"unknown dialect {d} (known: sqlite, postgresql)")
    if "postgresql" in dialects and not args.pg_url:
        parser.error("postgresql needs --pg-url (tools/bench/run starts the test server and passes it)")
    if not os.access(args.migrator, os.X_OK):
        parser.error(f"{args.migrator} is not an executable: build first (tools/build.sh)")
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    bench = Bench(args)
    try:
        for d in dialects:
            target = Target(d, bench.work, args.pg_url)
            for k in keys:
                if k == "F":
                    bench.run_fleets(d, args.runs, args.fleet_sqlite if d == "sqlite" else args.fleet_postgresql)
                else:
                    bench.run_workload(WORKLOADS[k], target, args.runs)
            if d == "postgresql":
                subprocess.run(["psql", "-X", "-q", args.pg_url, "-c", "DROP DATABASE IF EXISTS migrator_bench WITH (FORCE)"],
                               check=False, stdout=subprocess.DEVNULL)
    except Failed as e:
        print(f"bench: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(bench.work, ignore_errors=True)
    report = bench.header(args.runs) + bench.table() + bench.fleet_table()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    write(args.out, report)
    print(report)
    print(f"bench: written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
