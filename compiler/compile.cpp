// The front-end dispatcher: language → blocks → diagram kind → parser and
// lowering for that kind.
#include "compiler/compile.hpp"

#include <algorithm>
#include <cstdio>

#include "compiler/lower_component.hpp"
#include "compiler/lower_dbml.hpp"
#include "compiler/lower_mermaid.hpp"
#include "compiler/lower_puml_er.hpp"
#include "compiler/lower_sequence.hpp"
#include "compiler/puml_kind.hpp"
#include "grammar/mermaid.hpp"
#include "grammar/puml_component.hpp"
#include "grammar/puml_preprocess.hpp"
#include "grammar/text.hpp"

namespace dg::compiler {
namespace {

/// One @start…@end block. Returns false (and reports) when the block's kind
/// has no front end; `diagram` is filled otherwise.
bool CompileBlock(const grammar::puml::Block& block, const CompileOptions& options,
                  grammar::Diagnostics& diags, ir::Diagram& diagram) {
  using grammar::puml::Kind;
  size_t errors_before = diags.ErrorCount();
  ReadBlock read = ReadPlantUmlBlock(block, diags);
  switch (read.decision.kind) {
    case Kind::kComponent: {
      ir::ComponentGraph graph =
          LowerComponent(std::get<grammar::puml::ComponentDocument>(read.document), diags);
      if (options.direction == 1) graph.left_to_right = false;
      if (options.direction == 2) graph.left_to_right = true;
      diagram.body = std::move(graph);
      return true;
    }
    case Kind::kSequence: {
      std::optional<ir::SequenceModel> model =
          LowerSequenceDocument(std::get<grammar::puml::SequenceDocument>(read.document), diags);
      if (!model || diags.ErrorCount() > errors_before) return false;
      diagram.body = std::move(*model);
      return true;
    }
    case Kind::kEr: {
      if (diags.ErrorCount() > errors_before) return false;  // its lowering needs a sound tree
      diagram.body = LowerPumlErDocument(std::get<grammar::puml::er::Document>(read.document), options, diags);
      return true;
    }
    case Kind::kUnsupported:
      diags.Error(read.decision.decided_by, "unsupported-diagram",
                  "unsupported diagram kind: " + read.decision.what +
                      " (diagc reads component, deployment, sequence and entity diagrams)");
      return false;
  }
  return false;
}

/// A line that only says how a diagram is drawn (lower-cased, trimmed).
/// `!theme` never gets here: the preprocessor applies or drops it.
bool IsSetting(std::string_view line) {
  static constexpr std::string_view kFirstWords[] = {"skinparam", "skin", "scale", "hide", "show", "set",
                                                     "allowmixing", "allow_mixing"};
  std::string_view word = line.substr(0, line.find_first_of(" \t{"));
  return std::find(std::begin(kFirstWords), std::end(kFirstWords), word) != std::end(kFirstWords) ||
         line == "left to right direction" || line == "top to bottom direction";
}

/// True when the block has no diagram statement: nothing, or only settings
/// (skinparam and its `{ … }` blocks, <style> sheets, hide/show, scale …).
/// Such a block would be an empty picture; PlantUML draws none for it (its
/// welcome page, or an empty image), and an empty image in a docs folder
/// hides the mistake (a wrong file, a failed generator), so it is an error.
bool HasNoDiagram(const grammar::puml::Block& block) {
  int depth = 0;  // inside `skinparam x {` … `}`
  bool in_style = false;
  for (const grammar::puml::Line& line : block.lines) {
    std::string text = Lower(TrimSpace(line.text));
    if (in_style || text == "<style>") {
      in_style = text != "</style>";
      continue;
    }
    if (depth == 0 && !text.empty() && text[0] != '\'' && !IsSetting(text)) return false;
    depth += static_cast<int>(std::count(text.begin(), text.end(), '{') - std::count(text.begin(), text.end(), '}'));
    depth = std::max(depth, 0);
  }
  return true;
}

bool HasNoLines(const grammar::puml::Block& block) {
  return std::all_of(block.lines.begin(), block.lines.end(), [](const grammar::puml::Line& line) {
    return line.text.find_first_not_of(" \t\r") == std::string::npos;
  });
}

void ReportNoDiagram(const grammar::puml::Block& block, grammar::Diagnostics& diags) {
  if (block.start.end == block.start.begin) {
    diags.Error(block.start, "no-diagram", "no diagram found: the file has no statements");
    return;
  }
  // Also after a `!theme` alone: the preprocessor leaves no line of it.
  std::string message = "no diagram found: nothing to draw between @start" + block.tag + " and @end" + block.tag;
  if (!HasNoLines(block)) message += ", only settings (skinparam, style, hide …)";
  diags.Error(block.start, "no-diagram", message);
}

std::vector<ir::Diagram> CompilePlantUml(const grammar::SourceFile& file, const CompileOptions& options,
                                         grammar::Diagnostics& diags) {
  std::vector<ir::Diagram> diagrams;
  for (grammar::puml::Block& block : grammar::puml::Preprocess(file, diags, options.preprocess)) {
    // The preprocessor's error is reported; the lines before it are no
    // diagram, and would only add errors of their own ("no diagram found").
    if (block.failed) continue;
    if (HasNoDiagram(block)) {
      ReportNoDiagram(block, diags);
      continue;
    }
    std::vector<grammar::puml::Line> prelude;
    for (const std::string& text : options.prelude) prelude.push_back({text, block.start, true});
    block.lines.insert(block.lines.begin(), prelude.begin(), prelude.end());
    size_t errors_before = diags.ErrorCount();
    ir::Diagram diagram;
    diagram.name = block.name;
    bool ok = CompileBlock(block, options, diags, diagram);
    // A block with errors is left out; the diagnostics say why.
    if (ok && diags.ErrorCount() == errors_before) diagrams.push_back(std::move(diagram));
  }
  return diagrams;
}

}  // namespace

namespace {

/// A DBML top-level definition no PlantUML line looks like: `Table x {`,
/// `TableGroup g {`, `Project p {` (the line opens a block), or `Ref: …` /
/// `Ref name: …` / `Ref name {`. (`Enum x {` is a PlantUML class too.)
bool IsDbmlDefinition(std::string_view line) {
  line = TrimSpace(line);
  std::string word = Lower(line.substr(0, line.find_first_of(" \t:{")));
  if (word == "table" || word == "tablegroup" || word == "project") {
    return line.size() > word.size() + 1 && line.back() == '{';
  }
  if (word != "ref") return false;
  std::string_view rest = TrimSpace(line.substr(word.size()));
  size_t mark = rest.find_first_of(":{");
  return mark != std::string_view::npos &&
         rest.substr(0, mark).find_first_of(" \t") == std::string_view::npos;
}

}  // namespace

Language DetectLanguage(const grammar::SourceFile& file) {
  const std::string& name = file.name();
  auto ends_with = [&](std::string_view ext) {
    return name.size() >= ext.size() && Lower(std::string_view(name).substr(name.size() - ext.size())) == ext;
  };
  if (ends_with(".dbml")) return Language::kDbml;
  if (ends_with(".mmd") || ends_with(".mermaid")) return Language::kMermaid;
  // Without a name to go by (stdin, -o -): Mermaid when the first line is a
  // Mermaid diagram type; DBML when a line is unmistakably DBML and no line
  // starts a PlantUML block.
  if (file.text().find("@start") == std::string::npos && grammar::mermaid::LooksLikeMermaid(file.text()))
    return Language::kMermaid;
  bool dbml = false;
  for (uint32_t line = 1; line <= file.LineCount(); ++line) {
    std::string_view text = TrimSpace(file.LineText(line));
    if (text.substr(0, 6) == "@start") return Language::kPlantUml;
    dbml = dbml || IsDbmlDefinition(text);
  }
  return dbml ? Language::kDbml : Language::kPlantUml;
}

namespace {

constexpr size_t kMaxEncodingErrors = 10;  // a binary file would otherwise print thousands
// No diagram needs a longer line; a longer one (minified or generated junk, a
// runaway label) would only make a picture nobody can read.
constexpr uint32_t kMaxLineBytes = 64 * 1024;

/// Text that is not UTF-8 (or holds NUL bytes) is reported and not parsed:
/// guessing at its meaning would hide a wrong --charset or a binary file.
bool CheckEncoding(const grammar::SourceFile& file, grammar::Diagnostics& diags) {
  std::vector<grammar::Span> faults = file.EncodingFaults();
  for (size_t i = 0; i < faults.size() && i < kMaxEncodingErrors; ++i) {
    unsigned char byte = static_cast<unsigned char>(file.text()[faults[i].begin]);
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", byte);
    diags.Error(faults[i], "encoding",
                byte == 0 ? std::string("NUL byte in the input: expected UTF-8 text")
                          : "invalid UTF-8 byte " + std::string(hex) + ": expected UTF-8 text");
  }
  if (faults.size() > kMaxEncodingErrors) {
    diags.Error(faults[kMaxEncodingErrors], "encoding",
                std::to_string(faults.size() - kMaxEncodingErrors) +
                    " more bytes are not UTF-8 text");
  }
  return faults.empty();
}

/// Lines over kMaxLineBytes are refused (this also bounds every label).
bool CheckLineLengths(const grammar::SourceFile& file, grammar::Diagnostics& diags) {
  size_t reported = 0;
  for (uint32_t line = 1; line <= file.LineCount() && reported < kMaxEncodingErrors; ++line) {
    std::string_view text = file.LineText(line);
    if (text.size() <= kMaxLineBytes) continue;
    uint32_t begin = file.LineStart(line) + kMaxLineBytes;
    diags.Error({begin, begin + 1}, "line-too-long",
                "line is " + std::to_string(text.size()) + " bytes long; the limit is " +
                    std::to_string(kMaxLineBytes));
    ++reported;
  }
  return reported == 0;
}

}  // namespace

std::vector<ir::Diagram> Compile(const grammar::SourceFile& file, Language language,
                                 const CompileOptions& options, grammar::Diagnostics& diags) {
  if (!CheckEncoding(file, diags) || !CheckLineLengths(file, diags)) return {};
  if (language == Language::kPlantUml) return CompilePlantUml(file, options, diags);
  if (language == Language::kMermaid) {
    std::optional<ir::Diagram> diagram = CompileMermaid(file, options, diags);
    if (!diagram) return {};
    return {std::move(*diagram)};
  }
  std::optional<ir::ErGraph> graph = CompileDbml(file, options, diags);
  if (!graph) return {};
  ir::Diagram diagram;
  diagram.body = std::move(*graph);
  return {std::move(diagram)};
}

}  // namespace dg::compiler
