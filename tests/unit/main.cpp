// Unit tests: no database.
#define BOOST_TEST_MODULE migrator_unit
#include <boost/test/unit_test.hpp>
