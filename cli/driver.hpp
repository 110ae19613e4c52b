// The driver: one input file through every stage to output bytes. Knows
// nothing about argv; main.cpp turns the command line into DriverOptions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/compile.hpp"
#include "grammar/placed_diagnostic.hpp"
#include "layout/layout.hpp"
#include "render/render.hpp"

namespace dg::cli {

enum class Format { kSvg, kPng, kPdf };

std::optional<Format> FormatFromName(std::string_view name);  ///< "svg", "png", "pdf"
std::optional<Format> FormatFromPath(std::string_view path);  ///< by extension
const char* Extension(Format format);                          ///< ".svg" …

/// PNG and PDF come from cairo, which only the full executable (diagc-full)
/// links; it installs them here. Without them, PNG/PDF is an error.
struct RasterBackend {
  bool (*png)(const layout::Scene&, const render::RenderOptions&, std::string*, std::string*) = nullptr;
  bool (*pdf)(const layout::Scene&, const render::RenderOptions&, std::string*, std::string*) = nullptr;
};
void SetRasterBackend(RasterBackend backend);
bool HasRasterBackend();

struct DriverOptions {
  Format format = Format::kSvg;
  compiler::CompileOptions compile;
  layout::LayoutOptions layout;
  render::RenderOptions render;
  /// --language, else from the file name or content (CompileText).
  std::optional<compiler::Language> language;
  bool json_diagnostics = false;
  bool quiet = false;  ///< -quiet: print errors only, no warnings
  bool theme_given = false;  ///< --theme was on the command line: it wins over a diagram's own
};

/// One picture made from one diagram (or one page of it).
struct Output {
  std::string stem_suffix;  ///< "" for the first, "_001" … or "/name" for named blocks
  std::string name;         ///< @startuml name, if any
  std::string bytes;
};

struct CompileResult {
  std::vector<Output> outputs;
  std::string diagnostics;  ///< formatted, ready for stderr
  std::vector<grammar::PlacedDiagnostic> placed;  ///< the same as values (all of them: -quiet only filters the text)
  bool has_errors = false;
  std::vector<std::string> dependencies;  ///< files on disk the input included (for --depfile)
};

/// The language of `text` named `path`: `language` if given, else by the
/// extension (kLanguages), else from the content (compiler::DetectLanguage).
compiler::Language PickLanguage(const std::string& path, const std::string& text,
                                std::optional<compiler::Language> language);

/// Compiles one source text. `display_name` is used in diagnostics and, unless
/// `language` (or options.language) is given, to pick the language.
CompileResult CompileText(const std::string& display_name, std::string text,
                          const DriverOptions& options,
                          std::optional<compiler::Language> language = std::nullopt);

/// What an output was made from, in two halves so --check can say which
/// changed: the source (text, and the output's place among its siblings)
/// and the options (every option that changes output bytes, and which
/// diagc build made it: version and git commit). See cli/fingerprint.hpp.
struct Fingerprint {
  uint64_t text = 0;
  uint64_t options = 0;
  bool operator==(const Fingerprint&) const = default;
};

/// `diagc -E`: the text after PlantUML's preprocessor, as `plantuml -preproc`
/// prints it (DBML passes through unchanged).
CompileResult PreprocessOnly(const std::string& display_name, std::string text, const DriverOptions& options);

/// What CompileText would produce, guessed from the preprocessor alone (no
/// parsing, layout or rendering): each output's name, and the fingerprint
/// each would record. --check confirms outputs with it without compiling; a
/// wrong guess only means a fingerprint that matches no file.
struct OutputPlan {
  std::vector<Output> outputs;  ///< names only, no bytes
  std::vector<Fingerprint> fingerprints;
  std::vector<std::string> dependencies;  ///< as CompileResult's
};

/// nullopt when the preprocessor finds errors: the compile reports them.
std::optional<OutputPlan> PlanOutputs(const std::string& display_name, std::string text,
                                      const DriverOptions& options,
                                      std::optional<compiler::Language> language = std::nullopt);

/// The output paths PlantUML would use for `input` (dir/stem + suffix + ext),
/// one per output: "a.svg", then "a_001.svg" …, or the block's own name;
/// `suffix` follows the stem or name ("-sketch" → "a-sketch.svg").
std::vector<std::string> OutputPaths(const std::string& input, const std::string& output_dir,
                                     const std::vector<Output>& outputs, Format format,
                                     const std::string& suffix = "");

/// Writes through a temporary file and rename, so a reader never sees a
/// half-written file and a failure never destroys the previous output. An
/// existing path that is not a regular file (/dev/null, /dev/stdout, a FIFO)
/// is written directly.
bool WriteFileAtomic(const std::string& path, const std::string& bytes, std::string* error);

bool ReadFile(const std::string& path, std::string* text, std::string* error);
/// ReadFile, or all of stdin for "-"; both bounded by kMaxInputBytes.
bool ReadInput(const std::string& path_or_dash, std::string* text, std::string* error);

/// Largest input we read; bigger files are refused with a clear error.
constexpr size_t kMaxInputBytes = 32u << 20;

}  // namespace dg::cli
