// Internal: the line-by-line parser behind ParseSequence (puml_sequence*.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/puml_sequence.hpp"

namespace dg::grammar::puml::detail {

class SeqLineParser {
 public:
  SeqLineParser(const std::vector<Line>& lines, Diagnostics& diags, SequenceDocument& doc);
  void Run();

 private:
  struct Open {
    std::string what;  ///< fragment op, or "box"
    Span span;
  };

  // Cursor over the current line; columns map 1:1 to source bytes.
  Span At(size_t begin, size_t end) const;
  void SkipWs();
  bool AtEnd();
  std::string_view PeekWord() const;
  bool Keyword(std::string_view word);
  bool Char(char c);
  std::optional<SeqName> Name();
  std::optional<int> Integer();
  std::string Color();
  std::string Rest();
  void Expected(std::string_view what);
  bool ExpectEnd();

  void ParseLine();
  bool ParseAtLine();
  bool IsIgnoredKeyword(std::string_view word) const;
  void SkipUntil(std::string_view closing);
  void SkipSprite();
  void ParseParticipant(bool create);
  void ParseParticipantNames(std::string keyword, bool create);
  bool ParseParticipantTail(SeqParticipantDecl& d);
  bool ReadDescription(SeqParticipantDecl& d);
  void ParseCreate();
  void ParseActivation(SeqActivation::Op op);
  void ParseDivider();
  void ParseDelay();
  void ParseSpacing();
  void ParseNewPage();
  void ParseReturn();
  void ParseAutoactivate();
  void ParseAutonumber();

  // puml_sequence_blocks.cpp
  void ParseMessage();
  bool ParseMessageEnd(std::optional<SeqName>& name, SeqEdge& edge, bool right);
  void ParseShortcuts(SeqMessage& m);
  void SkipTeozSlant();
  void SkipTeozAnchor();
  bool ParseBareShortcut(const SeqName& name);
  bool ReadMulticast(std::vector<SeqName>& out);
  bool IsTeozDuration() const;
  void ParseDuration();
  void ReadLink(std::string& url, Span& at);
  void SkipStereotype();
  bool ReadStereotypes(std::vector<std::string>& out);
  void ParseNote(bool same_row);
  bool ParseNoteTarget(SeqNote& n);
  void ParseRef();
  bool ReadBlockText(std::string& text, std::string_view shape_word, Span open);
  void ParseFragmentStart();
  void ParseElse();
  void ParseEnd();
  void ParseBoxStart();
  void ParseBoxEnd();
  bool Push(std::string what);
  void CloseAll();

  const std::vector<Line>& lines_;
  Diagnostics& diags_;
  SequenceDocument& doc_;
  size_t index_ = 0;            ///< next line to read
  const Line* line_ = nullptr;  ///< the line being parsed
  std::string_view text_;
  size_t pos_ = 0;
  std::vector<Open> open_;      ///< explicit stack: fragments and boxes, innermost last
  size_t overflow_ = 0;
  std::string anchor_;          ///< the current line's teoz `{name}`, empty when none         ///< levels opened beyond kMaxSequenceNesting
};

}  // namespace dg::grammar::puml::detail
