// svg_only FILE OUT: FILE's first picture as SVG into OUT, diagnostics on
// stderr as file:line:col: severity: message; exit 1 on errors. Also shows
// that PNG is refused without the raster component.
#include <diagc/diagc.hpp>

#include <fstream>
#include <iostream>
#include <sstream>

namespace {

const char* SeverityName(diagc::Severity s) {
  return s == diagc::Severity::error ? "error" : s == diagc::Severity::warning ? "warning" : "note";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: svg_only FILE OUT\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  diagc::Options options;
  options.file_name = argv[1];
  diagc::Result result = diagc::compile(text.str(), options);
  for (const diagc::Diagnostic& d : result.diagnostics) {
    std::cerr << d.file << ":" << d.line << ":" << d.column << ": " << SeverityName(d.severity) << ": " << d.message
              << "\n";
  }
  if (!result.ok) return 1;
  std::ofstream(argv[2], std::ios::binary) << result.outputs.at(0).bytes;

  options.format = diagc::Format::png;
  diagc::Result png = diagc::compile(text.str(), options);
  if (png.ok || png.diagnostics.empty() || png.diagnostics[0].code != "raster-unavailable") {
    std::cerr << "PNG without the raster component should be refused\n";
    return 3;
  }
  std::cout << "diagc " << diagc::version() << ": " << result.outputs[0].name << "\n";
  return 0;
}
