// Test-only access to the shared conformance corpus beside the project
// (../shared/corpus). Tests that use it skip silently when it is absent.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace dg::testing {

inline std::filesystem::path CorpusDir() {
  return std::filesystem::path(DG_SOURCE_DIR).parent_path() / "shared" / "corpus";
}

/// The .puml files of corpus/plantuml/<kind>, sorted; empty when absent.
inline std::vector<std::filesystem::path> CorpusCases(const std::string& kind) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  std::filesystem::path dir = CorpusDir() / "plantuml" / kind;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".puml") out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace dg::testing
