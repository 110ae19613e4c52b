// Which diagc this is: the release version and the git commit it was built
// from. Both go into --version and every output's fingerprint.
#pragma once

namespace dg::cli {

const char* Version();  ///< "0.1.0"
const char* Commit();   ///< "1a2b3c4d5e6f", "…-dirty", or "unknown"

}  // namespace dg::cli
