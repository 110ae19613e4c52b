// The picture PlantUML servers answer a broken diagram with: the diagnostics
// as monospaced text in a frame, so an editor preview shows what is wrong.
#pragma once

#include <string>

#include "cli/driver.hpp"
#include "layout/scene.hpp"

namespace dg::server {

/// One text line per line of `message` (tabs expanded, lines and line count capped).
layout::Scene ErrorScene(const std::string& message);

/// ErrorScene rendered in `format`; empty when rendering failed.
std::string RenderErrorImage(cli::Format format, const std::string& message);

}  // namespace dg::server
