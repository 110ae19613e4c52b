// diagc::compile: the public API over the CLI's driver (cli/driver.hpp), so a
// program embedding diagc gets the bytes the diagc command writes.
#include "diagc/diagc.hpp"

#include <exception>

#include "cli/driver.hpp"
#include "cli/settings.hpp"
#include "cli/version.hpp"

namespace diagc {
namespace {

const char* FormatName(Format format) {
  switch (format) {
    case Format::png: return "png";
    case Format::pdf: return "pdf";
    case Format::svg: break;
  }
  return "svg";
}

dg::cli::Settings SettingsOf(const Options& o) {
  dg::cli::Settings s;
  s.format = FormatName(o.format);
  if (o.language == Language::plantuml) s.language = "puml";
  if (o.language == Language::dbml) s.language = "dbml";
  if (o.language == Language::mermaid) s.language = "mermaid";
  if (!o.theme.empty()) s.theme = o.theme;
  if (!o.dark_theme.empty()) s.dark_theme = o.dark_theme;
  if (!o.id_prefix.empty()) s.id_prefix = o.id_prefix;
  if (o.lenient) s.lenient = true;
  if (o.scale != 0) s.scale = o.scale;
  return s;
}

Diagnostic FromPlaced(const dg::grammar::PlacedDiagnostic& p) {
  Severity severity = p.severity == dg::grammar::Severity::kError     ? Severity::error
                      : p.severity == dg::grammar::Severity::kWarning ? Severity::warning
                                                                       : Severity::note;
  Diagnostic d{severity, p.code, p.message, p.file, static_cast<int>(p.at.line), static_cast<int>(p.at.column),
               static_cast<int>(p.end.line), static_cast<int>(p.end.column), {}};
  for (const dg::grammar::PlacedDiagnostic& note : p.notes) d.notes.push_back(FromPlaced(note));
  return d;
}

/// A problem with the options themselves: no place in the text.
Result OptionError(const Options& o, std::string code, std::string message) {
  Result result;
  result.diagnostics.push_back({Severity::error, std::move(code), std::move(message), o.file_name, 0, 0, 0, 0, {}});
  return result;
}

}  // namespace

Result compile(std::string_view text, const Options& options) {
  dg::cli::DriverOptions driver;
  std::string error;
  if (!dg::cli::ApplySettings(SettingsOf(options), &driver, &error)) return OptionError(options, "invalid-option", error);
  if (driver.format != dg::cli::Format::kSvg && !dg::cli::HasRasterBackend()) {
    return OptionError(options, "raster-unavailable",
                       std::string(FormatName(options.format)) +
                           " needs the raster component: link diagc::raster (libdiagc-raster) and call "
                           "diagc::enable_raster()");
  }
  driver.compile.preprocess.include_dirs = options.include_dirs;
  try {
    dg::cli::CompileResult compiled = dg::cli::CompileText(options.file_name, std::string(text), driver);
    Result result;
    result.ok = !compiled.has_errors;
    std::vector<std::string> names = dg::cli::OutputPaths(options.file_name, "", compiled.outputs, driver.format);
    for (size_t i = 0; i < compiled.outputs.size(); ++i) {
      result.outputs.push_back({std::move(compiled.outputs[i].bytes), options.format, names[i]});
    }
    for (const dg::grammar::PlacedDiagnostic& p : compiled.placed) result.diagnostics.push_back(FromPlaced(p));
    return result;
  } catch (const std::exception& e) {  // the CLI's last resort too (cli/main.cpp): an internal error, not a crash
    return OptionError(options, "internal-error", std::string("internal error: ") + e.what());
  }
}

std::string version() { return std::string(dg::cli::Version()) + "+" + dg::cli::Commit(); }

}  // namespace diagc
