// Bridge to the shared statements (puml_common.hpp).
//
// TEMPORARY: until ParseCommonStatement lands on main, this file carries a
// small stand-in for the common statements so sequence diagrams compile end to
// end. When it lands, ParseCommon's body becomes one call to
// ParseCommonStatement and everything below it is deleted.
#include <cctype>

#include "grammar/puml_sequence_lines.hpp"

namespace dg::grammar::puml::detail {
namespace {

std::string Trimmed(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string LowerSqueezed(std::string_view s) {
  std::string out;
  for (char c : s)
    if (!std::isspace(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// `word` followed by a space, ':' or the end (case-insensitive); returns the rest.
bool StartsWord(std::string_view text, std::string_view word, std::string* rest) {
  if (text.size() < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(text[i])) != word[i]) return false;
  if (text.size() > word.size() && !std::isspace(static_cast<unsigned char>(text[word.size()])) &&
      text[word.size()] != ':')
    return false;
  std::string r = Trimmed(text.substr(word.size()));
  if (!r.empty() && r[0] == ':') r = Trimmed(r.substr(1));
  *rest = r;
  return true;
}

// Multi-line `title` … `end title`: returns false when the end is missing.
bool ReadUntil(const std::vector<Line>& lines, size_t& index, std::string_view word, std::string& out,
               Diagnostics& diags) {
  Span open = lines[index].span;
  std::string closing = "end" + std::string(word);
  for (size_t i = index + 1; i < lines.size(); ++i) {
    if (LowerSqueezed(lines[i].text) == closing) {
      index = i + 1;
      return true;
    }
    if (!out.empty()) out += '\n';
    out += Trimmed(lines[i].text);
  }
  diags.Error(open, "puml-unclosed", "expected \"end " + std::string(word) + "\" to close this block");
  index = lines.size();
  return false;
}

bool ParseSkinparam(const std::vector<Line>& lines, size_t& index, std::string rest,
                    CommonStatements& out) {
  const Line& l = lines[index];
  size_t brace = rest.find('{');
  if (brace == std::string::npos) {
    size_t sp = rest.find_first_of(" \t");
    out.skinparams.push_back({rest.substr(0, sp), sp == std::string::npos ? "" : Trimmed(rest.substr(sp)), l.span});
    ++index;
    return true;
  }
  std::string prefix = Trimmed(rest.substr(0, brace));
  for (++index; index < lines.size(); ++index) {
    std::string t = Trimmed(lines[index].text);
    if (t == "}") {
      ++index;
      return true;
    }
    if (t.empty()) continue;
    size_t sp = t.find_first_of(" \t");
    out.skinparams.push_back({prefix + t.substr(0, sp), sp == std::string::npos ? "" : Trimmed(t.substr(sp)),
                              lines[index].span});
  }
  return true;
}

bool ParseFallback(const std::vector<Line>& lines, size_t& index, CommonStatements& out,
                   Diagnostics& diags) {
  std::string text = Trimmed(lines[index].text);
  std::string rest;
  struct Deco {
    const char* word;
    std::string* field;
  };
  Deco decos[] = {{"title", &out.title}, {"caption", &out.caption}, {"header", &out.header},
                  {"footer", &out.footer}, {"center header", &out.header},
                  {"left header", &out.header}, {"right header", &out.header},
                  {"center footer", &out.footer}, {"left footer", &out.footer},
                  {"right footer", &out.footer}};
  for (const Deco& d : decos) {
    if (!StartsWord(text, d.word, &rest)) continue;
    if (std::string_view(d.word) == "title") out.title_span = lines[index].span;
    if (!rest.empty()) {
      *d.field = rest;
      ++index;
      return true;
    }
    std::string word = d.word;
    word = word.substr(word.rfind(' ') + 1);
    ReadUntil(lines, index, word, *d.field, diags);
    return true;
  }
  if (StartsWord(text, "legend", &rest)) {
    out.legend_span = lines[index].span;
    out.legend_align = rest;
    ReadUntil(lines, index, "legend", out.legend, diags);
    return true;
  }
  if (StartsWord(text, "skinparam", &rest)) return ParseSkinparam(lines, index, rest, out);
  if (StartsWord(text, "hide", &rest) || StartsWord(text, "show", &rest)) {
    bool hide = LowerSqueezed(text.substr(0, 4)) == "hide";
    std::string arg;
    for (char c : rest) arg += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    (hide ? out.hides : out.shows).push_back(arg);
    ++index;
    return true;
  }
  return false;
}

}  // namespace

bool ParseCommon(const std::vector<Line>& lines, size_t& index, CommonStatements& out,
                 Diagnostics& diags) {
  return ParseFallback(lines, index, out, diags);
}

}  // namespace dg::grammar::puml::detail
