#include "cli/languages.hpp"

#include <filesystem>

#include "grammar/text.hpp"

namespace dg::cli {
namespace {

/// True when `word` is one of the space-separated words of `list`.
bool InList(std::string_view list, std::string_view word) {
  while (!list.empty()) {
    size_t space = list.find(' ');
    if (list.substr(0, space) == word) return true;
    if (space == std::string_view::npos) break;
    list.remove_prefix(space + 1);
  }
  return false;
}

}  // namespace

std::optional<compiler::Language> LanguageFromName(std::string_view name) {
  for (const LanguageRow& row : kLanguages) {
    if (!name.empty() && InList(row.names, name)) return row.language;
  }
  return std::nullopt;
}

std::optional<compiler::Language> LanguageFromPath(std::string_view path) {
  std::string ext = Lower(std::filesystem::path(path).extension().string());
  for (const LanguageRow& row : kLanguages) {
    if (!ext.empty() && InList(row.extensions, ext)) return row.language;
  }
  return std::nullopt;
}

std::string LanguageNameList() {
  std::string out;
  for (const LanguageRow& row : kLanguages) {
    for (char c : row.names) out += c == ' ' ? std::string(", ") : std::string(1, c);
    out += ", ";
  }
  out.resize(out.size() - 2);
  return out;
}

}  // namespace dg::cli
