// GET /: a page with a textarea and a live preview (debounced POST /svg).
#pragma once

#include <string>

namespace dg::server {

std::string IndexPage();

}  // namespace dg::server
