// Mermaid: parse, then lower by diagram type; the front matter's title and
// the theme settings apply to every type.
#include "compiler/lower_mermaid.hpp"

#include "compiler/mermaid_text.hpp"

namespace dg::compiler {
namespace {

struct ThemeName {
  std::string_view mermaid;
  std::string_view diagc;
};

// Mermaid's themes → the nearest diagc theme ("forest" and "base" have no
// counterpart: their layouts are Mermaid's default look with other colours).
constexpr ThemeName kThemes[] = {
    {"default", "default"}, {"neutral", "neutral"}, {"dark", "dark"}, {"forest", "default"},
    {"base", "default"},    {"null", "default"},
};

/// Title, theme and hand-drawn look onto whichever IR the diagram became.
void ApplyConfig(const grammar::mermaid::Config& config, ir::Decorations& decorations, ir::GlobalSkin& skin,
                 grammar::Diagnostics& diags) {
  if (config.title) decorations.title = mermaid::Label(*config.title);
  skin.handwritten = config.hand_drawn;
  if (config.theme.empty()) return;
  for (const ThemeName& t : kThemes) {
    if (t.mermaid == config.theme) {
      skin.theme = std::string(t.diagc);
      return;
    }
  }
  diags.Warning(config.theme_span, "mermaid-theme",
                "unknown Mermaid theme \"" + config.theme +
                    "\" is ignored: expected default, neutral, dark, forest or base");
}

}  // namespace

std::optional<ir::Diagram> CompileMermaid(const grammar::SourceFile& file, const CompileOptions& options,
                                          grammar::Diagnostics& diags) {
  std::optional<grammar::mermaid::Document> doc = grammar::mermaid::ParseMermaid(file, diags);
  if (!doc || diags.HasErrors()) return std::nullopt;
  ir::Diagram diagram;
  if (const auto* chart = std::get_if<grammar::mermaid::Flowchart>(&doc->body)) {
    ir::ComponentGraph g = mermaid::LowerFlowchart(*chart, diags);
    if (options.direction == 1) g.left_to_right = g.reverse_ranks = false;
    if (options.direction == 2) g.left_to_right = true, g.reverse_ranks = false;
    ApplyConfig(doc->config, g.decorations, g.skin, diags);
    diagram.body = std::move(g);
  } else if (const auto* seq = std::get_if<grammar::mermaid::Sequence>(&doc->body)) {
    ir::SequenceModel m = mermaid::LowerSequence(*seq, diags);
    ApplyConfig(doc->config, m.decorations, m.skin, diags);
    diagram.body = std::move(m);
  } else {
    ir::ErGraph g = mermaid::LowerEr(std::get<grammar::mermaid::Er>(doc->body), diags);
    g.columns = options.columns;
    if (options.direction) g.left_to_right = options.direction == 2;
    ApplyConfig(doc->config, g.decorations, g.skin, diags);
    diagram.body = std::move(g);
  }
  if (diags.HasErrors()) return std::nullopt;
  return diagram;
}

}  // namespace dg::compiler
