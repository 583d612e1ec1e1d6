#include "commands.hpp"
#include "render/usage.hpp"

namespace migrator::cli {

void define_cli(CLI::App& app, GlobalOptions& options, Context& ctx, CommandList& commands) {
    app.name("migrator");
    app.description("migrator: ordered, versioned up/down schema migrations for SQLite and PostgreSQL");
    app.set_version_flag("--version", std::string("migrator ") + migrator::version());
    app.require_subcommand(1);
    app.fallthrough(); // global flags work after the command name too
    auto& o = options.overrides;
    app.add_option("--database,--url,-u", o.database,
                   "database URL (sqlite:///file.db, postgresql://user@host/db)")
        ->type_name("URL");
    app.add_option("--dir", o.migrations_dir, "migrations directory (default: migrations)")->type_name("DIR");
    app.add_option(
           "--format", o.format,
           "layout of the migrations directory: migrator, golang-migrate, dbmate, goose, diesel, sqlx, "
           "flyway (default: detected)")
        ->type_name("FORMAT");
    app.add_flag("--allow-empty", options.allow_empty,
                 "an empty or missing migrations directory is an empty set, not an error");
    app.add_option("--config", o.config_file, "config file (default: ./migrator.yaml when present)")
        ->type_name("FILE");
    app.add_option("--env", o.environment,
                   "environment of the config file (default: MIGRATOR_ENV, then default_environment)")
        ->type_name("NAME");
    app.add_option("--version-table", o.version_table, "version table name (default: schema_version)")
        ->type_name("TABLE");
    app.add_option("--lock-timeout", o.lock_timeout,
                   "how long to wait for the migration lock: 500ms, 30s, 5m (default 60s)")
        ->type_name("DURATION");
    app.add_option("--wait", options.wait,
                   "first wait this long for the database to answer, retrying only connection failures: "
                   "30s, 2m (alone: 60s)")
        ->type_name("DURATION")
        ->expected(0, 1);
    app.add_flag("--json", options.json, "print one JSON document on stdout");
    auto* quiet = app.add_flag("-q,--quiet", options.quiet, "print only errors (not with -v)");
    app.add_flag("-v,--verbose", options.verbose, "print more detail (not with -q)")->excludes(quiet);

    setup_up(app, ctx, commands);
    setup_down(app, ctx, commands);
    setup_goto(app, ctx, commands);
    setup_redo(app, ctx, commands);
    setup_status(app, ctx, commands);
    setup_version(app, ctx, commands);
    setup_history(app, ctx, commands);
    setup_validate(app, ctx, commands);
    setup_new(app, ctx, commands);
    setup_init(app, ctx, commands);
    setup_repair(app, ctx, commands);
    setup_baseline(app, ctx, commands);
    setup_check(app, ctx, commands);
    setup_schema(app, ctx, commands);
    setup_import(app, ctx, commands);
    setup_wait(app, ctx, commands);
    setup_fleet(app, ctx, commands);
    setup_help(app, ctx, commands);
    for (auto& [sub, _] : commands)
        sub->fallthrough();
    shape_help(app);
}

} // namespace migrator::cli
