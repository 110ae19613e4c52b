#include "compiler/compile.hpp"

namespace dg::compiler {

Language DetectLanguage(const grammar::SourceFile& file) {
  const std::string& name = file.name();
  if (name.size() >= 5 && name.compare(name.size() - 5, 5, ".dbml") == 0) return Language::kDbml;
  return Language::kPlantUml;
}

std::vector<ir::Diagram> Compile(const grammar::SourceFile& file, Language language,
                                 const CompileOptions& options, grammar::Diagnostics& diags) {
  // Fronts are wired in as they land.
  diags.Error({0, 0}, "unsupported", "no front end for this input yet");
  return {};
}

}  // namespace dg::compiler
