#include <migrator/migrator.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 3) return std::cerr << "usage: migrate DATABASE_URL MIGRATIONS_DIR\n", 2;
    migrator::DialectRegistry dialects = migrator::builtin_dialects();
    try {
        auto db = migrator::Migrator::open(dialects, argv[1], migrator::MigrationSource::directory(argv[2]));
        migrator::RunReport const report = db.up();
        std::cout << report.changed() << " applied; now at version "
                  << report.current_version.value_or(migrator::Version{}).value << "\n";
    } catch (migrator::Error const& e) {
        std::cerr << e.what() << "\n";
        return static_cast<int>(e.exit_code());
    }
}
