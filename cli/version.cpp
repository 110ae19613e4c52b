#include "cli/version.hpp"

#include "dg_commit.hpp"  // generated at build time by cmake/BuildId.cmake

namespace dg::cli {

const char* Version() { return DG_VERSION; }
const char* Commit() { return DG_COMMIT; }

}  // namespace dg::cli
