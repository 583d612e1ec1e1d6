#include <boost/test/unit_test.hpp>

#include "model/checksum.hpp"

using namespace migrator;

BOOST_AUTO_TEST_SUITE(checksum)

BOOST_AUTO_TEST_CASE(sha256_known_value) {
    BOOST_TEST(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

BOOST_AUTO_TEST_CASE(bom_and_crlf_do_not_change_the_checksum) {
    std::string const lf = "CREATE TABLE a (x INT);\nDROP TABLE b;\n";
    std::string const crlf_bom = "\xEF\xBB\xBF"
                                 "CREATE TABLE a (x INT);\r\nDROP TABLE b;\r\n";
    BOOST_TEST(normalize_script_text(crlf_bom) == lf);
    BOOST_TEST(sha256_hex(normalize_script_text(crlf_bom)) == sha256_hex(normalize_script_text(lf)));
}

BOOST_AUTO_TEST_CASE(any_other_byte_is_a_change) {
    BOOST_TEST(normalize_script_text("a\rb") == "a\rb"); // a lone CR is kept
    BOOST_TEST(sha256_hex(normalize_script_text("SELECT 1;\n")) !=
               sha256_hex(normalize_script_text("SELECT 1; \n")));
}

BOOST_AUTO_TEST_SUITE_END()
