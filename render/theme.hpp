// Themes: what colour, stroke and dash each layout::Role gets. The SVG writer
// turns a theme into CSS rules for the role classes (RoleClass), cairo reads
// it directly; per-shape Paint overrides win over both.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "layout/scene.hpp"

namespace dg::render {

/// Number of layout::Role values (kLegend is the last one; update when the
/// enum grows).
constexpr int kRoleCount = static_cast<int>(layout::Role::kLegend) + 1;

/// Colours are "#rrggbb" or "none". `text` colours Text shapes of the role;
/// `fill`/`stroke` colour every other shape.
struct RoleStyle {
  std::string fill = "none";
  std::string stroke = "none";
  std::string text = "#000000";
  double stroke_width = 1;  ///< points
  std::string dash;         ///< SVG dash array ("5 4") or empty for solid
};

struct Theme {
  std::string name;
  std::string background = "#ffffff";  ///< "none" for transparent
  std::string font_family;             ///< CSS font-family list for sans text
  std::string mono_family;             ///< CSS font-family list for mono text
  bool sketch = false;     ///< hand-drawn strokes (render/sketch.hpp)
  bool hand_font = false;  ///< sans text in Comic Neue (FontSet::kHand)
  std::array<RoleStyle, kRoleCount> roles;
  const RoleStyle& For(layout::Role role) const { return roles[static_cast<int>(role)]; }
};

/// The built-in theme called `name`, or nullptr (see ThemeNames()).
const Theme* FindTheme(std::string_view name);

/// Names FindTheme() accepts, sorted: for "unknown theme" messages.
std::vector<std::string> ThemeNames();

/// The same theme with every colour turned to a grey of equal luminance.
Theme Monochrome(const Theme& theme);

/// The CSS class of a role in SVG output. Prefixed so it never collides with
/// the semantic group classes ("node", "cluster", "note" …) of DESIGN.md:
///   dg-box  dg-cluster  dg-edge  dg-arrow (filled head)  dg-arrow-open
///   dg-text  dg-title  dg-stereotype  dg-edge-label  dg-note  dg-icon
///   dg-table-header  dg-table-row  dg-lifeline  dg-activation  dg-fragment
///   dg-divider  dg-legend
/// The SVG also uses dg-background (the page rectangle) and dg-mono (mono
/// text). `.dg-X` rules colour shapes; `text.dg-X` rules colour text.
std::string_view RoleClass(layout::Role role);

}  // namespace dg::render
