// The man page and the bash, zsh and fish completions, generated from the
// CLI11 apps that parse the command line (cli/main.cpp, server/serve.cpp),
// so they list exactly the options `--help` lists and cannot drift from it.
// Run at build time as `diagc-full __docs DIR` (cli/CMakeLists.txt).
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace dg::cli {

struct OptionDoc {
  std::vector<std::string> names;  ///< with their dashes, as --help shows them: "-o", "--output"
  std::string value;               ///< the value's type ("TEXT", "UINT"); "" for a flag
  std::vector<std::string> choices;  ///< from an IsMember check ("text", "json"), else empty
  std::string description;
  bool required = false;             ///< positionals: must be given (no brackets in the synopsis)
};

/// One command: the main one (name "") or a subcommand (`serve`, `encode` …).
struct CommandDoc {
  std::string name;
  std::string summary;
  std::vector<OptionDoc> options;      ///< only those --help shows (not hidden ones)
  std::vector<OptionDoc> positionals;  ///< names are the placeholders ("inputs")
  std::string footer;
};

/// What `app --help` lists, in its order.
CommandDoc DescribeCommand(const CLI::App& app, const std::string& name, const std::string& summary);

std::string ManPage(const std::vector<CommandDoc>& commands, const std::string& version);
std::string BashCompletion(const std::vector<CommandDoc>& commands);
std::string ZshCompletion(const std::vector<CommandDoc>& commands);
std::string FishCompletion(const std::vector<CommandDoc>& commands);

/// Writes diagc.1, diagc.bash, _diagc (zsh) and diagc.fish into `dir`.
bool WriteCliDocs(const std::vector<CommandDoc>& commands, const std::string& version, const std::string& dir,
                  std::string* error);

}  // namespace dg::cli
