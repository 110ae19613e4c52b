// .diagc.toml: the options a project always wants, so that `diagc docs/` and
// `diagc --check docs/` need no flags. The nearest file upward from each
// input applies (the search stops at a folder holding .git):
//
//   theme = "neutral"            # any setting: format language theme dark-theme
//   output = "img"               #   columns direction id-prefix lenient scale;
//                                # output: a folder, relative to this file
//   [[files]]                    # settings for some inputs; later tables win
//   glob = "legacy/*.dbml"       # relative to this file; no "/": a name anywhere
//   lenient = true
//   [[variants]]                 # one more output of some inputs (not with -o FILE)
//   glob = "architecture.puml"
//   suffix = "-sketch"           # architecture-sketch.svg
//   theme = "sketch"
//
// The command line's own options win over the file's.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/batch.hpp"
#include "cli/settings.hpp"

namespace dg::cli {

constexpr const char* kProjectConfigName = ".diagc.toml";

struct ProjectConfig {
  struct Rule {
    std::string glob;    ///< as written
    Settings settings;
    std::string suffix;  ///< variants only
  };
  std::string path;       ///< of the .diagc.toml
  std::string directory;  ///< the folder it governs
  Settings settings;      ///< top level
  std::string output;     ///< top-level `output`, "" = beside each input
  std::vector<Rule> files;
  std::vector<Rule> variants;
};

/// Parses one file; false with *error ("path:line:col: …") on any mistake,
/// unknown keys and bad values included.
bool LoadProjectConfig(const std::string& path, ProjectConfig* config, std::string* error);

/// Finds and caches the configuration for each folder.
class ProjectConfigs {
 public:
  /// The nearest configuration above `input`, or nullptr; false on a
  /// configuration that does not load.
  bool For(const std::string& input, const ProjectConfig** config, std::string* error);

 private:
  std::map<std::string, std::shared_ptr<const ProjectConfig>> by_directory_;
};

/// Gives each job its options (`common`, then its project file, then the
/// command line's `explicit_settings`) and its output folder, and adds a job
/// for each variant. False with *error on a bad configuration.
bool ResolveJobs(const DriverOptions& common, const Settings& explicit_settings, ProjectConfigs& configs,
                 const BatchOptions& batch, std::vector<Job>* jobs, std::string* error);

}  // namespace dg::cli
