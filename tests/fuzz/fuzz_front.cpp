// libFuzzer target: the language fronts (parse + lower) on arbitrary bytes.
// Built twice, as fuzz_puml and fuzz_dbml, by DG_FUZZ_LANGUAGE.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/compile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using dg::compiler::Language;
  dg::grammar::SourceFile file(DG_FUZZ_LANGUAGE == 0 ? "fuzz.puml" : "fuzz.dbml",
                               std::string(reinterpret_cast<const char*>(data), size));
  dg::grammar::Diagnostics diags(file);
  dg::compiler::CompileOptions options;
  options.lenient = size % 2 == 1;  // exercise both DBML modes
  dg::compiler::Compile(file, DG_FUZZ_LANGUAGE == 0 ? Language::kPlantUml : Language::kDbml,
                        options, diags);
  for (const auto& d : diags.items()) dg::grammar::FormatText(file, d);  // positions must be valid
  return 0;
}
