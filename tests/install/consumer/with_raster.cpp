// with_raster FILE FORMAT OUT: FILE's first picture as png or pdf into OUT.
#include <diagc/raster.hpp>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: with_raster FILE png|pdf OUT\n";
    return 2;
  }
  diagc::enable_raster();
  std::ifstream in(argv[1], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  diagc::Options options;
  options.file_name = argv[1];
  options.format = std::string(argv[2]) == "pdf" ? diagc::Format::pdf : diagc::Format::png;
  diagc::Result result = diagc::compile(text.str(), options);
  for (const diagc::Diagnostic& d : result.diagnostics) std::cerr << d.line << ":" << d.column << ": " << d.message << "\n";
  if (!result.ok) return 1;
  std::ofstream(argv[3], std::ios::binary) << result.outputs.at(0).bytes;
  return 0;
}
