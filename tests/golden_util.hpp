// Golden-file checks shared by the golden tests: compare output with a
// reviewed file under tests/golden/, rewrite it with UPDATE_GOLDEN=1.
#pragma once

#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace dg::testing {

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// The absolute path of `relative` (e.g. "tests/golden/er/x.svg") in the source tree.
inline std::string SourcePath(const std::string& relative) {
  return std::string(DG_SOURCE_DIR) + "/" + relative;
}

/// Checks `actual` against the golden file; with UPDATE_GOLDEN set, rewrites
/// it first. Reports a difference by name only (the files are long).
inline void CheckGolden(const std::string& path, const std::string& actual) {
  if (std::getenv("UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << actual;
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), path << " is missing; review the output, then run with UPDATE_GOLDEN=1");
  bool same = actual == ReadFile(path);  // not CHECK(a == b): it would print both files
  CHECK_MESSAGE(same, path << " differs; review, then run with UPDATE_GOLDEN=1");
}

}  // namespace dg::testing
