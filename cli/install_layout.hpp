// Where the diagc executable finds its sibling diagc-full, in the build tree
// and in an installed prefix.
#pragma once

#include <filesystem>
#include <vector>

namespace dg::cli {

/// The places diagc-full may be, in the order they are tried, for the diagc
/// executable at `self`: beside it (the build tree, or both copied into one
/// folder), then `../libexec/diagc/` (an installed prefix; the relative path
/// comes from GNUInstallDirs at build time).
std::vector<std::filesystem::path> FullBinaryCandidates(const std::filesystem::path& self);

/// The first candidate that exists, else the first one (so the error names it).
std::filesystem::path FindFullBinary(const std::filesystem::path& self);

}  // namespace dg::cli
