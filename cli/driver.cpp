#include "cli/driver.hpp"


#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_set>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/fingerprint.hpp"
#include "cli/languages.hpp"
#include "compiler/puml_kind.hpp"
#include "render/font.hpp"
#include "grammar/puml_preprocess.hpp"
#include "grammar/text.hpp"

namespace dg::cli {
namespace fs = std::filesystem;

std::optional<Format> FormatFromName(std::string_view name) {
  if (name == "svg") return Format::kSvg;
  if (name == "png") return Format::kPng;
  if (name == "pdf") return Format::kPdf;
  return std::nullopt;
}

std::optional<Format> FormatFromPath(std::string_view path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return std::nullopt;
  }
  std::string ext(path.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return FormatFromName(ext);
}

const char* Extension(Format format) {
  switch (format) {
    case Format::kSvg: return ".svg";
    case Format::kPng: return ".png";
    case Format::kPdf: return ".pdf";
  }
  return ".svg";
}

namespace {

std::string FormatDiagnostics(const grammar::Diagnostics& diags, const DriverOptions& options) {
  bool json = options.json_diagnostics;
  std::string out;
  for (const grammar::Diagnostic& d : diags.items()) {
    if (options.quiet && d.severity != grammar::Severity::kError) continue;
    out += json ? grammar::FormatJson(diags.sources(), d) + "\n" : grammar::FormatText(diags.sources(), d);
  }
  return out;
}

/// What an output is made from besides the options: the input's text and
/// every file it included (so editing an included file makes it stale).
std::string FingerprintText(const grammar::Diagnostics& diags) {
  std::string text = diags.file().text();
  for (const grammar::SourceMap::Included& included : diags.sources().IncludedFiles()) {
    text.append(1, '\0').append(included.file->name()).append(1, '\0').append(included.file->text());
  }
  return text;
}

/// Included files a build system should watch: on disk, each once.
std::vector<std::string> Dependencies(const grammar::Diagnostics& diags) {
  std::vector<std::string> out;
  for (const grammar::SourceMap::Included& included : diags.sources().IncludedFiles()) {
    const std::string& name = included.file->name();
    bool url = name.rfind("http://", 0) == 0 || name.rfind("https://", 0) == 0;
    if (!included.bundled && !url && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

RasterBackend& Raster() {
  static RasterBackend backend;
  return backend;
}

bool RenderScene(const layout::Scene& scene, const DriverOptions& options, std::string* bytes,
                 std::string* error) {
  auto raster = options.format == Format::kPng ? Raster().png : Raster().pdf;
  if (options.format == Format::kSvg) {
    *bytes = render::RenderSvg(scene, options.render);
    return true;
  }
  if (!raster) {
    *error = "PNG and PDF output needs diagc-full beside diagc";
    return false;
  }
  return raster(scene, options.render, bytes, error);
}

}  // namespace

void SetRasterBackend(RasterBackend backend) { Raster() = backend; }
bool HasRasterBackend() { return Raster().png != nullptr; }

namespace {

/// One page to render: the diagram's name, its laid-out scene and theme.
struct Page {
  std::string name;
  layout::Scene scene;
  std::string theme;
};

constexpr size_t kMaxGlyphWarnings = 5;  // one per character; a binary blob would print thousands

std::string Utf8(uint32_t code_point) {
  std::string out;
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xc0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xe0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code_point & 0x3f));
  }
  return out;
}

/// Text that no bundled face can draw would come out as empty boxes in
/// PNG and PDF without a word: name each such character once, where it
/// first appears in the source.
void WarnMissingGlyphs(const std::vector<Page>& pages, const grammar::SourceFile& file,
                       grammar::Diagnostics& diags) {
  std::unordered_set<uint32_t> drawn;  // missing glyphs the pictures really show
  for (const Page& page : pages) {
    for (const layout::Group& group : page.scene.groups) {
      for (const layout::Shape& shape : group.shapes) {
        const auto* text = std::get_if<layout::Text>(&shape.geometry);
        if (!text) continue;
        for (const layout::TextSpan& span : text->spans) {
          for (const render::MissingGlyph& g : render::MissingGlyphs(span.text)) drawn.insert(g.code_point);
        }
      }
    }
  }
  if (drawn.empty()) return;
  std::vector<std::pair<grammar::Span, uint32_t>> warnings;  // in source order
  for (const render::MissingGlyph& g : render::MissingGlyphs(file.text())) {
    uint32_t at = static_cast<uint32_t>(g.offset);
    if (drawn.erase(g.code_point)) warnings.push_back({{at, at + uint32_t(Utf8(g.code_point).size())}, g.code_point});
  }
  std::vector<uint32_t> unplaced(drawn.begin(), drawn.end());  // made by a !define: no place of their own
  std::sort(unplaced.begin(), unplaced.end());
  for (uint32_t code_point : unplaced) warnings.push_back({{0, 0}, code_point});
  for (size_t i = 0; i < warnings.size() && i < kMaxGlyphWarnings; ++i) {
    char hex[16];
    std::snprintf(hex, sizeof hex, "U+%04X", warnings[i].second);
    diags.Warning(warnings[i].first, "missing-glyph",
                  std::string("no bundled font has ") + hex + " \"" + Utf8(warnings[i].second) +
                      "\": PNG and PDF draw it as an empty box (SVG viewers may have a font for it)");
  }
  if (warnings.size() > kMaxGlyphWarnings) {
    diags.Warning({0, 0}, "missing-glyph",
                  std::to_string(warnings.size() - kMaxGlyphWarnings) +
                      " more characters have no glyph in the bundled fonts");
  }
}

/// The theme a diagram asks for (Mermaid's `theme: dark`), unless the
/// command line chose one.
std::string ThemeFor(const ir::Diagram& diagram, const DriverOptions& options) {
  const std::string& own = std::visit([](const auto& body) -> const std::string& { return body.skin.theme; },
                                      diagram.body);
  return options.theme_given || own.empty() ? options.render.theme : own;
}

/// Renders and fingerprints every page; the fingerprint needs the count.
void RenderPages(std::vector<Page>& pages, const DriverOptions& options, compiler::Language language,
                 const std::string& text, grammar::Diagnostics& diags, CompileResult* result) {
  for (size_t i = 0; i < pages.size(); ++i) {
    Fingerprint source = SourceFingerprint(options, language, text, i, pages.size(), pages[i].name);
    DriverOptions page_options = options;
    page_options.render.theme = pages[i].theme;
    if (options.format == Format::kPdf) page_options.render.pdf_keywords = PdfKeywordsPlaceholder(source);
    Output output;
    output.name = pages[i].name;
    std::string error;
    if (!RenderScene(pages[i].scene, page_options, &output.bytes, &error)) {
      diags.Error({0, 0}, "render", error);
      return;
    }
    output.bytes = Stamp(options.format, std::move(output.bytes), source);
    result->outputs.push_back(std::move(output));
  }
}

}  // namespace

compiler::Language PickLanguage(const std::string& path, const std::string& text,
                                std::optional<compiler::Language> language) {
  if (language) return *language;
  if (std::optional<compiler::Language> by_name = LanguageFromPath(path)) return *by_name;
  return compiler::DetectLanguage(grammar::SourceFile(path, text));
}

CompileResult CompileText(const std::string& display_name, std::string text,
                          const DriverOptions& options,
                          std::optional<compiler::Language> language_override) {
  CompileResult result;
  grammar::SourceFile file(display_name, std::move(text));
  grammar::Diagnostics diags(file);
  compiler::Language language = PickLanguage(display_name, file.text(), language_override ? language_override : options.language);
  std::vector<ir::Diagram> diagrams = compiler::Compile(file, language, options.compile, diags);
  if (!diags.HasErrors()) {
    std::vector<Page> pages;
    for (const ir::Diagram& diagram : diagrams) {
      std::string theme = ThemeFor(diagram, options);
      const layout::TextMeasurer& measurer = render::BundledFontMeasurer(theme);
      for (layout::Scene& scene : layout::LayoutDiagram(diagram, measurer, options.layout, diags)) {
        pages.push_back({diagram.name, std::move(scene), theme});
      }
    }
    WarnMissingGlyphs(pages, file, diags);
    RenderPages(pages, options, language, FingerprintText(diags), diags, &result);
  }
  result.dependencies = Dependencies(diags);
  result.has_errors = diags.HasErrors();
  if (result.has_errors) result.outputs.clear();
  result.diagnostics = FormatDiagnostics(diags, options);
  for (const grammar::Diagnostic& d : diags.items()) result.placed.push_back(grammar::PlaceDiagnostic(diags.sources(), d));
  return result;
}

CompileResult PreprocessOnly(const std::string& display_name, std::string text, const DriverOptions& options) {
  CompileResult result;
  grammar::SourceFile file(display_name, std::move(text));
  grammar::Diagnostics diags(file);
  Output output;
  if (PickLanguage(display_name, file.text(), options.language) != compiler::Language::kPlantUml) {
    output.bytes = file.text();
  } else {
    output.bytes = grammar::puml::FormatPreprocessed(grammar::puml::Preprocess(file, diags, options.compile.preprocess));
  }
  // The text up to an error is printed too: it shows where the macros went wrong.
  result.outputs.push_back(std::move(output));
  result.has_errors = diags.HasErrors();
  result.diagnostics = FormatDiagnostics(diags, options);
  return result;
}

namespace {

/// Pages a PlantUML block lays out to: sequence diagrams break at each
/// `newpage` line. Only a guess: the fingerprint hashes the count, so a
/// wrong guess fails the check and the input is compiled instead.
size_t GuessPages(const grammar::puml::Block& block, grammar::Diagnostics& diags) {
  size_t breaks = 0;
  for (const grammar::puml::Line& line : block.lines) {
    std::string_view text = TrimSpace(line.text);
    std::string_view word = text.substr(0, text.find_first_of(" \t"));
    if (word.size() == 7 && Lower(word) == "newpage") ++breaks;
  }
  // Only sequence diagrams have pages (reading the block as every kind: last).
  if (breaks == 0 || compiler::ReadPlantUmlBlock(block, diags).decision.kind != grammar::puml::Kind::kSequence) {
    return 1;
  }
  return breaks + 1;
}

}  // namespace

std::optional<OutputPlan> PlanOutputs(const std::string& display_name, std::string text,
                                      const DriverOptions& options,
                                      std::optional<compiler::Language> language_override) {
  grammar::SourceFile file(display_name, std::move(text));
  grammar::Diagnostics diags(file);
  compiler::Language language = PickLanguage(display_name, file.text(), language_override ? language_override : options.language);
  OutputPlan plan;
  if (language != compiler::Language::kPlantUml) {  // DBML and Mermaid: one diagram per file
    plan.outputs.push_back(Output{});
  } else {
    for (const grammar::puml::Block& block : grammar::puml::Preprocess(file, diags, options.compile.preprocess)) {
      size_t pages = GuessPages(block, diags);
      for (size_t p = 0; p < pages; ++p) plan.outputs.push_back(Output{"", block.name, ""});
    }
    if (diags.HasErrors()) return std::nullopt;  // let the compile report them
  }
  std::string fingerprint_text = FingerprintText(diags);
  for (size_t i = 0; i < plan.outputs.size(); ++i) {
    plan.fingerprints.push_back(SourceFingerprint(options, language, fingerprint_text, i, plan.outputs.size(),
                                                  plan.outputs[i].name));
  }
  plan.dependencies = Dependencies(diags);
  return plan;
}

std::vector<std::string> OutputPaths(const std::string& input, const std::string& output_dir,
                                     const std::vector<Output>& outputs, Format format,
                                     const std::string& suffix) {
  fs::path in(input);
  fs::path dir = output_dir.empty() ? in.parent_path() : fs::path(output_dir);
  std::string stem = in.stem().string();
  std::vector<std::string> paths;
  for (size_t i = 0; i < outputs.size(); ++i) {
    std::string base = stem;
    if (!outputs[i].name.empty()) {
      // A block's own name replaces the file name; it may not leave the directory.
      base = fs::path(outputs[i].name).filename().string();
      if (base.empty() || base == "." || base == "..") base = stem;
    } else if (i > 0) {
      char suffix[32];
      std::snprintf(suffix, sizeof suffix, "_%03zu", i);
      base += suffix;
    }
    paths.push_back((dir / (base + suffix + Extension(format))).string());
  }
  return paths;
}

namespace {

bool WriteAll(int fd, const std::string& bytes) {
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    written += static_cast<size_t>(n);
  }
  return true;
}

/// A device or pipe cannot be replaced by rename: write into it.
bool WriteSpecialFile(const std::string& path, const std::string& bytes, std::string* error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  bool ok = fd >= 0 && WriteAll(fd, bytes);
  if (fd >= 0 && ::close(fd) != 0) ok = false;
  if (!ok) *error = "cannot write \"" + path + "\": " + std::strerror(errno);
  return ok;
}

}  // namespace

constexpr int kMaxSymlinkHops = 40;  // as Linux's own limit for path lookup

/// Devices, pipes and the process's own streams (/dev/stdout is a symlink
/// to /proc/self/fd/1, which may be a regular file the shell opened).
bool IsSpecialFile(const std::string& path) {
  std::string_view p(path);
  if (p.substr(0, 5) == "/dev/" || p.substr(0, 6) == "/proc/") return true;
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

bool WriteFileAtomic(const std::string& path, const std::string& bytes, std::string* error) {
  if (IsSpecialFile(path)) return WriteSpecialFile(path, bytes, error);
  // Through a symlink, replace what it points to, not the link itself.
  fs::path target(path);
  std::error_code ec;
  for (int hops = 0; hops < kMaxSymlinkHops && fs::is_symlink(target, ec); ++hops) {
    fs::path link = fs::read_symlink(target, ec);
    target = link.is_absolute() ? link : target.parent_path() / link;
  }
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string temp = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  int fd = mkstemp(temp.data());
  if (fd < 0) {
    *error = "cannot create a file in \"" + dir.string() + "\": " + std::strerror(errno);
    return false;
  }
  if (!WriteAll(fd, bytes)) {
    *error = "cannot write \"" + temp + "\": " + std::strerror(errno);
    ::close(fd);
    ::unlink(temp.c_str());
    return false;
  }
  fchmod(fd, 0644);
  if (::close(fd) != 0 || std::rename(temp.c_str(), target.c_str()) != 0) {
    *error = "cannot write \"" + path + "\": " + std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  }
  return true;
}

bool ReadFile(const std::string& path, std::string* text, std::string* error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    *error = "\"" + path + "\" is a directory";
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "cannot read \"" + path + "\": " + std::strerror(errno);
    return false;
  }
  std::ostringstream buffer;
  char chunk[65536];
  size_t total = 0;
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    total += static_cast<size_t>(in.gcount());
    if (total > kMaxInputBytes) {
      *error = "\"" + path + "\" is larger than " + std::to_string(kMaxInputBytes >> 20) +
               " MiB, the largest input diagc reads";
      return false;
    }
    buffer.write(chunk, in.gcount());
  }
  *text = buffer.str();
  return true;
}

bool ReadInput(const std::string& path_or_dash, std::string* text, std::string* error) {
  if (path_or_dash != "-") return ReadFile(path_or_dash, text, error);
  text->clear();
  char chunk[65536];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, stdin)) > 0) {
    text->append(chunk, n);
    if (text->size() > kMaxInputBytes) {
      *error = "standard input is larger than the largest input diagc reads";
      return false;
    }
  }
  return true;
}

}  // namespace dg::cli
