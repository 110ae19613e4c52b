// Placeholder until the render stage lands.
#include "render/render.hpp"

namespace dg::render {

std::string RenderSvg(const layout::Scene& scene, const RenderOptions& options) { return ""; }
bool RenderPng(const layout::Scene&, const RenderOptions&, std::string*, std::string* error) {
  *error = "PNG output is not available yet";
  return false;
}
bool RenderPdf(const layout::Scene&, const RenderOptions&, std::string*, std::string* error) {
  *error = "PDF output is not available yet";
  return false;
}
const layout::TextMeasurer& BundledFontMeasurer() {
  static layout::FixedWidthMeasurer measurer;
  return measurer;
}

}  // namespace dg::render
