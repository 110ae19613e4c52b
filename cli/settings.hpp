// Settings: the options that decide what an output looks like, each unset
// unless someone set it. The command line and .diagc.toml files both give
// Settings; they are layered (defaults, then the project file, then the
// command line) and only then turned into DriverOptions.
#pragma once

#include <optional>
#include <string>

#include "cli/driver.hpp"

namespace dg::cli {

struct Settings {
  std::optional<std::string> format;      ///< svg png pdf
  std::optional<std::string> language;    ///< a name from kLanguages
  std::optional<std::string> theme;
  std::optional<std::string> dark_theme;
  std::optional<std::string> columns;     ///< all keys none
  std::optional<std::string> direction;   ///< TB LR
  std::optional<std::string> id_prefix;
  std::optional<bool> lenient;
  std::optional<double> scale;

  /// Takes every value `over` sets.
  void MergeFrom(const Settings& over);
};

/// Sets what `settings` sets in `options`. On a bad value returns false with
/// *error saying which values are allowed.
bool ApplySettings(const Settings& settings, DriverOptions* options, std::string* error);

}  // namespace dg::cli
