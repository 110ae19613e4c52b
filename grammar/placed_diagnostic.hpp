// A diagnostic with its place resolved: the file it falls in and 1-based
// line and column (in code points) of both ends, as the JSON form prints
// them, for callers that want values rather than text (the embedding API).
#pragma once

#include <string>
#include <vector>

#include "grammar/diagnostics.hpp"

namespace dg::grammar {

struct PlacedDiagnostic {
  std::string file;
  LineCol at, end;
  Severity severity = Severity::kError;
  std::string code;  ///< empty for notes
  std::string message;
  std::vector<PlacedDiagnostic> notes;
};

PlacedDiagnostic PlaceDiagnostic(const SourceMap& sources, const Diagnostic& d);

}  // namespace dg::grammar
