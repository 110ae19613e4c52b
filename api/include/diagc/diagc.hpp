// diagc's embedding API: diagram text in, pictures and structured
// diagnostics out, with the same bytes `diagc - -o -` writes for the same
// text and options.
//
//   #include <diagc/diagc.hpp>
//   diagc::Options options;
//   options.theme = "neutral";
//   diagc::Result result = diagc::compile("@startuml\nA -> B\n@enduml\n", options);
//   for (const diagc::Diagnostic& d : result.diagnostics) std::cerr << d.line << ": " << d.message << "\n";
//   if (result.ok) write(result.outputs[0].bytes);
//
// CMake: find_package(diagc CONFIG REQUIRED) and link diagc::diagc (SVG).
// PNG and PDF need the optional component: find_package(diagc CONFIG
// REQUIRED COMPONENTS raster), link diagc::raster and call
// diagc::enable_raster() (<diagc/raster.hpp>); without it only SVG is made,
// so an SVG-only program never loads cairo.
//
// Stability: only standard types appear here. Within a major version new
// members are only appended, and no function changes its meaning.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#define DIAGC_API __attribute__((visibility("default")))

namespace diagc {

enum class Language { automatic, plantuml, dbml, mermaid };
enum class Format { svg, png, pdf };
enum class Severity { error, warning, note };

struct Options {
  /// automatic: from file_name's extension, else from the text (as the CLI does).
  Language language = Language::automatic;
  Format format = Format::svg;
  /// "default", "neutral", "classic", "sketch" or "dark"; empty: the diagram's own, else default.
  std::string theme;
  /// SVG only: a second palette used under prefers-color-scheme: dark; empty: none.
  std::string dark_theme;
  /// Prefix of every element id in the SVG (several diagrams in one HTML page).
  std::string id_prefix;
  /// Names the text in diagnostics and outputs ("docs/a.puml" makes "docs/a.svg",
  /// "docs/a_001.svg" …); relative !includes are read beside it.
  std::string file_name = "diagram";
  /// Extra folders PlantUML's !include searches (the CLI's -I).
  std::vector<std::string> include_dirs;
  /// DBML: draw unresolved references to a stand-in instead of failing.
  bool lenient = false;
  /// PNG pixels per point; 0: the default (2).
  double scale = 0;
};

/// One picture: a diagram, or one page of a sequence diagram with `newpage`.
struct Output {
  std::string bytes;
  Format format = Format::svg;
  /// The file the CLI would write for Options::file_name ("a.svg", "a_001.svg",
  /// or "name.svg" for `@startuml name`).
  std::string name;
};

struct Diagnostic {
  Severity severity = Severity::error;
  std::string code;     ///< stable identifier, e.g. "puml-syntax"; empty for notes
  std::string message;
  std::string file;     ///< Options::file_name, or the included file the problem is in
  int line = 0;         ///< 1-based; 0 when the problem has no place in the text (a bad option)
  int column = 0;       ///< 1-based, in code points
  int end_line = 0;
  int end_column = 0;
  std::vector<Diagnostic> notes;  ///< "in expansion of …", "included from here"
};

struct Result {
  std::vector<Output> outputs;          ///< empty when there are errors
  std::vector<Diagnostic> diagnostics;  ///< errors and warnings, in the order found
  bool ok = false;                      ///< no errors
};

/// Compiles one text. Never throws for bad input: problems are diagnostics.
/// Thread-safe: several threads may compile at once.
DIAGC_API Result compile(std::string_view text, const Options& options = {});

/// "0.1.0+<git commit>": the build that draws (the same as `diagc --version`).
DIAGC_API std::string version();

}  // namespace diagc
