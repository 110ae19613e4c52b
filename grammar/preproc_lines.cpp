#include "grammar/preproc_lines.hpp"

#include <algorithm>
#include <cctype>

#include "grammar/text.hpp"

namespace dg::grammar::puml::preproc {
namespace {

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && Lower(s.substr(0, prefix.size())) == prefix;
}

std::string_view TrimBlanks(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

/// Blanks comments in place, keeping columns, as PlantUML reads them: a
/// line whose first visible character is a quote mark; `/' … '/` within one
/// line; and a block comment that starts a line with `/'` and runs to `'/`.
/// (`/'` elsewhere is text: C4 writes `'//'` in strings.)
class CommentStripper {
 public:
  /// True when the line held a comment.
  bool Strip(std::string& text) {
    size_t from = 0;
    bool had = in_block_;
    if (in_block_) {
      size_t close = text.find("'/");
      size_t stop = close == std::string::npos ? text.size() : close + 2;
      std::fill(text.begin(), text.begin() + static_cast<long>(stop), ' ');
      in_block_ = close == std::string::npos;
      from = stop;
    }
    std::string_view t = TrimBlanks(std::string_view(text).substr(from));
    if (!in_block_ && !t.empty() && t[0] == '\'') {
      text.assign(text.size(), ' ');
      return true;
    }
    if (!in_block_ && t.substr(0, 2) == "/'" && text.find("'/", t.data() - text.data() + 2) == std::string::npos) {
      text.assign(text.size(), ' ');
      in_block_ = true;
      return true;
    }
    for (size_t open = text.find("/'", from); !in_block_ && open != std::string::npos; open = text.find("/'", open)) {
      size_t close = text.find("'/", open + 2);
      if (close == std::string::npos) break;
      std::fill(text.begin() + static_cast<long>(open), text.begin() + static_cast<long>(close + 2), ' ');
      had = true;
    }
    return had;
  }

 private:
  bool in_block_ = false;
};

}  // namespace

std::vector<RawLine> SplitLines(const SourceFile& file) {
  std::vector<RawLine> lines;
  for (uint32_t i = 1; i <= file.LineCount(); ++i) lines.push_back({file.LineText(i), file.LineStart(i)});
  // A trailing newline yields one empty last line; it is not content.
  if (!lines.empty() && lines.back().text.empty() && lines.back().begin == file.text().size()) lines.pop_back();
  return lines;
}

Lines ReadLines(const std::vector<RawLine>& raw, size_t first, size_t end) {
  Lines out;
  out.reserve(end - first);
  CommentStripper comments;
  bool pending = false;  // the last line ended in '\' and waits for its continuation
  for (size_t i = first; i < end; ++i) {
    std::string text(raw[i].text);
    bool had_comment = comments.Strip(text);
    Span span{raw[i].begin, raw[i].begin + static_cast<uint32_t>(raw[i].text.size())};
    if (had_comment && TrimBlanks(text).empty()) continue;  // comment-only lines vanish
    if (pending) {
      SrcLine& last = out.back();
      last.text += text;
      last.span.end = span.end;
      last.exact = false;
    } else {
      out.push_back({std::move(text), span, true});
    }
    pending = !out.back().text.empty() && out.back().text.back() == '\\';
    if (pending) out.back().text.pop_back();
  }
  return out;
}

bool ParseStart(std::string_view line, std::string* tag, std::string* name) {
  std::string_view t = TrimBlanks(line);
  if (!StartsWithNoCase(t, "@start")) return false;
  size_t n = 6;
  while (n < t.size() && std::isalpha(static_cast<unsigned char>(t[n]))) ++n;
  *tag = Lower(t.substr(6, n - 6));
  std::string_view rest = TrimBlanks(t.substr(n));
  if (!rest.empty() && rest.front() == '(' && rest.back() == ')') {
    rest = TrimBlanks(rest.substr(1, rest.size() - 2));
    if (StartsWithNoCase(rest, "id=")) rest = TrimBlanks(rest.substr(3));
  }
  if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') rest = rest.substr(1, rest.size() - 2);
  *name = std::string(rest);
  return true;
}

bool IsEnd(std::string_view line) { return StartsWithNoCase(TrimBlanks(line), "@end"); }

std::shared_ptr<const Lines> IncludeLines(const SourceFile& file, std::string_view selector) {
  std::vector<RawLine> raw = SplitLines(file);
  size_t index = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    std::string tag, name;
    if (!ParseStart(raw[i].text, &tag, &name)) continue;
    size_t end = i + 1;
    while (end < raw.size() && !IsEnd(raw[end].text)) ++end;
    bool chosen = selector.empty() ? index == 0 : (selector == std::to_string(index) || selector == name);
    if (chosen) return std::make_shared<const Lines>(ReadLines(raw, i + 1, end));
    ++index;
    i = end;
  }
  if (index > 0 || !selector.empty()) return nullptr;  // blocks, but not the one asked for
  return std::make_shared<const Lines>(ReadLines(raw, 0, raw.size()));
}

}  // namespace dg::grammar::puml::preproc
