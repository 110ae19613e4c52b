// Public entry points of the render stage: a Scene in, bytes out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "layout/scene.hpp"
#include "layout/text_measurer.hpp"

namespace dg::render {

struct RenderOptions {
  std::string theme = "default";  ///< palette for the roles (see theme.hpp)
  std::string dark_theme;         ///< SVG only: second palette under prefers-color-scheme: dark
  double scale = 2.0;             ///< PNG pixels per point (2: crisp on high-DPI screens)
  size_t max_pixels = 40'000'000; ///< PNG: scale down rather than allocate more
  std::string pdf_keywords;       ///< PDF: the Keywords entry (cli records its fingerprint there)
};

/// SVG text with real <text>, CSS classes for roles, deterministic bytes.
std::string RenderSvg(const layout::Scene& scene, const RenderOptions& options);

/// PNG / PDF through cairo, drawn with the bundled font. False (and *error
/// set) when the surface could not be made.
bool RenderPng(const layout::Scene& scene, const RenderOptions& options, std::string* out,
               std::string* error);
bool RenderPdf(const layout::Scene& scene, const RenderOptions& options, std::string* out,
               std::string* error);

/// The measurer for the bundled DejaVu fonts (HarfBuzz shaping). The same
/// faces are used to draw PNG and PDF, so measured widths are drawn widths.
const layout::TextMeasurer& BundledFontMeasurer();

/// The measurer for the faces `theme` draws sans text with: the hand-written
/// Comic Neue for "sketch", DejaVu for every other (and unknown) name. Layout
/// must measure with the render theme's measurer or labels overflow.
const layout::TextMeasurer& BundledFontMeasurer(std::string_view theme);

}  // namespace dg::render
