// Batch compilation: inputs may be files, directories and globs; they are
// compiled in parallel, outputs go beside the inputs or under one directory
// keeping relative paths, and stderr stays in input order.
#pragma once

#include <string>
#include <vector>

#include "cli/driver.hpp"

namespace dg::cli {

/// One input to compile. `relative` is its path below the directory or glob
/// root it was found under (used to mirror the tree under -o DIR).
struct Job {
  std::string input;     ///< a path, or "-" for stdin
  std::string relative;  ///< e.g. "api/auth.puml"
};

/// Extensions read when a directory is walked.
bool IsDiagramFile(const std::string& path);
/// True for a Markdown file whose fenced diagram blocks diagc renders.
bool IsMarkdownFile(const std::string& path);

/// Expands files, directories (recursively, sorted) and globs ("*", "?",
/// "**"). Returns false with *error when an argument matches nothing.
bool ExpandInputs(const std::vector<std::string>& args, std::vector<Job>* jobs,
                  std::string* error);

/// Matches `path` against a glob where "*" and "?" stay within one path
/// component and "**/" spans any number of directories.
bool GlobMatch(std::string_view pattern, std::string_view path);

struct BatchOptions {
  DriverOptions driver;
  std::string output;          ///< -o: "", "-", a file, or a directory
  bool output_is_dir = false;
  bool check = false;          ///< --check: write nothing, report stale outputs
  bool syntax_only = false;    ///< -checkonly: compile, write nothing
  bool fail_fast = false;      ///< -failfast2: any error → write nothing at all
  bool rewrite_markdown = false;  ///< --markdown-rewrite: also rewrite the .md
  std::string depfile;         ///< --depfile FILE
  bool progress = false;       ///< progress line on stderr
  unsigned threads = 0;        ///< 0 = one per core
};

/// Runs every job; returns the exit code (0, 1 or 3, see DESIGN.md).
int RunBatch(const std::vector<Job>& jobs, const BatchOptions& options);

}  // namespace dg::cli
