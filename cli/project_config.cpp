#include "cli/project_config.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>

namespace dg::cli {
namespace fs = std::filesystem;
namespace {

/// "path:line:col: error: message", the form of every diagnostic.
std::string At(const ProjectConfig& config, const toml::source_region& where, const std::string& message) {
  return config.path + ":" + std::to_string(where.begin.line) + ":" + std::to_string(where.begin.column) +
         ": " + message;
}

bool ReadString(const toml::node& node, std::optional<std::string>* out) {
  const toml::value<std::string>* text = node.as_string();
  if (!text) return false;
  *out = text->get();
  return true;
}

/// One key of a settings table; false when the key is unknown or its value
/// has the wrong type.
bool ReadSetting(std::string_view key, const toml::node& node, Settings* s, bool* known) {
  *known = true;
  if (key == "format") return ReadString(node, &s->format);
  if (key == "language") return ReadString(node, &s->language);
  if (key == "theme") return ReadString(node, &s->theme);
  if (key == "dark-theme") return ReadString(node, &s->dark_theme);
  if (key == "columns") return ReadString(node, &s->columns);
  if (key == "direction") return ReadString(node, &s->direction);
  if (key == "id-prefix") return ReadString(node, &s->id_prefix);
  if (key == "lenient") {
    if (!node.is_boolean()) return false;
    s->lenient = node.as_boolean()->get();
    return true;
  }
  if (key == "scale") {
    if (!node.is_number()) return false;
    s->scale = node.value<double>().value_or(0);
    return true;
  }
  *known = false;
  return false;
}

std::string Joined(const std::vector<std::string_view>& words) {
  std::string out;
  for (std::string_view word : words) out.append(", ").append(word);
  return out;
}

/// A table of settings plus the keys `extra` allows (output, glob, suffix),
/// which are returned in *extras.
bool ReadTable(const ProjectConfig& config, const toml::table& table, const std::vector<std::string_view>& extra,
               Settings* settings, std::map<std::string, std::string>* extras, std::string* error) {
  for (auto&& [key, node] : table) {
    bool known = false;
    if (std::find(extra.begin(), extra.end(), key.str()) != extra.end()) {
      if (!node.is_string()) {
        *error = At(config, node.source(), "\"" + std::string(key.str()) + "\" must be a string");
        return false;
      }
      (*extras)[std::string(key.str())] = node.as_string()->get();
      continue;
    }
    if (ReadSetting(key.str(), node, settings, &known)) continue;
    *error = At(config, key.source(),
                known ? "\"" + std::string(key.str()) + "\" has the wrong type"
                      : "unknown key \"" + std::string(key.str()) +
                            "\", expected one of: format, language, theme, dark-theme, columns, "
                            "direction, id-prefix, lenient, scale" +
                            Joined(extra));
    return false;
  }
  DriverOptions probe;
  std::string bad;
  if (!ApplySettings(*settings, &probe, &bad)) {
    *error = At(config, table.source(), bad);
    return false;
  }
  return true;
}

bool ReadRules(const ProjectConfig& config, const toml::node& node, bool variants,
               std::vector<ProjectConfig::Rule>* rules, std::string* error) {
  const char* name = variants ? "variants" : "files";
  const toml::array* array = node.as_array();
  if (!array || !array->is_array_of_tables()) {
    *error = At(config, node.source(), std::string("write [[") + name + "]] tables");
    return false;
  }
  for (const toml::node& element : *array) {
    ProjectConfig::Rule rule;
    std::map<std::string, std::string> extras;
    std::vector<std::string_view> keys = {"glob"};
    if (variants) keys.push_back("suffix");
    if (!ReadTable(config, *element.as_table(), keys, &rule.settings, &extras, error)) return false;
    rule.glob = extras["glob"];
    rule.suffix = extras["suffix"];
    if (rule.glob.empty() || (variants && rule.suffix.empty())) {
      *error = At(config, element.source(),
                  std::string("a [[") + name + "]] table needs " + (variants ? "\"glob\" and \"suffix\"" : "\"glob\""));
      return false;
    }
    if (rule.suffix.find('/') != std::string::npos) {
      *error = At(config, element.source(), "\"suffix\" may not contain \"/\"");
      return false;
    }
    rules->push_back(std::move(rule));
  }
  return true;
}

/// True when `rule` applies to the file at `relative` (from the config's folder).
bool Matches(const ProjectConfig::Rule& rule, const std::string& relative) {
  std::string glob = rule.glob.find('/') == std::string::npos ? "**/" + rule.glob : rule.glob;
  return GlobMatch(glob, relative);
}

}  // namespace

bool LoadProjectConfig(const std::string& path, ProjectConfig* config, std::string* error) {
  config->path = path;
  config->directory = fs::path(path).parent_path().string();
  std::string text;
  if (!ReadFile(path, &text, error)) return false;
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    *error = At(*config, e.source(), std::string(e.description()));
    return false;
  }
  Settings top;
  std::map<std::string, std::string> extras;
  toml::table settings_only;
  for (auto&& [key, node] : root) {
    if (key.str() == "files" || key.str() == "variants") {
      if (!ReadRules(*config, node, key.str() == "variants", key.str() == "files" ? &config->files : &config->variants, error)) {
        return false;
      }
    } else {
      settings_only.insert(key, node);
    }
  }
  if (!ReadTable(*config, settings_only, {"output"}, &config->settings, &extras, error)) return false;
  config->output = extras["output"];
  // A cloned repository's file must not make diagc write outside it.
  fs::path output(config->output);
  bool leaves = output.is_absolute() || std::any_of(output.begin(), output.end(), [](const fs::path& part) {
                  return part == "..";
                });
  if (leaves) {
    *error = At(*config, root["output"].node()->source(),
                "\"output\" must be a folder below this file's, got \"" + config->output + "\"");
    return false;
  }
  return true;
}

bool ProjectConfigs::For(const std::string& input, const ProjectConfig** config, std::string* error) {
  std::error_code ec;
  fs::path dir = fs::absolute(input, ec).lexically_normal().parent_path();
  std::vector<std::string> visited;
  std::shared_ptr<const ProjectConfig> found;
  for (;; dir = dir.parent_path()) {
    auto cached = by_directory_.find(dir.string());
    if (cached != by_directory_.end()) {
      found = cached->second;
      break;
    }
    visited.push_back(dir.string());
    fs::path candidate = dir / kProjectConfigName;
    if (fs::is_regular_file(candidate, ec)) {
      auto loaded = std::make_shared<ProjectConfig>();
      if (!LoadProjectConfig(candidate.string(), loaded.get(), error)) return false;
      found = std::move(loaded);
      break;
    }
    // A repository's root is the end of its project.
    if (fs::exists(dir / ".git", ec) || dir == dir.parent_path()) break;
  }
  for (const std::string& d : visited) by_directory_[d] = found;
  *config = found.get();
  return true;
}

namespace {

std::string RelativeTo(const std::string& input, const std::string& directory) {
  std::error_code ec;
  return fs::absolute(input, ec).lexically_normal().lexically_relative(directory).string();
}

/// The job's options: common, the file's settings, the command line's. Only
/// the command line can still be wrong: files are checked when read.
bool Configure(const DriverOptions& common, const Settings& file_settings, const Settings& explicit_settings,
               Job* job, std::string* error) {
  Settings layered = file_settings;
  layered.MergeFrom(explicit_settings);
  job->driver = common;
  return ApplySettings(layered, &job->driver, error);
}

}  // namespace

bool ResolveJobs(const DriverOptions& common, const Settings& explicit_settings, ProjectConfigs& configs,
                 const BatchOptions& batch, std::vector<Job>* jobs, std::string* error) {
  std::vector<Job> resolved;
  for (Job& job : *jobs) {
    const ProjectConfig* config = nullptr;
    if (job.input != "-" && !configs.For(job.input, &config, error)) return false;
    Settings settings;
    std::string relative;
    if (config) {
      relative = RelativeTo(job.input, config->directory);
      settings = config->settings;
      for (const ProjectConfig::Rule& rule : config->files) {
        if (Matches(rule, relative)) settings.MergeFrom(rule.settings);
      }
      if (!config->output.empty() && batch.output.empty()) {
        job.output_dir = (fs::path(config->directory) / config->output / fs::path(relative).parent_path())
                             .lexically_normal().string();
      }
    }
    if (!Configure(common, settings, explicit_settings, &job, error)) return false;
    resolved.push_back(job);
    // -o FILE and -o - name the one output wanted: no variants then.
    bool one_output = !batch.output.empty() && !batch.output_is_dir;
    if (!config || one_output) continue;
    for (const ProjectConfig::Rule& variant : config->variants) {
      if (!Matches(variant, relative)) continue;
      Job extra = job;
      Settings with_variant = settings;
      with_variant.MergeFrom(variant.settings);
      extra.suffix = variant.suffix;
      if (!Configure(common, with_variant, explicit_settings, &extra, error)) return false;
      resolved.push_back(std::move(extra));
    }
  }
  *jobs = std::move(resolved);
  return true;
}

}  // namespace dg::cli
