// The input languages diagc reads: one row each, so --language, directory
// walks, Markdown fences and --help all agree on the names and extensions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/compile.hpp"

namespace dg::cli {

struct LanguageRow {
  compiler::Language language;
  std::string_view names;       ///< --language values and Markdown fence words, space-separated
  std::string_view extensions;  ///< file extensions, space-separated, lower case
};

// Add a language here and every command learns it.
inline constexpr LanguageRow kLanguages[] = {
    {compiler::Language::kPlantUml, "puml plantuml", ".puml .plantuml .pu .iuml .wsd"},
    {compiler::Language::kDbml, "dbml", ".dbml"},
};

/// "puml" → PlantUML …; nullopt for a name no row has.
std::optional<compiler::Language> LanguageFromName(std::string_view name);
/// By the file's extension (any case); nullopt when no row claims it.
std::optional<compiler::Language> LanguageFromPath(std::string_view path);
/// "puml, plantuml, dbml": for help texts and error messages.
std::string LanguageNameList();

}  // namespace dg::cli
