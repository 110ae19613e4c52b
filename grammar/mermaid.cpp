// Mermaid front: picks the diagram type from the first word and hands the
// prepared text to that type's parser.
#include "grammar/mermaid.hpp"

#include <algorithm>

#include "grammar/mermaid_scan.hpp"

namespace dg::grammar::mermaid {
namespace {

using detail::Prepared;

// Diagram types Mermaid 11 knows and diagc does not draw, as their header
// word is written: each gets one clear "not supported" error.
constexpr std::string_view kOtherTypes[] = {
    "architecture",      "architecture-beta", "block",           "block-beta",
    "C4Component",       "C4Container",       "C4Context",       "C4Deployment",
    "C4Dynamic",         "classDiagram",      "classDiagram-v2", "cynefin-beta",
    "eventmodeling",     "gantt",             "gitGraph",        "info",
    "ishikawa-beta",     "journey",           "kanban",          "mindmap",
    "packet",            "packet-beta",       "pie",             "quadrantChart",
    "radar-beta",        "railroad-abnf-beta", "railroad-beta",  "railroad-ebnf-beta",
    "railroad-peg-beta", "requirementDiagram", "sankey",         "sankey-beta",
    "stateDiagram",      "stateDiagram-v2",   "timeline",        "treemap",
    "treemap-beta",      "treeView-beta",     "venn-beta",       "wardley-beta",
    "xychart",           "xychart-beta",      "zenuml",
};

bool IsFlowchart(std::string_view type) {
  return type == "flowchart" || type == "graph" || type == "flowchart-elk";
}

bool IsSupported(std::string_view type) {
  return IsFlowchart(type) || type == "sequenceDiagram" || type == "erDiagram";
}

bool IsOtherType(std::string_view type) {
  return std::find(std::begin(kOtherTypes), std::end(kOtherTypes), type) != std::end(kOtherTypes);
}

}  // namespace

std::optional<Document> ParseMermaid(const SourceFile& file, Diagnostics& diags) {
  size_t errors = diags.ErrorCount();
  Prepared p = detail::Prepare(file, diags);
  if (diags.ErrorCount() > errors) return std::nullopt;  // an unclosed front matter or directive
  if (!IsSupported(p.type)) {
    if (IsOtherType(p.type)) {
      diags.Error(p.type_span, "mermaid-unsupported-diagram",
                  "Mermaid diagram type \"" + p.type +
                      "\" is not supported: diagc draws flowchart (graph), sequenceDiagram and erDiagram");
    } else {
      diags.Error(p.type_span, "mermaid-syntax",
                  "expected a Mermaid diagram type (flowchart, graph, sequenceDiagram, erDiagram), got " +
                      (p.type.empty() ? std::string("end of file") : "\"" + p.type + "\""));
    }
    return std::nullopt;
  }
  Document doc;
  doc.config = p.config;
  doc.type = p.type;
  doc.type_span = p.type_span;
  if (IsFlowchart(p.type)) {
    doc.body = detail::ParseFlowchart(p, diags);
  } else if (p.type == "sequenceDiagram") {
    doc.body = detail::ParseSequence(p, diags);
  } else {
    doc.body = detail::ParseEr(p, diags);
  }
  return doc;
}

bool LooksLikeMermaid(std::string_view text) {
  SourceFile file("", std::string(text.substr(0, std::min<size_t>(text.size(), 64 * 1024))));
  Diagnostics diags(file);
  Prepared p = detail::Prepare(file, diags);
  return IsSupported(p.type) || IsOtherType(p.type);
}

}  // namespace dg::grammar::mermaid
