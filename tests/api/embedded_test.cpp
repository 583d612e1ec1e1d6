// migrator_embed_migrations: the shipped set compiled into this test equals the directory it
// came from, for every dialect, and a database migrated from one is clean against the other.
#include <boost/test/unit_test.hpp>

#include "shipped_migrations.hpp"
#include "test_support.hpp"

using namespace migrator;
using namespace migrator::test;

BOOST_AUTO_TEST_CASE(an_embedded_set_equals_its_directory) {
    for (auto const& name : target().registry->names()) {
        Dialect const& dialect = target().registry->get(name);
        MigrationSet const embedded = ::shipped_migrations().load(dialect, *target().registry);
        MigrationSet const directory =
            MigrationSource::directory(test::shipped_migrations()).load(dialect, *target().registry);
        BOOST_REQUIRE_EQUAL(embedded.migrations().size(), directory.migrations().size());
        for (std::size_t i = 0; i < embedded.migrations().size(); ++i) {
            Migration const& e = embedded.migrations()[i];
            Migration const& d = directory.migrations()[i];
            BOOST_TEST_CONTEXT(name << " " << d.folder) {
                BOOST_TEST(e.version.value == d.version.value);
                BOOST_TEST(e.name == d.name);
                BOOST_TEST(e.folder == d.folder);
                BOOST_TEST(e.description == d.description);
                BOOST_TEST(e.transactional == d.transactional);
                BOOST_TEST(e.dialects == d.dialects, boost::test_tools::per_element());
                BOOST_TEST(e.for_this_dialect == d.for_this_dialect);
                BOOST_TEST(e.up.text == d.up.text);
                BOOST_TEST(e.up.checksum == d.up.checksum);
                BOOST_TEST(e.down.text == d.down.text);
                BOOST_TEST(e.up.path.filename() == d.up.path.filename()); // the per-dialect file chosen
                BOOST_TEST(e.up.statements.size() == d.up.statements.size());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_database_migrated_from_one_is_clean_against_the_other) {
    for (bool embedded_first : {true, false}) {
        ScratchDatabase db;
        auto source = [&](bool embedded) {
            return embedded ? ::shipped_migrations() : MigrationSource::directory(test::shipped_migrations());
        };
        Migrator::open(*target().registry, db.cli_url(), source(embedded_first)).up();
        auto other = Migrator::open(*target().registry, db.cli_url(), source(!embedded_first));
        Status const status = other.status();
        BOOST_TEST(status.problems.empty());
        BOOST_TEST(status.pending == 0);
        BOOST_TEST(other.validate().empty());
        BOOST_TEST(other.up().changed() == 0);
    }
}
