#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "cli/batch.hpp"

using namespace dg::cli;
namespace fs = std::filesystem;

TEST_CASE("GlobMatch: * and ? stay in one component, **/ spans directories") {
  CHECK(GlobMatch("*.puml", "a.puml"));
  CHECK_FALSE(GlobMatch("*.puml", "dir/a.puml"));
  CHECK(GlobMatch("**/*.puml", "a.puml"));
  CHECK(GlobMatch("**/*.puml", "x/y/a.puml"));
  CHECK(GlobMatch("docs/**/a?.dbml", "docs/q/r/ab.dbml"));
  CHECK_FALSE(GlobMatch("a?.dbml", "a/.dbml"));
  CHECK_FALSE(GlobMatch("*.puml", "a.pumlx"));
}

namespace {
struct TempTree {
  fs::path root = fs::temp_directory_path() / "diagc_batch_test";
  TempTree() {
    fs::remove_all(root);
    for (const char* f : {"a.puml", "sub/b.dbml", "sub/deep/c.wsd", "sub/notes.txt", "readme.md"}) {
      fs::create_directories((root / f).parent_path());
      std::ofstream(root / f) << "x";
    }
  }
  ~TempTree() { fs::remove_all(root); }
};
}  // namespace

TEST_CASE("ExpandInputs walks directories for diagram files only, sorted, with relative paths") {
  TempTree tree;
  std::vector<Job> jobs;
  std::string error;
  REQUIRE(ExpandInputs({tree.root.string()}, &jobs, &error));
  REQUIRE(jobs.size() == 3);
  CHECK(jobs[0].relative == "a.puml");
  CHECK(jobs[1].relative == "sub/b.dbml");
  CHECK(jobs[2].relative == "sub/deep/c.wsd");
}

TEST_CASE("ExpandInputs expands quoted globs and reports a glob that matches nothing") {
  TempTree tree;
  std::vector<Job> jobs;
  std::string error;
  REQUIRE(ExpandInputs({(tree.root / "**/*.dbml").string()}, &jobs, &error));
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].relative == "sub/b.dbml");
  jobs.clear();
  CHECK_FALSE(ExpandInputs({(tree.root / "*.nothing").string()}, &jobs, &error));
  CHECK(error.find("no file matches") != std::string::npos);
}

TEST_CASE("IsDiagramFile and IsMarkdownFile go by extension, case-insensitively") {
  CHECK(IsDiagramFile("x/a.PUML"));
  CHECK(IsDiagramFile("a.iuml"));
  CHECK_FALSE(IsDiagramFile("a.md"));
  CHECK(IsMarkdownFile("README.md"));
}
