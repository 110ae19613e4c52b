// Mermaid label text and style properties, turned into the IR's rich text,
// colours and styles. Shared by the three Mermaid lowerings.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ir.hpp"
#include "grammar/mermaid.hpp"

namespace dg::compiler::mermaid {

/// Entity codes as Mermaid writes them (`#quot;`, `#9829;`, `#35;`) and as
/// HTML does (`&amp;`, `&#35;`, `&#x2764;`); unknown names stay as written.
std::string DecodeEntities(std::string_view text);

/// A label: markdown strings ("`**bold** _it_`", newlines break lines) or
/// plain text with `<br>` line breaks and <b>/<i>/<u>/<s>/<code> tags (other
/// tags are dropped); Font Awesome icon names ("fa:fa-car") are left out.
ir::RichText Label(const grammar::mermaid::Text& text);
ir::RichText Label(std::string_view plain);

/// "#f9f", "#ff9900", "red", "rgb(1,2,3)", "rgba(0,0,255,.1)" (alpha blended
/// over white) → an IR colour; unset for anything else.
ir::Color Color(std::string_view text);

/// fill, stroke, color, stroke-width, stroke-dasharray, font-size onto `style`.
void ApplyStyleProps(const std::vector<grammar::mermaid::StyleProp>& props, ir::Style* style);

/// classDef and class statements, and the style they give an element:
/// `default` first, then its classes in order, then its own properties.
class ClassStyles {
 public:
  void Add(const grammar::mermaid::ClassDef& def);
  void Add(const grammar::mermaid::ClassAssign& assign);
  ir::Style StyleFor(const std::string& id, const std::vector<std::string>& inline_classes,
                     const std::vector<grammar::mermaid::StyleProp>& own) const;

 private:
  std::map<std::string, std::vector<grammar::mermaid::StyleProp>> defs_;
  std::map<std::string, std::vector<std::string>> assigned_;
};

}  // namespace dg::compiler::mermaid
