// consumer DATABASE_URL: migrates it with the embedded set, then prints the library's version
// and the database's version.
#include <iostream>

#include "consumer_migrations.hpp"

int main(int argc, char** argv) {
    if (argc != 2) return std::cerr << "usage: consumer DATABASE_URL\n", 2;
    migrator::DialectRegistry dialects = migrator::builtin_dialects();
    try {
        auto db = migrator::Migrator::open(dialects, argv[1], consumer_migrations());
        auto const report = db.up();
        std::cout << "migrator " << migrator::version() << " (built with " << MIGRATOR_VERSION
                  << "): " << report.changed() << " applied; at version "
                  << report.current_version.value_or(migrator::Version{}).value << "\n";
    } catch (migrator::Error const& e) {
        std::cerr << e.what() << "\n";
        return static_cast<int>(e.exit_code());
    }
}
