// A PlantUML text run through the whole front end, kept with its diagnostics
// (the diagnostics refer to the file, so both live as long as the test needs).
#pragma once

#include <string>
#include <vector>

#include "compiler/compile.hpp"

namespace dg::testing {

struct CompiledText {
  grammar::SourceFile file;
  grammar::Diagnostics diags;
  std::vector<ir::Diagram> diagrams;
  explicit CompiledText(std::string text) : file("t.puml", std::move(text)), diags(file) {
    diagrams = compiler::Compile(file, compiler::Language::kPlantUml, {}, diags);
  }
};

}  // namespace dg::testing
