// The C ABI (<diagc/diagc.h>) over the C++ API: opaque handles that own the
// C++ objects, so every string handed out lives as long as its handle.
#include "diagc/diagc.h"

#include <cstdlib>
#include <string>

#include "diagc/diagc.hpp"

struct diagc_options {
  diagc::Options options;
};

struct diagc_result {
  diagc::Result result;
};

namespace {

bool ParseBool(const std::string& value, bool* out) {
  if (value != "true" && value != "false") return false;
  *out = value == "true";
  return true;
}

bool ParseNumber(const std::string& value, double* out) {
  char* end = nullptr;
  *out = std::strtod(value.c_str(), &end);
  return !value.empty() && end && *end == '\0';
}

/// Unknown names are passed on as such, so diagc_compile reports them with
/// the CLI's message (which lists the allowed ones).
diagc::Language LanguageNamed(const std::string& name, bool* known) {
  *known = true;
  if (name == "puml" || name == "plantuml") return diagc::Language::plantuml;
  if (name == "dbml") return diagc::Language::dbml;
  if (name == "mermaid" || name == "mmd") return diagc::Language::mermaid;
  *known = name.empty();
  return diagc::Language::automatic;
}

bool FormatNamed(const std::string& name, diagc::Format* format) {
  if (name == "svg") *format = diagc::Format::svg;
  else if (name == "png") *format = diagc::Format::png;
  else if (name == "pdf") *format = diagc::Format::pdf;
  else return false;
  return true;
}

const char* FormatName(diagc::Format format) {
  return format == diagc::Format::png ? "png" : format == diagc::Format::pdf ? "pdf" : "svg";
}

int SetOption(diagc::Options& o, const std::string& key, const std::string& value) {
  bool known = true;
  if (key == "language") o.language = LanguageNamed(value, &known);
  else if (key == "format") known = FormatNamed(value, &o.format);
  else if (key == "theme") o.theme = value;
  else if (key == "dark-theme") o.dark_theme = value;
  else if (key == "id-prefix") o.id_prefix = value;
  else if (key == "file-name") o.file_name = value;
  else if (key == "include-dir") o.include_dirs.push_back(value);
  else if (key == "lenient") known = ParseBool(value, &o.lenient);
  else if (key == "scale") known = ParseNumber(value, &o.scale);
  else known = false;
  return known ? 0 : -1;
}

}  // namespace

extern "C" {

diagc_options* diagc_options_new(void) { return new diagc_options(); }

int diagc_options_set(diagc_options* options, const char* key, const char* value) {
  if (!options || !key || !value) return -1;
  return SetOption(options->options, key, value);
}

void diagc_options_free(diagc_options* options) { delete options; }

diagc_result* diagc_compile(const char* text, size_t size, const diagc_options* options) {
  static const diagc::Options defaults;
  std::string_view source = text ? std::string_view(text, size) : std::string_view();
  return new diagc_result{diagc::compile(source, options ? options->options : defaults)};
}

int diagc_result_ok(const diagc_result* result) { return result && result->result.ok ? 1 : 0; }

size_t diagc_result_output_count(const diagc_result* result) { return result ? result->result.outputs.size() : 0; }

const char* diagc_result_output(const diagc_result* result, size_t i, size_t* size) {
  if (!result || i >= result->result.outputs.size()) return nullptr;
  const std::string& bytes = result->result.outputs[i].bytes;
  if (size) *size = bytes.size();
  return bytes.data();
}

const char* diagc_result_output_name(const diagc_result* result, size_t i) {
  if (!result || i >= result->result.outputs.size()) return nullptr;
  return result->result.outputs[i].name.c_str();
}

const char* diagc_result_output_format(const diagc_result* result, size_t i) {
  if (!result || i >= result->result.outputs.size()) return nullptr;
  return FormatName(result->result.outputs[i].format);
}

size_t diagc_result_diagnostic_count(const diagc_result* result) {
  return result ? result->result.diagnostics.size() : 0;
}

int diagc_result_diagnostic(const diagc_result* result, size_t i, diagc_diagnostic* out) {
  if (!result || !out || i >= result->result.diagnostics.size()) return -1;
  const diagc::Diagnostic& d = result->result.diagnostics[i];
  *out = {static_cast<diagc_severity>(d.severity), d.code.c_str(), d.message.c_str(), d.file.c_str(),
          d.line, d.column, d.end_line, d.end_column};
  return 0;
}

void diagc_result_free(diagc_result* result) { delete result; }

const char* diagc_version(void) {
  static const std::string version = diagc::version();
  return version.c_str();
}

}  // extern "C"
