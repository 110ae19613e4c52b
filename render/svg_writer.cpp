#include "render/render.hpp"

namespace dg::render {

std::string RenderSvg(const layout::Scene& scene, const RenderOptions& options) { return ""; }

}  // namespace dg::render
