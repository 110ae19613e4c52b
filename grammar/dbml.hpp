// DBML front: text → generic syntax tree (grammar/dbml_ast.hpp).
#pragma once

#include "grammar/dbml_ast.hpp"
#include "grammar/diagnostics.hpp"
#include "grammar/source.hpp"

namespace dg::grammar::dbml {

/// Lexes and parses a whole DBML file. Syntax errors are reported to `diags`
/// (every one, the parser recovers at the next line or closing bracket);
/// the returned tree holds what could be read.
Document ParseDbml(const SourceFile& file, Diagnostics& diags);

/// Lexes only (exposed for tests). The last token is kEof.
std::vector<Token> LexDbml(const SourceFile& file, Diagnostics& diags);

/// Strips a '''multi-line''' string's common indentation and its first and
/// last lines when blank, as @dbml/core does for notes.
std::string NormalizeMultiline(std::string_view text);

}  // namespace dg::grammar::dbml
