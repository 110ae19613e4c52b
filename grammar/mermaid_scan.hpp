// Internal to the Mermaid front: the cleaned text every parser reads, a
// cursor over it, and the error helper. Mermaid's own grammars are Jison
// lexers with many start conditions (text inside brackets, edge text, click
// arguments …); a hand-written cursor states those modes plainly, where PEG
// rules would need actions to switch between them.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "grammar/diagnostics.hpp"
#include "grammar/mermaid.hpp"
#include "grammar/source.hpp"

namespace dg::grammar::mermaid::detail {

/// The file's text with front matter, `%%{…}%%` directives and `%%` comment
/// lines blanked (newlines kept), so byte offsets still point into the file.
struct Prepared {
  std::string text;
  Config config;
  std::string type;     ///< first word of the diagram, e.g. "flowchart"
  Span type_span;
  uint32_t body = 0;    ///< offset just after the type word
};

/// Blanks what is not diagram syntax and reads the settings it held.
/// Reports an unterminated front matter or directive.
Prepared Prepare(const SourceFile& file, Diagnostics& diags);

/// A cursor over [begin, end) of the prepared text. Peek past the end is '\0'.
class Scanner {
 public:
  Scanner(std::string_view text, uint32_t begin, uint32_t end)
      : text_(text), pos_(begin), end_(end) {}

  uint32_t pos() const { return pos_; }
  void set_pos(uint32_t pos) { pos_ = pos; }
  uint32_t end() const { return end_; }
  bool AtEnd() const { return pos_ >= end_; }
  /// At the end of the whole text, not only of this statement.
  bool AtTextEnd() const { return pos_ >= text_.size(); }
  char Peek(uint32_t k = 0) const { return pos_ + k < end_ ? text_[pos_ + k] : '\0'; }
  bool StartsWith(std::string_view s) const {
    return end_ - pos_ >= s.size() && text_.compare(pos_, s.size(), s) == 0;
  }
  bool Eat(std::string_view s) {
    if (!StartsWith(s)) return false;
    pos_ += static_cast<uint32_t>(s.size());
    return true;
  }
  /// `word` (ASCII, case-insensitive when asked) not followed by a name character.
  bool EatKeyword(std::string_view word, bool ignore_case = false);
  void Advance(uint32_t n = 1) { pos_ = pos_ + n < end_ ? pos_ + n : end_; }
  void SkipBlanks() {
    while (pos_ < end_ && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r')) ++pos_;
  }
  bool AtBlank() const { char c = Peek(); return c == ' ' || c == '\t' || c == '\r'; }
  /// The text up to (not including) the next byte in `stops`, or the end.
  std::string_view Until(std::string_view stops);
  std::string_view Slice(uint32_t from, uint32_t to) const { return text_.substr(from, to - from); }

 private:
  std::string_view text_;
  uint32_t pos_;
  uint32_t end_;
};

/// Name characters of ids and keywords: ASCII letters, digits, '_' and any
/// byte of a multi-byte UTF-8 sequence.
inline bool IsNameChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' ||
         u >= 0x80;
}

/// How the next token reads in a message: `"-->"`, "end of line" or "end of file".
std::string Describe(const Scanner& s);

/// `unexpected <what is there>, expected <what>` at the scanner's position
/// (one token wide).
void Expected(const Scanner& s, std::string_view expected, Diagnostics& diags);

/// `s` without surrounding blanks (spaces, tabs, CR).
std::string_view Trim(std::string_view s);

/// Statement bodies of a line-oriented diagram: [begin, end) of each line
/// (and of each `;`-separated piece when `split_semicolons`, never inside
/// an entity code like `#59;`), without blank pieces.
std::vector<Span> Statements(std::string_view text, uint32_t begin, bool split_semicolons);

/// A direction word at the cursor (TB, TD, BT, LR, RL, any case), upper
/// case with TD read as TB; empty, with the cursor unmoved, for anything else.
std::string ReadDirection(Scanner& s);

/// Style properties `fill:#f9f,stroke:#333,stroke-width:4px` (commas inside
/// rgb(…) and `\,` do not split).
std::vector<StyleProp> ParseStyleProps(std::string_view text);

/// Reads `classDef a,b props`, `class a,b cls`, `style id props` after their
/// keyword (already eaten). False (and reported) when malformed.
bool ParseClassDef(Scanner& s, Span span, Diagnostics& diags, ClassDef* out);
bool ParseClassAssign(Scanner& s, Span span, Diagnostics& diags, ClassAssign* out);
bool ParseNodeStyle(Scanner& s, Span span, Diagnostics& diags, NodeStyle* out);

Flowchart ParseFlowchart(const Prepared& p, Diagnostics& diags);
Sequence ParseSequence(const Prepared& p, Diagnostics& diags);
Er ParseEr(const Prepared& p, Diagnostics& diags);

}  // namespace dg::grammar::mermaid::detail
