// check's scratch databases on a PostgreSQL server: named migrator_check_<host>_<pid>_<epoch>_<n>,
// so that one a killed check left behind can be told from one in use and dropped by the next.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <optional>
#include <random>

#include "migrator/errors.hpp"
#include "postgresql_connection.hpp"
#include "postgresql_dialect.hpp"

namespace migrator::postgresql {

namespace {

constexpr char const* scratch_prefix = "migrator_check_";
// One left by a check on another machine is dropped once it is this old and no one is connected.
constexpr long abandoned_after_seconds = 3600;

// This machine, as 8 hex digits: a pid means something only where it was taken.
std::string host_tag() {
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    std::uint32_t hash = 2166136261u;
    for (char const* c = host; *c; ++c)
        hash = (hash ^ static_cast<unsigned char>(*c)) * 16777619u;
    char tag[9];
    std::snprintf(tag, sizeof tag, "%08x", hash);
    return tag;
}

long now_seconds() {
    return static_cast<long>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count());
}

struct ScratchName {
    std::string host;
    long pid = 0;
    long created = 0;
};

// The parts of migrator_check_<host>_<pid>_<epoch>_<n>; nullopt for any other name.
std::optional<ScratchName> parse_scratch_name(std::string const& name) {
    if (name.rfind(scratch_prefix, 0) != 0) return std::nullopt;
    std::vector<std::string> parts;
    for (std::size_t start = std::string_view(scratch_prefix).size();;) {
        std::size_t const end = name.find('_', start);
        parts.push_back(name.substr(start, end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    if (parts.size() != 4 || parts[0].size() != 8) return std::nullopt;
    for (std::size_t i = 1; i < 3; ++i)
        if (parts[i].empty() || parts[i].size() > 12 ||
            parts[i].find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
    return ScratchName{parts[0], std::stol(parts[1]), std::stol(parts[2])};
}

} // namespace

DatabaseUrl PostgresqlDialect::create_scratch(DatabaseUrl const& server, std::filesystem::path const&) const {
    std::random_device rd;
    std::string const name = scratch_prefix + host_tag() + "_" + std::to_string(getpid()) + "_" +
                             std::to_string(now_seconds()) + "_" + std::to_string(rd() % 1000000);
    auto admin = connect(server, std::chrono::seconds(10));
    admin->execute("CREATE DATABASE " + quote_identifier(name));
    auto fields = server.fields();
    fields["dbname"] = name;
    return make_url(std::move(fields));
}

void PostgresqlDialect::drop_scratch(DatabaseUrl const& server, DatabaseUrl const& scratch) const {
    auto admin = connect(server, std::chrono::seconds(10));
    admin->execute("DROP DATABASE IF EXISTS " + quote_identifier(scratch.field("dbname")) + " WITH (FORCE)");
}

void PostgresqlDialect::drop_stale_scratch(DatabaseUrl const& server) const {
    auto admin = connect(server, std::chrono::seconds(10));
    std::string const here = host_tag();
    long const now = now_seconds();
    for (auto const& row : admin->query(
             "SELECT d.datname, (SELECT count(*) FROM pg_stat_activity a WHERE a.datname = d.datname) "
             "FROM pg_database d WHERE d.datname LIKE 'migrator\\_check\\_%'")) {
        auto const name = parse_scratch_name(row.at(0));
        if (!name) continue;
        // Its check ran here and is gone (its sessions end with it), or it is long abandoned.
        bool const gone_here = name->host == here && name->pid != getpid() &&
                               ::kill(static_cast<pid_t>(name->pid), 0) != 0 && errno == ESRCH;
        bool const abandoned = row.at(1) == "0" && now - name->created > abandoned_after_seconds;
        if (!gone_here && !abandoned) continue;
        try {
            admin->execute("DROP DATABASE IF EXISTS " + quote_identifier(row.at(0)) + " WITH (FORCE)");
        } catch (DatabaseError const&) { // another check dropped it first, or it is not ours to drop
        }
    }
}

} // namespace migrator::postgresql
