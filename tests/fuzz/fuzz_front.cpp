// libFuzzer target: the language fronts (parse + lower) on arbitrary bytes.
// Built three times, as fuzz_puml, fuzz_dbml and fuzz_mermaid, by DG_FUZZ_LANGUAGE.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/compile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using dg::compiler::Language;
  constexpr Language kLanguages[] = {Language::kPlantUml, Language::kDbml, Language::kMermaid};
  constexpr const char* kNames[] = {"fuzz.puml", "fuzz.dbml", "fuzz.mmd"};
  dg::grammar::SourceFile file(kNames[DG_FUZZ_LANGUAGE], std::string(reinterpret_cast<const char*>(data), size));
  dg::grammar::Diagnostics diags(file);
  dg::compiler::CompileOptions options;
  options.lenient = size % 2 == 1;  // exercise both DBML modes
  dg::compiler::Compile(file, kLanguages[DG_FUZZ_LANGUAGE], options, diags);
  for (const auto& d : diags.items()) dg::grammar::FormatText(file, d);  // positions must be valid
  return 0;
}
