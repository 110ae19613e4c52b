// Public entry point of the front end: source text in, checked IR out.
#pragma once

#include <string>
#include <vector>

#include "compiler/ir.hpp"
#include "grammar/diagnostics.hpp"
#include "grammar/puml_preprocess.hpp"
#include "grammar/source.hpp"

namespace dg::compiler {

enum class Language { kPlantUml, kDbml };

struct CompileOptions {
  bool lenient = false;  ///< DBML: render what resolves, show dangling refs
  ir::ErGraph::Columns columns = ir::ErGraph::Columns::kAll;
  int direction = 0;     ///< 0 = as the source says, 1 = top-to-bottom, 2 = left-to-right
  grammar::puml::PreprocessOptions preprocess;  ///< -D, -I, include policy
  /// PlantUML's -S and -config: lines (skinparams) read before each block's
  /// own, as if written at its top. Checked by the caller.
  std::vector<std::string> prelude;
};

/// Picks the language from the file name (.dbml) or content (@startuml).
Language DetectLanguage(const grammar::SourceFile& file);

/// Parses and lowers every diagram of the file: one per @startuml block, or
/// one for a DBML document. Diagrams whose block had errors are left out;
/// the diagnostics say why.
std::vector<ir::Diagram> Compile(const grammar::SourceFile& file, Language language,
                                 const CompileOptions& options, grammar::Diagnostics& diags);

}  // namespace dg::compiler
