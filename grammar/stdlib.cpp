#include "grammar/stdlib.hpp"

#include <algorithm>
#include <map>

extern "C" {
/// Generated from stdlib/ by grammar/CMakeLists.txt; ends with a null entry.
struct DgStdlibEntry {
  const char* path;
  const char* begin;
  const char* end;
};
extern const DgStdlibEntry dg_stdlib_files[];
}

namespace dg::grammar::stdlib {
namespace {

const std::map<std::string_view, std::string_view>& Files() {
  static const auto* files = [] {
    auto* m = new std::map<std::string_view, std::string_view>;
    for (const DgStdlibEntry* e = dg_stdlib_files; e->path; ++e) {
      (*m)[e->path] = std::string_view(e->begin, static_cast<size_t>(e->end - e->begin));
    }
    return m;
  }();
  return *files;
}

struct UrlPrefix {
  std::string library;
  std::string pattern;  ///< "*" matches one path segment
};

/// stdlib/urls.tsv: "library<TAB>prefix" lines, "#" comments.
const std::vector<UrlPrefix>& UrlPrefixes() {
  static const auto* prefixes = [] {
    auto* out = new std::vector<UrlPrefix>;
    const std::string_view* tsv = Find("urls.tsv");
    std::string_view rest = tsv ? *tsv : std::string_view();
    while (!rest.empty()) {
      std::string_view line = rest.substr(0, rest.find('\n'));
      rest.remove_prefix(std::min(rest.size(), line.size() + 1));
      size_t tab = line.find('\t');
      if (line.empty() || line[0] == '#' || tab == std::string_view::npos) continue;
      out->push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
    }
    return out;
  }();
  return *prefixes;
}

/// Matches `url` against a prefix pattern; returns the length matched or 0.
size_t MatchPrefix(std::string_view pattern, std::string_view url) {
  size_t u = 0;
  for (size_t p = 0; p < pattern.size(); ++p) {
    if (pattern[p] == '*') {
      size_t slash = url.find('/', u);
      if (slash == std::string_view::npos || slash == u) return 0;
      u = slash;
    } else if (u < url.size() && url[u] == pattern[p]) {
      ++u;
    } else {
      return 0;
    }
  }
  return u;
}

}  // namespace

const std::string_view* Find(std::string_view path) {
  auto it = Files().find(path);
  return it == Files().end() ? nullptr : &it->second;
}

std::vector<std::string_view> Paths() {
  std::vector<std::string_view> out;
  for (const auto& [path, text] : Files()) out.push_back(path);
  return out;
}

std::string MapUrl(std::string_view url) {
  for (const UrlPrefix& prefix : UrlPrefixes()) {
    size_t matched = MatchPrefix(prefix.pattern, url);
    if (matched == 0) continue;
    std::string path = prefix.library + "/" + std::string(url.substr(matched));
    if (Find(path)) return path;
  }
  return "";
}

}  // namespace dg::grammar::stdlib
