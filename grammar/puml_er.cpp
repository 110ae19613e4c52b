// PlantUML entity diagrams, line by line. Relation arrows are matched with
// the PEGTL rules of puml_er_rules.hpp; the rest of a line is simple enough
// to scan by hand.
#include "grammar/puml_er.hpp"
#include "grammar/text.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "grammar/puml_er_rules.hpp"

namespace dg::grammar::puml::er {
namespace {

namespace pegtl = tao::pegtl;

std::string_view Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string Unquote(std::string_view s) {
  s = Trim(s);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return std::string(s);
}

template <typename Rule>
size_t MatchAt(std::string_view text, size_t at) {
  if (at > text.size()) return 0;
  pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data() + at, text.data() + text.size(), "");
  if (!pegtl::parse<Rule>(in)) return 0;
  return static_cast<size_t>(in.current() - (text.data() + at));
}

const char* const kEntityKeywords[] = {"entity", "class", "enum", "interface", "annotation",
                                       "abstract", "object", "struct", "protocol", "exception",
                                       "metaclass", "stereotype", "circle", "diamond"};

class ErParser {
 public:
  ErParser(const Block& block, Diagnostics& diags) : lines_(block.lines), diags_(diags) {}

  Document Run() {
    while (i_ < lines_.size()) {
      if (ParseCommonStatement(lines_, i_, doc_.common, diags_)) continue;
      size_t at = i_++;
      Statement(at);
    }
    for (int open : open_blocks_) {
      if (open < 0) continue;
      diags_.Warning(doc_.packages[open].span, "puml-unterminated",
                     "this block is not closed: expected \"}\"");
    }
    return std::move(doc_);
  }

 private:
  /// The span of bytes [b, e) of line `l`'s text, or the whole line after a substitution.
  Span Sub(const Line& l, size_t b, size_t e) const {
    if (l.substituted) return l.span;
    return {l.span.begin + static_cast<uint32_t>(b), l.span.begin + static_cast<uint32_t>(e)};
  }
  size_t Indent(const Line& l) const { return l.text.find_first_not_of(" \t"); }

  void Error(Span span, std::string message) {
    diags_.Error(span, "puml-er-syntax", std::move(message));
  }

  void Statement(size_t at) {
    const Line& line = lines_[at];
    std::string_view t = Trim(line.text);
    if (t.empty() || t[0] == '\'') return;
    std::string lower = Lower(t);
    std::string word = lower.substr(0, lower.find_first_of(" \t{"));
    if (Common(line, t, lower, word)) return;
    if ((word == "package" || word == "namespace") && t.back() == '{') return PackageDecl(line, t, word);
    // Relations first: `CLASS *-- f1` names an entity called CLASS.
    if (Relation(line)) return;
    for (const char* k : kEntityKeywords) {
      if (word == k) return EntityDecl(line, t, word);
    }
    Error(line.span, "expected an entity (entity Name { … }) or a relation (A ||--o{ B), got \"" +
                         std::string(t.substr(0, 60)) + "\"");
  }

  /// What ParseCommonStatement leaves: notes, sprites and a few no-op
  /// commands are consumed so they do not error.
  bool Common(const Line& line, std::string_view t, const std::string& lower,
              const std::string& word) {
    if (word == "note") return Note(line, lower), true;
    if (word == "sprite") {
      if (lower.back() == '{') SkipBraces();
      return true;
    }
    if (lower == "}") {
      if (!open_blocks_.empty()) open_blocks_.pop_back();
      return true;
    }
    if (word == "together" && lower.back() == '{') {
      open_blocks_.push_back(kNotAPackage);
      return true;
    }
    if (word == "allowmixing" || word == "set" || word == "remove" || word == "together") {
      return true;
    }
    return false;
  }

  void Note(const Line& line, const std::string& lower) {
    // `note "text" as N` and `note left of A : text` fit on one line.
    if (lower.find(':') != std::string::npos || lower.find('"') != std::string::npos) return;
    SkipUntil({"end note", "endnote"}, line);
  }

  void SkipUntil(std::initializer_list<std::string> ends, const Line& opener) {
    while (i_ < lines_.size()) {
      std::string l = Lower(Trim(lines_[i_++].text));
      for (const std::string& e : ends) {
        if (l == e) return;
      }
    }
    Error(opener.span, "this block is not closed: expected \"" + *ends.begin() + "\"");
  }

  void SkipBraces() {
    int depth = 1;
    while (i_ < lines_.size() && depth > 0) {
      std::string_view l = Trim(lines_[i_++].text);
      if (!l.empty() && l.back() == '{') ++depth;
      if (l == "}") --depth;
    }
  }

  /// The (maybe quoted) name after `keyword`, from t[*p] on past blanks;
  /// *p moves past it. Reports and returns false when there is none.
  bool ReadName(const Line& line, std::string_view t, const std::string& keyword, size_t* p,
                std::string* name) {
    while (*p < t.size() && (t[*p] == ' ' || t[*p] == '\t')) ++*p;
    size_t n = MatchAt<rules::entity_name>(t, *p);
    if (n == 0) {
      Error(Sub(line, Indent(line) + *p, Indent(line) + t.size()),
            "expected a name after \"" + keyword + "\", got \"" + std::string(t.substr(*p)) + "\"");
      return false;
    }
    *name = Unquote(t.substr(*p, n));
    *p += n;
    return true;
  }

  // ------------------------------------------------------------- packages
  /// The innermost open package, -1 at the top level.
  int CurrentPackage() const {
    for (auto it = open_blocks_.rbegin(); it != open_blocks_.rend(); ++it) {
      if (*it >= 0) return *it;
    }
    return -1;
  }

  /// `package "Display" as alias <<stereo>> #color {`: the name and the
  /// optional parts, in any order after it.
  void PackageDecl(const Line& line, std::string_view t, const std::string& keyword) {
    Package pkg;
    pkg.keyword = keyword;
    pkg.span = line.span;
    pkg.parent = CurrentPackage();
    size_t base = Indent(line);
    size_t p = keyword.size();
    auto skip = [&] { while (p < t.size() && (t[p] == ' ' || t[p] == '\t')) ++p; };
    if (!ReadName(line, t, keyword, &p, &pkg.name)) return;
    for (skip(); p + 1 < t.size(); skip()) {
      std::string_view rest = t.substr(p, t.size() - 1 - p);  // without the "{"
      size_t end = rest.find_first_of(" \t");
      std::string_view item = rest.substr(0, end);
      if (Lower(item) == "as") {
        p += item.size();
        if (!ReadName(line, t, "as", &p, &pkg.alias)) return;
      } else if (StartsWith(item, "<<")) {
        size_t close = t.find(">>", p);
        p = close == std::string_view::npos ? t.size() - 1 : close + 2;
      } else if (StartsWith(item, "#")) {
        pkg.color = std::string(item);
        p += item.size();
      } else {
        return Error(Sub(line, base + p, base + t.size()),
                     "expected \"as\", <<stereotype>>, #color or \"{\" after the " + keyword +
                         " name, got \"" + std::string(rest.substr(0, 40)) + "\"");
      }
    }
    open_blocks_.push_back(static_cast<int>(doc_.packages.size()));
    doc_.packages.push_back(std::move(pkg));
  }

  // ------------------------------------------------------------- entities
  void EntityDecl(const Line& line, std::string_view t, const std::string& keyword) {
    Entity e;
    e.keyword = keyword;
    e.span = line.span;
    e.package = CurrentPackage();
    size_t base = Indent(line);
    size_t p = keyword.size();
    if (keyword == "abstract" && Lower(Trim(t.substr(p))).rfind("class", 0) == 0) {
      p = t.find("class", p) + 5;
    }
    auto skip = [&] { while (p < t.size() && (t[p] == ' ' || t[p] == '\t')) ++p; };
    skip();
    bool name_quoted = p < t.size() && t[p] == '"';
    if (!ReadName(line, t, keyword, &p, &e.name)) return;
    bool body = false;
    while (true) {
      skip();
      if (p >= t.size()) break;
      std::string_view rest = t.substr(p);
      if (StartsWith(Lower(rest), "as ") || Lower(rest) == "as") {
        if (rest.size() == 2) return Error(Sub(line, base + p, base + p + 2), "expected an alias after \"as\"");
        p += 3;
        skip();
        size_t m = MatchAt<rules::entity_name>(t, p);
        if (m == 0) return Error(Sub(line, base + p, base + t.size()), "expected an alias after \"as\"");
        bool alias_quoted = t[p] == '"';
        e.alias = Unquote(t.substr(p, m));
        if (alias_quoted && !name_quoted) std::swap(e.alias, e.name);  // `class A as "Display"`
        p += m;
      } else if (StartsWith(rest, "<<")) {
        size_t close = t.find(">>", p);
        if (close == std::string_view::npos) {
          return Error(Sub(line, base + p, base + t.size()), "expected \">>\" to close the stereotype");
        }
        e.stereotypes.push_back(std::string(Trim(t.substr(p + 2, close - p - 2))));
        p = close + 2;
      } else if (rest[0] == '#') {
        size_t end = t.find_first_of(" \t{", p);
        e.color = std::string(t.substr(p, end == std::string_view::npos ? std::string_view::npos : end - p));
        p += e.color.size();
      } else if (rest[0] == '{') {
        std::string_view after = Trim(rest.substr(1));
        body = true;
        if (after == "}") body = false;
        else if (!after.empty()) return Error(Sub(line, base + p + 1, base + t.size()), "expected a line break after \"{\"");
        p = t.size();
      } else if (StartsWith(Lower(rest), "extends") || StartsWith(Lower(rest), "implements")) {
        p = t.size();
      } else {
        return Error(Sub(line, base + p, base + t.size()),
                     "expected \"as\", <<stereotype>>, #color or \"{\" after the entity name, got \"" +
                         std::string(rest.substr(0, 40)) + "\"");
      }
    }
    // `class Order #ff0000` then `{` alone on the next line also opens a body.
    if (!body && i_ < lines_.size() && Trim(lines_[i_].text) == "{") {
      ++i_;
      body = true;
    }
    if (body) Fields(e, line);
    doc_.entities.push_back(std::move(e));
  }

  void Fields(Entity& e, const Line& opener) {
    bool separator = false;
    while (i_ < lines_.size()) {
      const Line& line = lines_[i_++];
      std::string_view t = Trim(line.text);
      if (t == "}") return;
      if (t.empty()) continue;
      if (OpensBody(t) || IsRelation(t)) {  // a forgotten "}": what follows is not a field
        --i_;
        diags_.Warning(opener.span, "puml-unterminated",
                       "the body of \"" + e.Id() + "\" is not closed: expected \"}\" before line " +
                           std::to_string(diags_.file().Locate(line.span.begin).line));
        return;
      }
      if (StartsWith(t, "--") || StartsWith(t, "==") || StartsWith(t, "..") || StartsWith(t, "__")) {
        separator = true;
        continue;
      }
      e.fields.push_back(ParseField(line, t));
      e.fields.back().separator_before = separator;
      separator = false;
    }
    Error(opener.span, "the body of \"" + e.Id() + "\" is not closed: expected \"}\"");
  }

  /// `entity B {`, `class C <<x>> {`, `package P {`: a line that opens a
  /// block of its own (no field looks like this).
  static bool OpensBody(std::string_view t) {
    if (t.back() != '{') return false;
    std::string lower = Lower(t);
    std::string word = lower.substr(0, lower.find_first_of(" \t"));
    if (word.size() == lower.size()) return false;
    return word == "package" || word == "namespace" ||
           std::any_of(std::begin(kEntityKeywords), std::end(kEntityKeywords),
                       [&](const char* k) { return word == k; });
  }

  /// `A ||--o{ B`, `A "1" -- "*" B`: two names joined by an arrow with a
  /// head or multiplicities (a field never looks like this).
  static bool IsRelation(std::string_view t) {
    size_t p = MatchAt<rules::entity_name>(t, 0);
    auto skip = [&] { while (p < t.size() && (t[p] == ' ' || t[p] == '\t')) ++p; };
    auto multiplicity = [&] {
      skip();
      size_t q = p > 0 ? MatchAt<rules::quoted>(t, p) : 0;
      p += q;
      skip();
      return q > 0;
    };
    if (p == 0) return false;
    bool labelled = multiplicity();
    size_t arrow = MatchAt<rules::arrow>(t, p);
    if (arrow == 0) return false;
    std::string_view a = t.substr(p, arrow);
    bool headed = (a.front() != '-' && a.front() != '.') || (a.back() != '-' && a.back() != '.');
    p += arrow;
    labelled = multiplicity() || labelled;
    return (headed || labelled) && MatchAt<rules::entity_name>(t, p) > 0;
  }

  /// The ':' between a field's name and type: the first one outside creole
  /// tags, so `<size:12>id : int` splits after "id", not inside the tag.
  static size_t TypeColon(std::string_view text) {
    bool in_tag = false;
    for (size_t i = 0; i < text.size(); ++i) {
      bool opens = i + 1 < text.size() && (std::isalpha(static_cast<unsigned char>(text[i + 1])) ||
                                           text[i + 1] == '/' || text[i + 1] == '&' || text[i + 1] == '$');
      if (text[i] == '<' && opens) in_tag = true;
      else if (text[i] == '>') in_tag = false;
      else if (text[i] == ':' && !in_tag) return i;
    }
    return std::string_view::npos;
  }

  Field ParseField(const Line& line, std::string_view t) {
    Field f;
    f.span = line.span;
    std::string text(t);
    for (const char* modifier : {"{field}", "{method}", "{static}", "{abstract}", "{classifier}"}) {
      size_t at = text.find(modifier);
      if (at != std::string::npos) text.erase(at, std::string_view(modifier).size());
    }
    size_t open;
    while ((open = text.find("<<")) != std::string::npos) {
      size_t close = text.find(">>", open);
      if (close == std::string::npos) break;
      f.stereotypes.push_back(std::string(Trim(std::string_view(text).substr(open + 2, close - open - 2))));
      text.erase(open, close + 2 - open);
    }
    std::string_view rest = Trim(text);
    if (!rest.empty() && rest[0] == '*') {
      f.mandatory = true;
      rest = Trim(rest.substr(1));
    }
    size_t colon = TypeColon(rest);
    f.name = std::string(Trim(rest.substr(0, colon)));
    if (colon != std::string_view::npos) f.type = std::string(Trim(rest.substr(colon + 1)));
    return f;
  }

  // ------------------------------------------------------------ relations
  bool Relation(const Line& line) {
    std::string_view t = line.text;
    size_t p = t.find_first_not_of(" \t");
    er::Relation r;
    r.span = line.span;
    auto skip = [&] { while (p < t.size() && (t[p] == ' ' || t[p] == '\t')) ++p; };
    size_t n = MatchAt<rules::entity_name>(t, p);
    if (n == 0) return false;
    r.left = Unquote(t.substr(p, n));
    r.left_span = Sub(line, p, p + n);
    p += n;
    Member(line, t, &p, &r.left_member, &r.left_member_span);
    skip();
    if (size_t q = MatchAt<rules::quoted>(t, p)) {
      r.left_label = Unquote(t.substr(p, q));
      p += q;
      skip();
    }
    size_t a = MatchAt<rules::arrow>(t, p);
    if (a == 0) return false;
    Arrow(t.substr(p, a), r);
    p += a;
    skip();
    if (size_t q = MatchAt<rules::quoted>(t, p)) {
      r.right_label = Unquote(t.substr(p, q));
      p += q;
      skip();
    }
    size_t m = MatchAt<rules::entity_name>(t, p);
    if (m == 0) {
      Error(Sub(line, p, t.size()), "expected an entity name after the arrow, got \"" +
                                        std::string(Trim(t.substr(p))) + "\"");
      return true;
    }
    r.right = Unquote(t.substr(p, m));
    r.right_span = Sub(line, p, p + m);
    p += m;
    Member(line, t, &p, &r.right_member, &r.right_member_span);
    skip();
    if (p < t.size()) {
      if (t[p] != ':') {
        Error(Sub(line, p, t.size()), "expected \": label\" or the end of the line after \"" +
                                          r.right + "\", got \"" + std::string(Trim(t.substr(p))) + "\"");
        return true;
      }
      r.label = Unquote(t.substr(p + 1));
    }
    doc_.relations.push_back(std::move(r));
    return true;
  }

  /// `::field` right after an entity name: the end attaches to that field's row.
  void Member(const Line& line, std::string_view t, size_t* p, std::string* member, Span* span) const {
    if (t.substr(*p, 2) != "::") return;
    size_t n = MatchAt<rules::entity_name>(t, *p + 2);
    if (n == 0) return;
    *member = Unquote(t.substr(*p + 2, n));
    *span = Sub(line, *p + 2, *p + 2 + n);
    *p += 2 + n;
  }

  static void Arrow(std::string_view a, er::Relation& r) {
    size_t body_begin = a.find_first_of("-.");
    size_t body_end = a.find_last_of("-.") + 1;
    r.left_end = std::string(a.substr(0, body_begin));
    r.right_end = std::string(a.substr(body_end));
    std::string_view body = a.substr(body_begin, body_end - body_begin);
    r.dotted = body.find('.') != std::string_view::npos;
    std::string letters;
    for (size_t i = 0; i < body.size(); ++i) {
      char c = body[i];
      if (c == '[') {
        i = body.find(']', i);
        continue;
      }
      if (c == '-' || c == '.') ++r.length;
      else letters += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (!letters.empty()) {
      char d = letters[0];
      r.direction = d == 'u' ? "up" : d == 'd' ? "down" : d == 'l' ? "left" : "right";
    }
  }

  const std::vector<Line>& lines_;
  Diagnostics& diags_;
  Document doc_;
  /// Open `{` blocks, innermost last: package indices, or kNotAPackage
  /// for `together {`, whose `}` must not close a package.
  static constexpr int kNotAPackage = -1;
  std::vector<int> open_blocks_;
  size_t i_ = 0;
};

}  // namespace

Document ParsePumlEr(const Block& block, Diagnostics& diags) { return ErParser(block, diags).Run(); }

}  // namespace dg::grammar::puml::er
