// Statements every PlantUML diagram kind shares: title, caption, header,
// footer, legend, skinparam, direction, hide/show. Each kind's parser offers
// its lines here first, so these behave the same in every kind.
#pragma once

#include <string>
#include <vector>

#include "grammar/diagnostics.hpp"
#include "grammar/puml_preprocess.hpp"

namespace dg::grammar::puml {

/// `skinparam name value`, or one line of a `skinparam [name] { … }` block
/// (then `name` is the block's prefix joined with the inner name, e.g.
/// "component" + "BackgroundColor" → "componentBackgroundColor"; a stereotype
/// block `skinparam component<<api>> { … }` gives "component<<api>>BackgroundColor").
struct SkinParam {
  std::string name;
  std::string value;
  Span span;
};

/// `sprite $name [48x48/16] { rows }`, `sprite $name [48x48/16z] data`: the
/// picture as written; the compiler decodes it.
struct SpriteDecl {
  std::string name;                ///< without the `$`
  int width = 0, height = 0;       ///< 0 when not given (then from the rows)
  int levels = 16;                 ///< 4, 8 or 16
  bool compressed = false;         ///< the `z` forms: deflate + PlantUML's base64
  std::vector<std::string> rows;   ///< hex / 6-bit rows, or the compressed text in pieces
  Span span;
};

/// One property of a `<style>` block: `componentDiagram { rectangle { .tag {
/// BackgroundColor red } } }` gives path {"componentdiagram", "rectangle",
/// ".tag"}, property "BackgroundColor", value "red". Element names are
/// lower-cased; stereotype selectors (`.tag`) keep their case. A selector
/// list `a, b { … }` gives one rule per selector.
struct StyleRule {
  std::vector<std::string> path;
  std::string property;
  std::string value;
  Span span;
};

struct CommonStatements {
  std::string title, caption, header, footer, legend;  ///< raw text, "\n" between lines
  std::string legend_align;                            ///< left right center, or empty
  Span title_span, legend_span;
  std::vector<SkinParam> skinparams;
  std::vector<SpriteDecl> sprites;
  std::vector<StyleRule> styles;  ///< `<style>` blocks, in source order
  bool left_to_right = false;       ///< `left to right direction`
  bool top_to_bottom = false;       ///< `top to bottom direction`
  std::vector<std::string> hides;   ///< argument of each `hide X` (lower-cased, trimmed)
  std::vector<std::string> shows;   ///< argument of each `show X`
};

/// If the line at `index` starts a common statement, consumes it (and, for
/// block forms like `legend … endlegend` or `skinparam { … }`, the lines up
/// to its end), records it in `out`, advances `index` past it and returns
/// true. Otherwise returns false and leaves `index` alone. An unterminated
/// block is an error naming the opening line.
bool ParseCommonStatement(const std::vector<Line>& lines, size_t& index, CommonStatements& out,
                          Diagnostics& diags);

}  // namespace dg::grammar::puml
