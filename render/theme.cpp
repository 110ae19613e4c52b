#include "render/theme.hpp"

#include <algorithm>

#include "render/color.hpp"

namespace dg::render {
namespace {

using layout::Role;

constexpr std::string_view kSansFamily = "\"DejaVu Sans\",Verdana,Arial,sans-serif";
constexpr std::string_view kMonoFamily = "\"DejaVu Sans Mono\",Menlo,Consolas,monospace";
// Sketch: the bundled face first (the SVG embeds the glyphs it uses, see
// svg_writer.cpp), then look-alikes a viewer may have.
constexpr std::string_view kHandFamily =
    "\"Comic Neue\",\"Comic Sans MS\",\"Chalkboard SE\",\"Comic Neue Angular\",cursive";

// Strokes in points.
constexpr double kHairlinePt = 1.0;
constexpr double kOutlinePt = 1.2;
constexpr double kClassicOutlinePt = 1.5;
constexpr double kSketchOutlinePt = 1.3;
constexpr std::string_view kLifelineDash = "5 4";

/// Colours of one palette, listed once and spread over the roles.
struct Palette {
  std::string_view background, ink, muted, box, box_line, cluster, cluster_line, edge;
  std::string_view note, note_line, note_ink, header, header_ink, row, accent_fill, accent;
  std::string_view band;  // activation, divider, legend
  double outline = kOutlinePt;
};

void Set(Theme& theme, Role role, std::string_view fill, std::string_view stroke,
         std::string_view text, double width, std::string_view dash = "") {
  theme.roles[static_cast<int>(role)] = {std::string(fill), std::string(stroke),
                                         std::string(text), width, std::string(dash)};
}

Theme FromPalette(std::string_view name, const Palette& p) {
  Theme t;
  t.name = name;
  t.background = p.background;
  t.font_family = kSansFamily;
  t.mono_family = kMonoFamily;
  for (Role text_role : {Role::kText, Role::kTitle, Role::kEdgeLabel})
    Set(t, text_role, "none", "none", p.ink, 0);
  Set(t, Role::kStereotype, "none", "none", p.muted, 0);
  Set(t, Role::kBox, p.box, p.box_line, p.ink, p.outline);
  Set(t, Role::kCluster, p.cluster, p.cluster_line, p.ink, kHairlinePt);
  Set(t, Role::kEdge, "none", p.edge, p.ink, kOutlinePt);
  Set(t, Role::kArrowFilled, p.edge, p.edge, p.ink, kHairlinePt);
  Set(t, Role::kArrowOpen, p.background, p.edge, p.ink, kHairlinePt);
  Set(t, Role::kNote, p.note, p.note_line, p.note_ink, kHairlinePt);
  Set(t, Role::kIcon, p.accent_fill, p.accent, p.ink, kHairlinePt);
  Set(t, Role::kTableHeader, p.header, p.box_line, p.header_ink, p.outline);
  Set(t, Role::kTableRow, p.row, p.box_line, p.ink, p.outline);
  Set(t, Role::kLifeline, "none", p.cluster_line, p.ink, kHairlinePt, kLifelineDash);
  Set(t, Role::kActivation, p.band, p.box_line, p.ink, kHairlinePt);
  Set(t, Role::kFragment, "none", p.box_line, p.ink, kHairlinePt);
  Set(t, Role::kDivider, p.band, p.cluster_line, p.ink, kHairlinePt);
  Set(t, Role::kLegend, p.band, p.cluster_line, p.ink, kHairlinePt);
  return t;
}

// clang-format off
/// Clean and modern (D2, recent PlantUML): light fills, dark grey lines,
/// a blue accent for table headers and icons.
constexpr Palette kDefault = {
    "#ffffff", "#1f2937", "#6b7280", "#f5f7fb", "#3b4252", "#fafbfd", "#8a94a6", "#4a5568",
    "#fff8c5", "#d4a72c", "#3d3300", "#3b5bdb", "#ffffff", "#ffffff", "#e0e8ff", "#3b5bdb",
    "#eef1f6"};
constexpr Palette kDark = {
    "#1e222a", "#e6e9ef", "#9aa4b5", "#2a303c", "#aab4c5", "#242933", "#6b7689", "#aab4c5",
    "#3d3a24", "#c9a227", "#f1e8b8", "#4c6ef5", "#ffffff", "#232831", "#33406b", "#8ca3ff",
    "#2f3541"};
constexpr Palette kNeutral = {
    "#ffffff", "#202020", "#707070", "#f2f2f2", "#404040", "#fafafa", "#8c8c8c", "#404040",
    "#f7f7f7", "#8c8c8c", "#202020", "#d9d9d9", "#202020", "#ffffff", "#e6e6e6", "#404040",
    "#ececec"};
/// PlantUML's long-familiar look: yellow boxes with crimson borders.
constexpr Palette kClassic = {
    "#ffffff", "#000000", "#555555", "#fefece", "#a80036", "#ffffff", "#000000", "#a80036",
    "#fbfb77", "#a80036", "#000000", "#fefece", "#000000", "#ffffff", "#fefece", "#a80036",
    "#eeeeee", kClassicOutlinePt};
/// Hand-drawn, after Excalidraw: near-black ink, soft pastel fills.
constexpr Palette kSketch = {
    "#ffffff", "#1e1e1e", "#5c5f66", "#dbeeff", "#1e1e1e", "#fbfbf8", "#868e96", "#1e1e1e",
    "#fff3bf", "#e0a800", "#3d3300", "#b2f2bb", "#1e1e1e", "#ffffff", "#ffd8d8", "#c92a2a",
    "#f1f3f5", kSketchOutlinePt};
// clang-format on

Theme SketchTheme() {
  Theme theme = FromPalette("sketch", kSketch);
  theme.font_family = kHandFamily;
  theme.sketch = true;
  theme.hand_font = true;
  return theme;
}

const std::vector<Theme>& Builtins() {
  static const std::vector<Theme> themes = {
      FromPalette("classic", kClassic), FromPalette("dark", kDark),
      FromPalette("default", kDefault), FromPalette("neutral", kNeutral), SketchTheme()};
  return themes;
}

std::string GreyOf(const std::string& color) {
  std::optional<Rgba> rgba = ParseColor(color);
  return rgba ? FormatHex(ToGrey(*rgba)) : color;
}

}  // namespace

const Theme* FindTheme(std::string_view name) {
  for (const Theme& theme : Builtins())
    if (theme.name == name) return &theme;
  return nullptr;
}

std::vector<std::string> ThemeNames() {
  std::vector<std::string> names;
  for (const Theme& theme : Builtins()) names.push_back(theme.name);
  return names;  // Builtins() is sorted by name
}

Theme Monochrome(const Theme& theme) {
  Theme grey = theme;
  grey.background = GreyOf(theme.background);
  for (RoleStyle& style : grey.roles) {
    style.fill = GreyOf(style.fill);
    style.stroke = GreyOf(style.stroke);
    style.text = GreyOf(style.text);
  }
  return grey;
}

std::string_view RoleClass(layout::Role role) {
  switch (role) {
    case Role::kBox: return "dg-box";
    case Role::kCluster: return "dg-cluster";
    case Role::kEdge: return "dg-edge";
    case Role::kArrowFilled: return "dg-arrow";
    case Role::kArrowOpen: return "dg-arrow-open";
    case Role::kText: return "dg-text";
    case Role::kTitle: return "dg-title";
    case Role::kStereotype: return "dg-stereotype";
    case Role::kEdgeLabel: return "dg-edge-label";
    case Role::kNote: return "dg-note";
    case Role::kIcon: return "dg-icon";
    case Role::kTableHeader: return "dg-table-header";
    case Role::kTableRow: return "dg-table-row";
    case Role::kLifeline: return "dg-lifeline";
    case Role::kActivation: return "dg-activation";
    case Role::kFragment: return "dg-fragment";
    case Role::kDivider: return "dg-divider";
    case Role::kLegend: return "dg-legend";
  }
  return "dg-box";
}

}  // namespace dg::render
