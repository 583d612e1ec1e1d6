// `fleet --shard I/N`: a stable share of the targets by name.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "fleet/fleet_targets.hpp"
#include "migrator/errors.hpp"

using namespace migrator;
using namespace migrator::cli;

namespace {

std::vector<FleetTarget> named(int count) {
    std::vector<FleetTarget> out;
    for (int i = 0; i < count; ++i) {
        FleetTarget t;
        t.name = "tenant-" + std::to_string(i);
        out.push_back(t);
    }
    return out;
}

std::set<std::string> names_of(std::vector<FleetTarget> const& targets) {
    std::set<std::string> out;
    for (auto const& t : targets)
        out.insert(t.name);
    return out;
}

GetEnv env(std::map<std::string, std::string> vars) {
    return [vars](std::string const& name) -> std::optional<std::string> {
        auto it = vars.find(name);
        return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
}

} // namespace

BOOST_AUTO_TEST_SUITE(fleet_shards)

BOOST_AUTO_TEST_CASE(shards_cover_every_target_once_whatever_the_order) {
    auto const targets = named(1000);
    auto shuffled = targets;
    std::mt19937 random(42);
    std::shuffle(shuffled.begin(), shuffled.end(), random);
    auto reversed = targets;
    std::reverse(reversed.begin(), reversed.end());
    for (int n : {1, 2, 3, 7, 16, 1000}) {
        BOOST_TEST_CONTEXT("N=" << n) {
            std::multiset<std::string> all;
            std::size_t smallest = targets.size(), largest = 0;
            for (int i = 1; i <= n; ++i) {
                auto const part = shard_targets(targets, {i, n});
                for (auto const& t : part)
                    all.insert(t.name);
                smallest = std::min(smallest, part.size());
                largest = std::max(largest, part.size());
                // The same share from the file in any order, and in the file's order.
                BOOST_TEST((names_of(shard_targets(shuffled, {i, n})) == names_of(part)));
                BOOST_TEST((names_of(shard_targets(reversed, {i, n})) == names_of(part)));
                BOOST_TEST(std::is_sorted(part.begin(), part.end(), [&](auto const& a, auto const& b) {
                    return std::stoi(a.name.substr(7)) < std::stoi(b.name.substr(7));
                }));
            }
            BOOST_TEST(all.size() == targets.size()); // disjoint: no name twice
            BOOST_TEST(
                (std::set<std::string>(all.begin(), all.end()) == names_of(targets))); // the union is all
            if (n <= 16)
                BOOST_TEST(largest - smallest < targets.size() / static_cast<std::size_t>(n) / 2 + 20);
        }
    }
    // Adding a target moves no other one.
    auto more = targets;
    more.push_back(named(1001).back());
    for (int i = 1; i <= 4; ++i) {
        auto before = names_of(shard_targets(targets, {i, 4}));
        auto after = names_of(shard_targets(more, {i, 4}));
        after.erase("tenant-1000");
        BOOST_TEST((before == after));
    }
}

BOOST_AUTO_TEST_CASE(where_the_shard_comes_from) {
    auto const none = shard_from(std::nullopt, std::nullopt, env({}));
    BOOST_TEST(!none.has_value());
    auto s = shard_from(std::string("2/8"), std::nullopt, env({{"MIGRATOR_SHARD", "1/2"}}));
    BOOST_TEST(s->index == 2);
    BOOST_TEST(s->count == 8);
    s = shard_from(std::nullopt, 8, env({{"JOB_COMPLETION_INDEX", "0"}}));
    BOOST_TEST(s->index == 1);
    s = shard_from(std::nullopt, std::nullopt, env({{"MIGRATOR_SHARD", "3/4"}}));
    BOOST_TEST(s->index == 3);
    for (auto const& bad : {"0/4", "5/4", "1/0", "x/4", "1/", "/4", "1/4/2", "-1/4", "1/100001", ""})
        BOOST_CHECK_THROW(shard_from(std::string(bad), std::nullopt, env({})), UsageError);
    BOOST_CHECK_THROW(shard_from(std::string("1/2"), 2, env({})), UsageError);
    BOOST_CHECK_THROW(shard_from(std::nullopt, 4, env({})), UsageError);
    BOOST_CHECK_THROW(shard_from(std::nullopt, 4, env({{"JOB_COMPLETION_INDEX", "4"}})), UsageError);
    BOOST_CHECK_THROW(shard_from(std::nullopt, 4, env({{"JOB_COMPLETION_INDEX", "-1"}})), UsageError);
    BOOST_CHECK_THROW(shard_from(std::nullopt, std::nullopt, env({{"MIGRATOR_SHARD", "9/4"}})), UsageError);
}

BOOST_AUTO_TEST_SUITE_END()
