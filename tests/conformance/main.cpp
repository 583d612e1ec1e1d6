// The conformance suite runs once per dialect (MIGRATOR_TEST_DIALECTS). Before Boost.Test
// starts, an unreachable PostgreSQL is reported: skipped (77) locally, a failure under CI=true.
#define BOOST_TEST_MODULE migrator_conformance
#define BOOST_TEST_NO_MAIN
#include <boost/test/unit_test.hpp>

#include "test_support.hpp"

int main(int argc, char* argv[]) {
    if (int code = migrator::test::check_targets_reachable(); code != 0) return code;
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
