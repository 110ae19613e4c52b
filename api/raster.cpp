// libdiagc-raster: PNG and PDF (cairo) for libdiagc. A library of its own so
// that an SVG-only program never loads cairo, pixman, X11 and fontconfig.
#include "diagc/raster.hpp"

#include "cli/driver.hpp"
#include "diagc/diagc.h"
#include "render/render.hpp"

namespace diagc {

void enable_raster() { dg::cli::SetRasterBackend({dg::render::RenderPng, dg::render::RenderPdf}); }

}  // namespace diagc

extern "C" void diagc_enable_raster(void) { diagc::enable_raster(); }

namespace {
// Loading the library is enough (ctypes, dlopen): no call needed.
[[maybe_unused]] const bool kEnabledOnLoad = (diagc::enable_raster(), true);
}  // namespace
