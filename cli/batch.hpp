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
  DriverOptions driver;  ///< the command line's options over its .diagc.toml's
  std::string output_dir;  ///< .diagc.toml `output`: "" = beside the input (or -o)
  std::string suffix;      ///< a .diagc.toml variant's: "-sketch" → a-sketch.svg
};

/// Extensions read when a directory is walked (kLanguages).
bool IsDiagramFile(const std::string& path);
/// True for a Markdown file whose fenced diagram blocks diagc renders.
bool IsMarkdownFile(const std::string& path);
/// X.rendered.md, which diagc --markdown-rewrite writes: never an input.
bool IsRenderedMarkdown(const std::string& path);

/// Expands files, directories (recursively, sorted) and globs ("*", "?",
/// "**"). A directory yields its diagram files and the Markdown files that
/// hold diagram blocks. Returns false with *error when an argument matches
/// nothing.
bool ExpandInputs(const std::vector<std::string>& args, std::vector<Job>* jobs,
                  std::string* error);

/// Matches `path` against a glob where "*" and "?" stay within one path
/// component and "**/" spans any number of directories.
bool GlobMatch(std::string_view pattern, std::string_view path);

struct BatchOptions {
  std::string output;          ///< -o: "", "-", a file, or a directory
  bool output_is_dir = false;
  bool check = false;          ///< --check: write nothing, report stale outputs
  bool json_reports = false;   ///< --check's reports as JSON lines
  bool list_only = false;      ///< --list-outputs: print output paths, write nothing
  bool syntax_only = false;    ///< -checkonly: compile, write nothing
  bool verbose = false;        ///< name each file written
  bool fail_fast = false;      ///< -failfast2: any error → write nothing at all
  bool rewrite_markdown = false;  ///< --markdown-rewrite: also rewrite the .md
  std::string depfile;         ///< --depfile FILE
  bool progress = false;       ///< progress line on stderr
  unsigned threads = 0;        ///< 0 = one per core
};

/// Whether -o names a file or a directory: "-", an existing directory, a
/// path ending in "/" or without an extension is a directory; an existing
/// file (also /dev/null) or a name with an extension is a file. False with
/// *error when a file cannot hold what the jobs make.
bool DecideOutput(const std::vector<Job>& jobs, BatchOptions* options, std::string* error);

/// Runs every job; returns the exit code (0, 1 or 3, see DESIGN.md).
int RunBatch(const std::vector<Job>& jobs, const BatchOptions& options);

/// --list-outputs: prints the path of every output the jobs make, one per
/// line, in input order (a block with errors is listed as it would be named).
int ListOutputs(const std::vector<Job>& jobs, const BatchOptions& options);

}  // namespace dg::cli
