#include "cli/install_layout.hpp"

#ifndef DG_LIBEXEC_FROM_BIN
#define DG_LIBEXEC_FROM_BIN "../libexec/diagc"
#endif

namespace dg::cli {

std::vector<std::filesystem::path> FullBinaryCandidates(const std::filesystem::path& self) {
  std::filesystem::path dir = self.parent_path();
  return {dir / "diagc-full", (dir / DG_LIBEXEC_FROM_BIN / "diagc-full").lexically_normal()};
}

std::filesystem::path FindFullBinary(const std::filesystem::path& self) {
  std::vector<std::filesystem::path> candidates = FullBinaryCandidates(self);
  for (const std::filesystem::path& path : candidates) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec)) return path;
  }
  return candidates.front();
}

}  // namespace dg::cli
