#include "model/line_diff.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace migrator {

std::string line_diff(std::string const& before, std::string const& after) {
    auto lines = [](std::string const& s) {
        std::vector<std::string> v;
        std::istringstream in(s);
        for (std::string l; std::getline(in, l);)
            v.push_back(l);
        return v;
    };
    auto const a = lines(before), b = lines(after);
    // Longest common subsequence table; schema dumps are hundreds of lines at most.
    std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
    for (std::size_t i = a.size(); i-- > 0;)
        for (std::size_t j = b.size(); j-- > 0;)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::vector<std::pair<char, std::string>> ops;
    std::size_t i = 0, j = 0;
    while (i < a.size() || j < b.size()) {
        if (i < a.size() && j < b.size() && a[i] == b[j])
            ops.emplace_back(' ', a[i++]), ++j;
        else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j]))
            ops.emplace_back('+', b[j++]);
        else
            ops.emplace_back('-', a[i++]);
    }
    std::string out;
    for (std::size_t k = 0; k < ops.size(); ++k) {
        bool const near = ops[k].first != ' ' || (k > 0 && ops[k - 1].first != ' ') ||
                          (k + 1 < ops.size() && ops[k + 1].first != ' ');
        if (near) out += std::string(1, ops[k].first) + " " + ops[k].second + "\n";
    }
    return out;
}

} // namespace migrator
