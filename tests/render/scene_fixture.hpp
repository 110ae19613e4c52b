// Small hand-built scenes shared by the render tests.
#pragma once

#include "layout/scene.hpp"

namespace dg::render::testing {

inline layout::Text Label(double x, double y, std::string text, double size = 12) {
  layout::Text t;
  t.x = x;
  t.y = y;
  layout::TextSpan span;
  span.text = std::move(text);
  span.font.size = size;
  t.spans.push_back(span);
  return t;
}

/// Two components joined by an arrow, a package around them and a note:
/// every kind of geometry and the common roles.
inline layout::Scene SampleScene() {
  using layout::Role;
  layout::Scene scene;
  scene.width = 320;
  scene.height = 200;
  layout::Group package{"cluster package", "shop", "Shop", "", "", {}};
  package.shapes.push_back({Role::kCluster, {}, layout::Rect{10, 10, 300, 120, 0}});
  package.shapes.push_back({Role::kTitle, {}, Label(20, 28, "Shop")});
  package.shapes.back().paint = {};
  std::get<layout::Text>(package.shapes.back().geometry).anchor = layout::Anchor::kStart;
  scene.groups.push_back(package);

  layout::Group a{"node component", "shop.api", "Shop.API", "https://example.com/api", "", {}};
  a.shapes.push_back({Role::kBox, {}, layout::Rect{30, 50, 110, 40, 4}});
  a.shapes.push_back({Role::kText, {}, Label(85, 74, "Payment Service")});
  scene.groups.push_back(a);

  layout::Group b{"node database", "shop.db", "Shop.DB", "", "", {}};
  b.shapes.push_back({Role::kBox, {}, layout::Ellipse{240, 70, 50, 20}});
  layout::Text rich = Label(240, 74, "Orders ");
  layout::TextSpan bold;
  bold.text = "DB";
  bold.font.bold = true;
  bold.font.italic = true;
  bold.underline = true;
  rich.spans.push_back(bold);
  b.shapes.push_back({Role::kText, {}, rich});
  scene.groups.push_back(b);

  layout::Group edge{"edge", "shop.api-shop.db", "Shop.API->Shop.DB", "", "", {}};
  layout::Path line;
  line.MoveTo({140, 70});
  line.CubicTo({160, 70}, {170, 70}, {182, 70});
  edge.shapes.push_back({Role::kEdge, {}, line});
  layout::Path head;
  head.MoveTo({190, 70});
  head.LineTo({180, 66});
  head.LineTo({180, 74});
  head.Close();
  edge.shapes.push_back({Role::kArrowFilled, {}, head});
  edge.shapes.push_back({Role::kEdgeLabel, {}, Label(165, 62, "reads", 10)});
  scene.groups.push_back(edge);

  layout::Group note{"note", "", "", "", "", {}};
  note.shapes.push_back({Role::kNote, {}, layout::Rect{30, 145, 160, 40, 0}});
  layout::Text mono = Label(40, 170, "mono -- strike");
  mono.anchor = layout::Anchor::kStart;
  mono.spans[0].font.mono = true;
  layout::TextSpan strike;
  strike.text = " gone";
  strike.strike = true;
  mono.spans.push_back(strike);
  note.shapes.push_back({Role::kText, {}, mono});
  scene.groups.push_back(note);
  return scene;
}

}  // namespace dg::render::testing
