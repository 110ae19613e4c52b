// PNG and PDF for diagc::compile: the optional component diagc::raster
// (libdiagc-raster, which links cairo). Link it and call enable_raster() once
// before compiling to PNG or PDF; without it those formats are an error.
#pragma once

#include <diagc/diagc.hpp>

namespace diagc {

/// Makes Format::png and Format::pdf available. Idempotent. Also done when
/// libdiagc-raster is loaded (a C or ctypes program only needs to load it).
DIAGC_API void enable_raster();

}  // namespace diagc
