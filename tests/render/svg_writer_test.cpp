#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

#include "render/render.hpp"
#include "tests/render/scene_fixture.hpp"

namespace dg::render {
namespace {

using layout::Role;
using testing::Label;

/// The markup after the <style> block: groups only.
std::string Body(const std::string& svg) {
  size_t end = svg.find("</style>\n");
  REQUIRE(end != std::string::npos);
  return svg.substr(end + 9);
}

std::string StyleBlock(const std::string& svg) {
  size_t begin = svg.find("<style>");
  size_t end = svg.find("</style>");
  REQUIRE(begin != std::string::npos);
  return svg.substr(begin, end - begin);
}

layout::Scene OneBox() {
  layout::Scene scene;
  scene.width = 100.5;
  scene.height = 50;
  layout::Group g{"node component", "a", "A", "", "", {}};
  g.shapes.push_back({Role::kBox, {}, layout::Rect{1, 2.25, 98.123, 40, 3}});
  g.shapes.push_back({Role::kText, {}, Label(50, 26.666, "A")});
  scene.groups.push_back(g);
  return scene;
}

TEST_CASE("svg: root element, background and one group, exactly") {
  std::string svg = RenderSvg(OneBox(), {});
  CHECK(svg.rfind(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100.5\" height=\"50\" "
            "viewBox=\"0 0 100.5 50\">\n<style>\n",
            0) == 0);
  CHECK(Body(svg) ==
        "<rect class=\"dg-background\" width=\"100.5\" height=\"50\"/>\n"
        "<g class=\"node component\" id=\"a\">\n"
        "  <title>A</title>\n"
        "  <rect class=\"dg-box\" x=\"1\" y=\"2.25\" width=\"98.12\" height=\"40\" rx=\"3\"/>\n"
        "  <text class=\"dg-text\" x=\"50\" y=\"26.67\" text-anchor=\"middle\" "
        "font-size=\"12\">A</text>\n"
        "</g>\n"
        "</svg>\n");
}

TEST_CASE("svg: the style block maps roles to theme colours") {
  std::string style = StyleBlock(RenderSvg(OneBox(), {}));
  CHECK(style.find("text{font-family:\"DejaVu Sans\",Verdana,Arial,sans-serif}") !=
        std::string::npos);
  CHECK(style.find(".dg-mono{font-family:\"DejaVu Sans Mono\"") != std::string::npos);
  CHECK(style.find(".dg-box{fill:#f5f7fb;stroke:#3b4252;stroke-width:1.2}") != std::string::npos);
  CHECK(style.find(".dg-lifeline{fill:none;stroke:#8a94a6;stroke-width:1;stroke-dasharray:5 4}") !=
        std::string::npos);
  CHECK(style.find("text.dg-table-header{fill:#ffffff;stroke:none}") != std::string::npos);
  CHECK(style.find("@media") == std::string::npos);

  RenderOptions classic;
  classic.theme = "classic";
  CHECK(StyleBlock(RenderSvg(OneBox(), classic)).find(".dg-box{fill:#fefece;stroke:#a80036") !=
        std::string::npos);
}

TEST_CASE("svg: dark_theme adds a prefers-color-scheme block") {
  RenderOptions options;
  options.dark_theme = "dark";
  std::string style = StyleBlock(RenderSvg(OneBox(), options));
  size_t media = style.find("@media (prefers-color-scheme:dark){\n");
  REQUIRE(media != std::string::npos);
  CHECK(style.find(".dg-background{fill:#1e222a}", media) != std::string::npos);
  CHECK(style.find(".dg-box{fill:#2a303c", media) != std::string::npos);
  CHECK(style.find(".dg-box{fill:#f5f7fb") < media);
}

TEST_CASE("svg: unknown theme falls back to default") {
  RenderOptions options;
  options.theme = "no-such-theme";
  options.dark_theme = "no-such-dark";
  CHECK(RenderSvg(OneBox(), options) == RenderSvg(OneBox(), {}));
}

TEST_CASE("svg: text, titles, ids and classes are escaped") {
  layout::Scene scene = OneBox();
  layout::Group& g = scene.groups[0];
  g.cls = "node \"x\"";
  g.id = "a<b>&'";
  g.title = "A<B> & \"C\" 'D'\x01";
  std::get<layout::Text>(g.shapes[1].geometry).spans[0].text = "x < y && z > \"w\" '\x1b'";
  std::string body = Body(RenderSvg(scene, {}));
  CHECK(body.find("<g class=\"node &quot;x&quot;\" id=\"a&lt;b&gt;&amp;&#39;\">") !=
        std::string::npos);
  CHECK(body.find("<title>A&lt;B&gt; &amp; &quot;C&quot; &#39;D&#39;</title>") !=
        std::string::npos);
  CHECK(body.find(">x &lt; y &amp;&amp; z &gt; &quot;w&quot; &#39;&#39;</text>") !=
        std::string::npos);
  CHECK(body.find('\x01') == std::string::npos);
  CHECK(body.find('\x1b') == std::string::npos);
}

TEST_CASE("svg: links are wrapped in <a> only when safe") {
  layout::Scene scene = OneBox();
  scene.groups[0].link = "https://example.com/?a=1&b=2";
  std::string body = Body(RenderSvg(scene, {}));
  CHECK(body.find("  <title>A</title>\n  <a href=\"https://example.com/?a=1&amp;b=2\">\n"
                  "    <rect") != std::string::npos);
  CHECK(body.find("  </a>\n</g>\n") != std::string::npos);
  for (const char* bad : {"javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x",
                          "&#106;avascript:x", "vbscript:x"}) {
    scene.groups[0].link = bad;
    std::string svg = RenderSvg(scene, {});
    CAPTURE(bad);
    CHECK(svg.find("<a ") == std::string::npos);
    CHECK(svg.find("script") == std::string::npos);
  }
}

TEST_CASE("svg: a tooltip is the title of an inner wrapper") {
  layout::Scene scene = OneBox();
  scene.groups[0].tooltip = "id: int <pk>";
  std::string body = Body(RenderSvg(scene, {}));
  CHECK(body.find("  <title>A</title>\n  <g>\n    <title>id: int &lt;pk&gt;</title>\n"
                  "    <rect") != std::string::npos);
  scene.groups[0].link = "docs/a.html";
  body = Body(RenderSvg(scene, {}));
  CHECK(body.find("  <a href=\"docs/a.html\">\n    <title>id: int &lt;pk&gt;</title>\n") !=
        std::string::npos);
}

TEST_CASE("svg: paint overrides are validated inline styles") {
  layout::Scene scene = OneBox();
  layout::Paint& paint = scene.groups[0].shapes[0].paint;
  paint.fill = "#Red";
  paint.stroke = "#0a0";
  paint.stroke_width = 2.5;
  paint.dash = {4, 2};
  std::string body = Body(RenderSvg(scene, {}));
  CHECK(body.find("<rect class=\"dg-box\" style=\"fill:#ff0000;stroke:#00aa00;stroke-width:2.5;"
                  "stroke-dasharray:4 2\" x=") != std::string::npos);
  paint = {};
  paint.fill = "red;background:url(javascript:x)";
  body = Body(RenderSvg(scene, {}));
  CHECK(body.find("style=") == std::string::npos);
  CHECK(body.find("javascript") == std::string::npos);
}

TEST_CASE("svg: a text override sets its colour only") {
  layout::Scene scene = OneBox();
  scene.groups[0].shapes[1].paint.fill = "blue";
  scene.groups[0].shapes[1].paint.stroke = "red";
  scene.groups[0].shapes[1].paint.stroke_width = 3;
  CHECK(Body(RenderSvg(scene, {})).find("<text class=\"dg-text\" style=\"fill:#0000ff\" x=") !=
        std::string::npos);
}

TEST_CASE("svg: open paths are not filled, arrowheads follow the edge colour") {
  layout::Scene scene;
  scene.width = scene.height = 10;
  layout::Group g{"edge", "e", "a->b", "", "", {}};
  layout::Path open;
  open.MoveTo({0, 0});
  open.LineTo({5, 5});
  g.shapes.push_back({Role::kBox, {}, open});
  layout::Path head;
  head.MoveTo({5, 5});
  head.LineTo({4, 3});
  head.LineTo({3, 4});
  head.Close();
  layout::Paint red;
  red.stroke = "red";
  g.shapes.push_back({Role::kArrowFilled, red, head});
  scene.groups.push_back(g);
  std::string body = Body(RenderSvg(scene, {}));
  CHECK(body.find("<path class=\"dg-box\" style=\"fill:none\" d=\"M0,0 L5,5\"/>") !=
        std::string::npos);
  CHECK(body.find("<path class=\"dg-arrow\" style=\"fill:#ff0000;stroke:#ff0000\" "
                  "d=\"M5,5 L4,3 L3,4 Z\"/>") != std::string::npos);
}

TEST_CASE("svg: rich text becomes tspans; spaces are preserved when they matter") {
  layout::Scene scene = OneBox();
  layout::Text& text = std::get<layout::Text>(scene.groups[0].shapes[1].geometry);
  text.anchor = layout::Anchor::kEnd;
  text.spans[0].text = "  a";
  layout::TextSpan mono;
  mono.text = "b";
  mono.font.mono = true;
  mono.font.size = 10;
  mono.underline = mono.strike = true;
  text.spans.push_back(mono);
  std::string body = Body(RenderSvg(scene, {}));
  CHECK(body.find("<text class=\"dg-text\" x=\"50\" y=\"26.67\" text-anchor=\"end\" "
                  "xml:space=\"preserve\" font-size=\"12\">  a<tspan class=\"dg-mono\" "
                  "font-size=\"10\" text-decoration=\"underline line-through\">b</tspan>"
                  "</text>") != std::string::npos);
  text.spans.pop_back();
  text.spans[0].text = "a";
  text.spans[0].font.mono = text.spans[0].font.bold = text.spans[0].font.italic = true;
  body = Body(RenderSvg(scene, {}));
  CHECK(body.find("<text class=\"dg-text dg-mono\" x=\"50\" y=\"26.67\" text-anchor=\"end\" "
                  "font-size=\"12\" font-weight=\"bold\" font-style=\"italic\">a</text>") !=
        std::string::npos);
}

TEST_CASE("svg: background override, transparent background and monochrome") {
  layout::Scene scene = OneBox();
  scene.background = "#336699";
  std::string style = StyleBlock(RenderSvg(scene, {}));
  CHECK(style.find(".dg-background{fill:#336699}") != std::string::npos);
  CHECK(style.find(".dg-arrow-open{fill:#336699;") != std::string::npos);

  scene.background = "transparent";
  CHECK(Body(RenderSvg(scene, {})).find("dg-background") == std::string::npos);

  scene = OneBox();
  scene.monochrome = true;
  scene.groups[0].shapes[0].paint.fill = "red";
  RenderOptions classic;
  classic.theme = "classic";
  std::string svg = RenderSvg(scene, classic);
  CHECK(svg.find("#fefece") == std::string::npos);
  CHECK(svg.find(".dg-box{fill:#fbfbfb") != std::string::npos);  // luma of #fefece
  CHECK(svg.find("style=\"fill:#363636\"") != std::string::npos);  // luma of red
}

TEST_CASE("svg: output is deterministic and the sample matches its golden file") {
  layout::Scene scene = testing::SampleScene();
  RenderOptions options;
  options.dark_theme = "dark";
  std::string first = RenderSvg(scene, options);
  CHECK(first == RenderSvg(scene, options));
  std::string path = std::string(DG_SOURCE_DIR) + "/tests/golden/render/sample.svg";
  if (std::getenv("UPDATE_GOLDEN")) std::ofstream(path, std::ios::binary) << first;
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "missing golden file; run with UPDATE_GOLDEN=1");
  std::stringstream golden;
  golden << in.rdbuf();
  CHECK(first == golden.str());
}

TEST_CASE("svg: empty and degenerate scenes still give a valid document") {
  layout::Scene scene;
  scene.width = -5;
  scene.height = std::numeric_limits<double>::quiet_NaN();
  layout::Group g{"", "", "", "", "", {}};
  g.shapes.push_back({Role::kText, {}, layout::Text{}});  // no spans
  g.shapes.push_back({Role::kBox, {}, layout::Path{}});   // no segments
  scene.groups.push_back(g);
  std::string svg = RenderSvg(scene, {});
  CHECK(svg.find("width=\"0\" height=\"0\" viewBox=\"0 0 0 0\"") != std::string::npos);
  CHECK(Body(svg).find("<g>\n</g>\n") != std::string::npos);
}

}  // namespace
}  // namespace dg::render
