// Lowering of shared PlantUML statements: decorations and skinparams.
#include "compiler/lower_common.hpp"
#include "grammar/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>
#include <set>

namespace dg::compiler {
namespace {

constexpr double kMaxFontSizePt = 200;   // larger skinparam font sizes are clamped
constexpr double kMaxSeparationPt = 2000;  // nodesep / ranksep upper bound
constexpr double kMaxWrapPt = 10000;       // wrapWidth upper bound
constexpr double kMaxCornerPt = 100;       // RoundCorner / DiagonalCorner upper bound

/// Element keywords whose look skinparam can set, longest first so that
/// "componentBackgroundColor" is not read as "component" + … by a shorter one.
constexpr std::array<std::string_view, 39> kStyledKinds = {
    "sequencebox", "collections", "participant", "rectangle", "component", "interface", "boundary", "database",
    "artifact", "hexagon", "package", "process", "storage", "usecase", "caption", "control",
    "entity", "folder", "header", "footer", "legend", "person", "agent", "actor", "class",
    "cloud", "frame", "label", "queue", "stack", "title", "card", "file", "node", "note",
    "circle", "arrow", "port", "object"};

bool IsHex(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c));
  });
}

std::optional<double> ParseNumber(std::string_view s, double max) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < 0) return std::nullopt;
  return std::min(v, max);
}

ir::TextAlign ParseAlign(const std::string& v) {
  if (v == "left") return ir::TextAlign::kLeft;
  if (v == "right") return ir::TextAlign::kRight;
  if (v == "center") return ir::TextAlign::kCenter;
  return ir::TextAlign::kDefault;
}

bool ParseBool(std::string_view s) {
  std::string l = Lower(s);
  return l == "true" || l == "yes" || l == "on" || l == "1" || l == "reverse";
}

/// Removes every `<<stereotype>>` from `name`, returning the first ("" if
/// none): C4 writes `rectangle<<st>>Shadowing<<st>>`.
std::string TakeStereotype(std::string& name) {
  std::string first;
  for (size_t open = name.find("<<"); open != std::string::npos; open = name.find("<<")) {
    size_t close = name.find(">>", open);
    if (close == std::string::npos) break;
    if (first.empty()) first = name.substr(open, close + 2 - open);
    name.erase(open, close + 2 - open);
  }
  return first;
}

/// Skinparams of diagram kinds diagc draws differently or not at all
/// (sequence boxes, activities, classes …): accepted without a word, as
/// PlantUML accepts them in any diagram; C4 and themes set them all.
constexpr std::string_view kOtherKinds[] = {
    "sequencebox", "sequence", "activity", "state", "class", "object", "swimlane", "partition",
    "stereotype", "lifeline", "timing", "gantt", "mindmap", "wbs", "usecase", "dpi",
    "defaultfontname", "usebetastyle", "boxpadding", "maxmessagesize", "actorstyle",
    "guillemet", "svglinktarget", "pathhoverColor", "responsemessagebelowarrow", "padding"};

bool OtherKind(const std::string& lower) {
  for (std::string_view k : kOtherKinds)
    if (lower.rfind(Lower(k), 0) == 0) return true;
  return false;
}

std::optional<bool> FontFlag(std::string_view value, std::string_view flag) {
  std::string v = Lower(value);
  if (v.find(flag) != std::string::npos) return true;
  if (v == "plain" || v == "normal") return false;
  return std::nullopt;
}

/// `skinparam arrow<<st>> { Color 666666;text:666666;line.dashed }`: the
/// colour of an arrow may carry its text colour and line style, as inline.
void SetArrowColor(std::string_view value, ir::Style& style) {
  ir::Style parsed = ParseElementStyle(value);
  style.stroke = parsed.fill.set() ? parsed.fill : parsed.stroke;
  if (parsed.text.set()) style.text = parsed.text;
  style.dashed = style.dashed || parsed.dashed;
  style.dotted = style.dotted || parsed.dotted;
  if (parsed.stroke_width) style.stroke_width = parsed.stroke_width;
}

/// `componentBackgroundColor` → kind "component", property "backgroundcolor".
bool SetElementStyle(const std::string& lower, const std::string& stereo, std::string_view value,
                     std::map<std::string, ir::Style>& kind_styles) {
  std::string kind;
  for (std::string_view k : kStyledKinds) {
    if (lower.rfind(k, 0) == 0) {
      kind = std::string(k);
      break;
    }
  }
  std::string prop = lower.substr(kind.size());
  if (kind.empty() && stereo.empty()) return false;
  ir::Style probe;
  if (kind == "arrow" && prop == "color") SetArrowColor(value, probe);  // ArrowColor<<st>>
  else if (kind == "arrow" && prop == "thickness") probe.stroke_width = ParseNumber(value, kMaxFontSizePt);
  else if (!ApplyStyleProperty(prop, value, probe)) return false;
  ir::MergeStyle(probe, kind_styles[kind + stereo]);
  return true;
}

/// Whole-diagram parameters; false when `lower` is not one of them.
bool SetGlobal(const std::string& lower, std::string_view value, ir::GlobalSkin& skin) {
  std::string v = Lower(value);
  if (lower == "backgroundcolor") skin.background = ParseColor(value);
  else if (lower == "arrowcolor") skin.arrow_color = ParseColor(value);
  else if (lower == "arrowfontcolor") skin.arrow_font_color = ParseColor(value);
  else if (lower == "defaultfontsize") skin.font_size = ParseNumber(value, kMaxFontSizePt);
  else if (lower == "nodesep") skin.nodesep = ParseNumber(value, kMaxSeparationPt);
  else if (lower == "ranksep") skin.ranksep = ParseNumber(value, kMaxSeparationPt);
  else if (lower == "monochrome") skin.monochrome = ParseBool(value);
  else if (lower == "shadowing") skin.shadowing = ParseBool(value);
  else if (lower == "handwritten") skin.handwritten = ParseBool(value);
  else if (lower == "linetype") skin.line_type = v == "ortho" || v == "polyline" ? v : "";
  else if (lower == "componentstyle") skin.component_style = v;
  else if (lower == "wrapwidth") skin.wrap_width = ParseNumber(value, kMaxWrapPt);
  else if (lower == "roundcorner") skin.round_corner = ParseNumber(value, kMaxCornerPt);
  else if (lower == "defaulttextalignment") skin.text_align = ParseAlign(v);
  else return false;
  return true;
}

void LowerSkinparam(const grammar::puml::SkinParam& param, ir::GlobalSkin& skin,
                    std::map<std::string, ir::Style>& kind_styles, std::set<std::string>& warned,
                    grammar::Diagnostics& diags) {
  std::string name = param.name;
  std::string stereo = TakeStereotype(name);
  std::string lower = Lower(name);
  if (stereo.empty() && SetGlobal(lower, param.value, skin)) {
    // A later ArrowColor beats an earlier `<style> root { LineColor … }`.
    if (lower == "arrowcolor") kind_styles["arrow"].stroke = skin.arrow_color;
    if (lower == "arrowfontcolor") kind_styles["arrow"].text = skin.arrow_font_color;
    if (lower == "linetype" && skin.line_type.empty() && Lower(param.value) != "spline") {
      diags.Warning(param.span, "puml-skinparam",
                    "unknown linetype \"" + param.value + "\", expected ortho or polyline");
    }
    return;
  }
  if (SetElementStyle(lower, stereo, param.value, kind_styles) || OtherKind(lower)) return;
  // Once per name: generated skinparams (C4, themes) repeat theirs per stereotype.
  if (!warned.insert(Lower(param.name)).second) return;
  diags.Warning(param.span, "puml-skinparam",
                "skinparam \"" + param.name + "\" is not supported and is ignored");
}

/// Whether a `<style>` diagram selector (`componentDiagram`) is for this diagram.
bool DiagramMatches(const std::string& selector, StyleScope scope) {
  switch (scope) {
    case StyleScope::kComponent:
      return selector == "componentdiagram" || selector == "deploymentdiagram" ||
             selector == "usecasediagram" || selector == "descriptiondiagram";
    case StyleScope::kSequence:
      return selector == "sequencediagram";
    case StyleScope::kClass:
      return selector == "classdiagram" || selector == "objectdiagram";
  }
  return false;
}

bool IsStyledKind(std::string_view name) {
  return std::find(kStyledKinds.begin(), kStyledKinds.end(), name) != kStyledKinds.end();
}

/// Properties PlantUML's styles have that diagc lays out its own way.
bool LayoutOnlyProperty(const std::string& p) {
  return p == "margin" || p == "padding" || p == "hyperlinkcolor" ||
         p == "minimumwidth" || p == "maximumwidth" || p == "horizontalalignment";
}

/// One `<style>` property, put where the equivalent skinparam would go.
void LowerStyleRule(const grammar::puml::StyleRule& rule, StyleScope scope, ir::GlobalSkin& skin,
                    std::map<std::string, ir::Style>& kind_styles, std::set<std::string>& warned,
                    grammar::Diagnostics& diags) {
  std::vector<std::string> path = rule.path;
  if (!path.empty() && path.front().size() > 7 &&
      path.front().compare(path.front().size() - 7, 7, "diagram") == 0) {
    if (!DiagramMatches(path.front(), scope)) return;  // another kind of diagram's
    path.erase(path.begin());
  }
  std::string kind, stereo;
  for (const std::string& sel : path) (sel[0] == '.' ? stereo : kind) = sel;
  if (!stereo.empty()) stereo = "<<" + stereo.substr(1) + ">>";
  std::string prop = Lower(rule.property);
  bool everything = kind == "root" || kind == "element" || (kind.empty() && stereo.empty());
  if (kind == "document") {
    if (prop == "backgroundcolor") skin.background = ParseColor(rule.value);
    return;
  }
  if (everything && prop == "maximumwidth") skin.wrap_width = ParseNumber(rule.value, kMaxWrapPt);
  if (everything && prop == "horizontalalignment") skin.text_align = ParseAlign(Lower(rule.value));
  if (LayoutOnlyProperty(prop)) return;
  if (!everything && !kind.empty() && !IsStyledKind(kind)) return;  // groupHeader, delay …
  ir::Style probe;
  if (!ApplyStyleProperty(prop, rule.value, probe)) {
    if (warned.insert("style " + prop).second)
      diags.Warning(rule.span, "puml-style",
                    "<style> property \"" + rule.property + "\" is not supported and is ignored");
    return;
  }
  // The root's background is the page's, not every element's.
  if (kind == "root" && prop == "backgroundcolor") return;
  ir::MergeStyle(probe, kind_styles[(everything ? std::string("element") : kind) + stereo]);
  if (kind == "root" && stereo.empty()) ir::MergeStyle(probe, kind_styles["arrow"]);
}

}  // namespace

ir::Color ParseColor(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (!text.empty() && text[0] == '#') text.remove_prefix(1);
  // Gradients "#red/blue", "#red|blue", "#red-blue", "#red\blue": keep the first colour.
  size_t cut = text.find_first_of("/|\\-");
  if (cut != std::string_view::npos) text = text.substr(0, cut);
  if (text.empty()) return {};
  // No CSS colour name consists of hex digits only, so "FFAA00" and "abc" are hex.
  if ((text.size() == 3 || text.size() == 6) && IsHex(text)) {
    std::string hex = Lower(text);
    if (hex.size() == 3) hex = {hex[0], hex[0], hex[1], hex[1], hex[2], hex[2]};
    return {"#" + hex};
  }
  if (!std::all_of(text.begin(), text.end(),
                   [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
    return {};
  }
  return {Lower(text)};
}

ir::Style ParseElementStyle(std::string_view spec) {
  ir::Style style;
  while (!spec.empty()) {
    size_t semi = spec.find(';');
    std::string part = Lower(spec.substr(0, semi));
    spec = semi == std::string_view::npos ? std::string_view() : spec.substr(semi + 1);
    if (!part.empty() && part[0] == '#') part.erase(0, 1);
    if (part.rfind("line:", 0) == 0) style.stroke = ParseColor(part.substr(5));
    else if (part.rfind("text:", 0) == 0) style.text = ParseColor(part.substr(5));
    else if (part.rfind("back:", 0) == 0) style.fill = ParseColor(part.substr(5));
    else if (part == "line.dashed") style.dashed = true;
    else if (part == "line.dotted") style.dotted = true;
    else if (part == "line.bold") style.stroke_width = 2;
    else if (!style.fill.set()) style.fill = ParseColor(part);
  }
  return style;
}

bool ApplyStyleProperty(std::string_view property, std::string_view value, ir::Style& style) {
  std::string prop = Lower(property);
  std::string v = Lower(TrimSpace(value));
  if (prop == "backgroundcolor") style.fill = ParseColor(value);
  else if (prop == "headerbackgroundcolor") style.header_fill = ParseColor(value);
  else if (prop == "bordercolor" || prop == "linecolor") style.stroke = ParseColor(value);
  else if (prop == "fontcolor") style.text = ParseColor(value);
  else if (prop == "fontsize") style.font_size = ParseNumber(value, kMaxFontSizePt);
  else if (prop == "borderthickness" || prop == "linethickness")
    style.stroke_width = ParseNumber(value, kMaxFontSizePt);
  else if (prop == "borderstyle" || prop == "linestyle") {
    style.dashed = v == "dashed" || v == "5" || v == "7";
    style.dotted = v == "dotted" || v == "1";
  } else if (prop == "roundcorner" || prop == "borderroundcorner")
    style.round_corner = ParseNumber(value, kMaxCornerPt);
  else if (prop == "diagonalcorner") style.diagonal_corner = ParseNumber(value, kMaxCornerPt);
  else if (prop == "shadowing") style.shadow = ParseBool(value) || ParseNumber(value, 100).value_or(0) > 0;
  else if (prop == "fontstyle") style.bold = FontFlag(v, "bold"), style.italic = FontFlag(v, "italic");
  else if (prop == "stereotypefontcolor") style.stereo_text = ParseColor(value);
  else if (prop == "stereotypefontsize") style.stereo_size = ParseNumber(value, kMaxFontSizePt);
  // Faces are diagc's own (measured once, bundled): names are accepted, not used.
  else if (prop != "fontname" && prop != "stereotypefontname" && prop != "stereotypefontstyle")
    return false;
  return true;
}

void LowerCommon(const grammar::puml::CommonStatements& common, ir::Decorations& decorations,
                 ir::GlobalSkin& skin, std::map<std::string, ir::Style>& kind_styles,
                 grammar::Diagnostics& diags, StyleScope scope, const ir::SpriteTable* sprites) {
  decorations.title = ir::ParseCreole(common.title, sprites);
  decorations.caption = ir::ParseCreole(common.caption, sprites);
  decorations.header = ir::ParseCreole(common.header, sprites);
  decorations.footer = ir::ParseCreole(common.footer, sprites);
  decorations.legend = ir::ParseCreole(common.legend, sprites);
  decorations.legend_align = common.legend_align;
  std::set<std::string> warned;
  for (const grammar::puml::StyleRule& rule : common.styles)
    LowerStyleRule(rule, scope, skin, kind_styles, warned, diags);
  for (const grammar::puml::SkinParam& param : common.skinparams) {
    LowerSkinparam(param, skin, kind_styles, warned, diags);
  }
  if (auto it = kind_styles.find("legend"); it != kind_styles.end()) decorations.legend_style = it->second;
  if (auto it = kind_styles.find("title"); it != kind_styles.end()) decorations.title_style = it->second;
}

}  // namespace dg::compiler
