#include "server/error_image.hpp"

#include <algorithm>

#include "render/render.hpp"

namespace dg::server {
namespace {

constexpr double kFontSizePt = 11;
constexpr double kPaddingPt = 12;
constexpr double kLineGapPt = 3;
constexpr size_t kMaxLines = 60;        // a picture, not a log: the rest is "…"
constexpr size_t kMaxLineBytes = 200;
constexpr char kErrorRed[] = "#b00020";

std::vector<std::string> SplitLines(const std::string& message) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < message.size() && lines.size() <= kMaxLines) {
    size_t end = message.find('\n', start);
    if (end == std::string::npos) end = message.size();
    std::string line;
    for (char c : message.substr(start, end - start)) line += c == '\t' ? std::string(4, ' ') : std::string(1, c);
    if (line.size() > kMaxLineBytes) {
      size_t cut = kMaxLineBytes;
      while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // whole code points
      line = line.substr(0, cut) + "…";
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }
  if (lines.size() > kMaxLines) {
    lines.resize(kMaxLines);
    lines.push_back("…");
  }
  if (lines.empty()) lines.push_back("error");
  return lines;
}

}  // namespace

layout::Scene ErrorScene(const std::string& message) {
  const layout::TextMeasurer& measurer = render::BundledFontMeasurer();
  layout::FontSpec font;
  font.size = kFontSizePt;
  font.mono = true;
  double line_height = measurer.LineHeight(font) + kLineGapPt;
  layout::Group group;
  group.cls = "error";
  group.title = "diagram error";
  double width = 0, y = kPaddingPt;
  for (const std::string& line : SplitLines(message)) {
    layout::Text text;
    text.anchor = layout::Anchor::kStart;
    text.x = kPaddingPt;
    y += measurer.Ascent(font);
    text.y = y;
    y += line_height - measurer.Ascent(font);
    text.width = measurer.Width(line, font);
    width = std::max(width, text.width);
    text.spans.push_back({line, font});
    layout::Shape shape;
    shape.role = layout::Role::kText;
    shape.paint.fill = kErrorRed;
    shape.geometry = std::move(text);
    group.shapes.push_back(std::move(shape));
  }
  layout::Scene scene;
  scene.width = width + 2 * kPaddingPt;
  scene.height = y + kPaddingPt;
  layout::Shape frame;
  frame.role = layout::Role::kNote;
  frame.paint.stroke = kErrorRed;
  frame.geometry = layout::Rect{1, 1, scene.width - 2, scene.height - 2, 0};
  group.shapes.insert(group.shapes.begin(), std::move(frame));
  scene.groups.push_back(std::move(group));
  return scene;
}

std::string RenderErrorImage(cli::Format format, const std::string& message) {
  layout::Scene scene = ErrorScene(message);
  render::RenderOptions options;
  if (format == cli::Format::kSvg) return render::RenderSvg(scene, options);
  std::string bytes, error;
  bool ok = format == cli::Format::kPng ? render::RenderPng(scene, options, &bytes, &error)
                                        : render::RenderPdf(scene, options, &bytes, &error);
  return ok ? bytes : std::string();
}

}  // namespace dg::server
