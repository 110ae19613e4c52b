// doctest's main, with the PNG/PDF backend installed as diagc-full does, so
// driver tests can render every format.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "cli/driver.hpp"
#include "render/render.hpp"

int main(int argc, char** argv) {
  dg::cli::SetRasterBackend({dg::render::RenderPng, dg::render::RenderPdf});
  doctest::Context context(argc, argv);
  return context.run();
}
