#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/install_layout.hpp"
#include "platform/platform.hpp"

namespace fs = std::filesystem;
using dg::cli::FindFullBinary;

namespace {

/// A scratch prefix that removes itself.
struct ScratchDir {
  fs::path path = fs::temp_directory_path() / ("dg-install-layout-" + std::to_string(getpid()));
  ScratchDir() { fs::create_directories(path); }
  ~ScratchDir() { fs::remove_all(path); }
  fs::path Touch(const fs::path& relative) const {
    fs::create_directories((path / relative).parent_path());
    std::ofstream(path / relative) << "x";
    return path / relative;
  }
};

}  // namespace

TEST_CASE("diagc finds diagc-full beside itself first (the build tree)") {
  ScratchDir dir;
  fs::path self = dir.Touch("bin/diagc");
  fs::path sibling = dir.Touch("bin/diagc-full");
  dir.Touch("libexec/diagc/diagc-full");
  CHECK(FindFullBinary(self) == sibling);
}

TEST_CASE("diagc finds diagc-full in ../libexec/diagc/ (an installed prefix)") {
  ScratchDir dir;
  fs::path self = dir.Touch("bin/diagc");
  // GNUInstallDirs' libexec (the default prefix's: ../libexec/diagc).
  fs::path installed = dg::cli::FullBinaryCandidates(self).back();
  CHECK(installed.parent_path().filename() == "diagc");
  CHECK(installed.string().rfind(dir.path.string(), 0) == 0);
  dir.Touch(installed.lexically_relative(dir.path));
  CHECK(FindFullBinary(self) == installed);
}

TEST_CASE("without diagc-full anywhere, the sibling path is named (for the error)") {
  ScratchDir dir;
  fs::path self = dir.Touch("bin/diagc");
  CHECK(FindFullBinary(self) == dir.path / "bin/diagc-full");
  CHECK(dg::cli::FullBinaryCandidates(self).size() == 2);
}

TEST_CASE("platform: the running executable is an absolute, existing file") {
  fs::path self = dg::platform::ExecutablePath();
  CHECK(self.is_absolute());
  CHECK(fs::is_regular_file(self));
  CHECK(dg::platform::ReadOwnExecutable().substr(0, 4) == "\x7f" "ELF");
}
