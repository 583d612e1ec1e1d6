#include "model/checksum.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>

#include "migrator/errors.hpp"

namespace migrator {

namespace {

// SHA-256 needs no configuration: without OPENSSL_INIT_NO_LOAD_CONFIG, libcrypto reads
// openssl.cnf first, and fetching the digest by name on every call costs more than hashing a
// script. Both are done once per process.
EVP_MD const* sha256() {
    static EVP_MD* const md = [] {
        OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, nullptr);
        return EVP_MD_fetch(nullptr, "SHA256", nullptr);
    }();
    if (!md) throw Error(ExitCode::failed, "SHA-256 is not available (libcrypto)");
    return md;
}

} // namespace

std::string normalize_script_text(std::string_view raw) {
    if (raw.substr(0, 3) == "\xEF\xBB\xBF") raw.remove_prefix(3);
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
        out += raw[i];
    }
    return out;
}

std::string sha256_hex(std::string_view text) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    // One context per thread, reset by each init: a set of 10,000 scripts hashes 10,000 times.
    thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> const ctx(EVP_MD_CTX_new(),
                                                                                   &EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), text.data(), text.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest, &length) != 1)
        throw Error(ExitCode::failed, "SHA-256 failed (libcrypto)");
    static char const hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(std::size_t{length} * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

} // namespace migrator
