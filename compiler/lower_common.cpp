// Lowering of shared PlantUML statements: decorations and skinparams.
#include "compiler/lower_common.hpp"
#include "grammar/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <optional>

namespace dg::compiler {
namespace {

constexpr double kMaxFontSizePt = 200;   // larger skinparam font sizes are clamped
constexpr double kMaxSeparationPt = 2000;  // nodesep / ranksep upper bound

/// Element keywords whose look skinparam can set, longest first so that
/// "componentBackgroundColor" is not read as "component" + … by a shorter one.
constexpr std::array<std::string_view, 38> kStyledKinds = {
    "collections", "participant", "rectangle", "component", "interface", "boundary", "database",
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

bool ParseBool(std::string_view s) {
  std::string l = Lower(s);
  return l == "true" || l == "yes" || l == "on" || l == "1" || l == "reverse";
}

/// Removes a `<<stereotype>>` from `name`, returning it ("" if none).
std::string TakeStereotype(std::string& name) {
  size_t open = name.find("<<");
  if (open == std::string::npos) return "";
  size_t close = name.find(">>", open);
  if (close == std::string::npos) return "";
  std::string stereo = name.substr(open, close + 2 - open);
  name.erase(open, close + 2 - open);
  return stereo;
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
  if (prop == "backgroundcolor") probe.fill = ParseColor(value);
  else if (prop == "bordercolor") probe.stroke = ParseColor(value);
  else if (prop == "fontcolor") probe.text = ParseColor(value);
  else if (prop == "fontsize") probe.font_size = ParseNumber(value, kMaxFontSizePt);
  else if (prop == "borderthickness") probe.stroke_width = ParseNumber(value, kMaxFontSizePt);
  else if (kind == "arrow" && prop == "color") probe.stroke = ParseColor(value);  // ArrowColor<<st>>
  else if (kind == "arrow" && prop == "thickness") probe.stroke_width = ParseNumber(value, kMaxFontSizePt);
  else return false;
  ir::Style& style = kind_styles[kind + stereo];
  if (probe.fill.set()) style.fill = probe.fill;
  if (probe.stroke.set()) style.stroke = probe.stroke;
  if (probe.text.set()) style.text = probe.text;
  if (probe.font_size) style.font_size = probe.font_size;
  if (probe.stroke_width) style.stroke_width = probe.stroke_width;
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
  else return false;
  return true;
}

void LowerSkinparam(const grammar::puml::SkinParam& param, ir::GlobalSkin& skin,
                    std::map<std::string, ir::Style>& kind_styles, grammar::Diagnostics& diags) {
  std::string name = param.name;
  std::string stereo = TakeStereotype(name);
  std::string lower = Lower(name);
  if (stereo.empty() && SetGlobal(lower, param.value, skin)) {
    if (lower == "linetype" && skin.line_type.empty() && Lower(param.value) != "spline") {
      diags.Warning(param.span, "puml-skinparam",
                    "unknown linetype \"" + param.value + "\", expected ortho or polyline");
    }
    return;
  }
  if (SetElementStyle(lower, stereo, param.value, kind_styles)) return;
  diags.Warning(param.span, "puml-skinparam",
                "skinparam \"" + param.name + "\" is not supported and is ignored");
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

void LowerCommon(const grammar::puml::CommonStatements& common, ir::Decorations& decorations,
                 ir::GlobalSkin& skin, std::map<std::string, ir::Style>& kind_styles,
                 grammar::Diagnostics& diags) {
  decorations.title = ir::ParseCreole(common.title);
  decorations.caption = ir::ParseCreole(common.caption);
  decorations.header = ir::ParseCreole(common.header);
  decorations.footer = ir::ParseCreole(common.footer);
  decorations.legend = ir::ParseCreole(common.legend);
  decorations.legend_align = common.legend_align;
  for (const grammar::puml::SkinParam& param : common.skinparams) {
    LowerSkinparam(param, skin, kind_styles, diags);
  }
}

}  // namespace dg::compiler
