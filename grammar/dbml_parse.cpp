// DBML lexer (PEGTL token rules from dbml_rules.hpp) and the generic
// element/expression parser. The tree shape follows @dbml/core's parser so
// that what it accepts and where it complains line up with ours.
#include <algorithm>
#include <cctype>
#include <functional>
#include <string>

#include "grammar/dbml.hpp"
#include "grammar/dbml_rules.hpp"

namespace dg::grammar::dbml {
namespace {

constexpr int kMaxNesting = 200;  // brackets, blocks and operators; hostile input guard

namespace pegtl = tao::pegtl;

const char* KindName(TokenKind k) {
  switch (k) {
    case TokenKind::kEof: return "end of file";
    default: return nullptr;
  }
}

std::string Quote(const Token& t) {
  if (const char* name = KindName(t.kind)) return name;
  std::string text = t.value;
  if (t.kind == TokenKind::kString) text = "'" + text + "'";
  if (t.kind == TokenKind::kQuoted) text = "\"" + text + "\"";
  if (text.size() > 40) {
    text.resize(40);
    text += "…";
  }
  return "\"" + text + "\"";
}

// ------------------------------------------------------------------ lexer

class Lexer {
 public:
  Lexer(const SourceFile& file, Diagnostics& diags)
      : file_(file), diags_(diags), text_(file.text()), begin_(text_.data()),
        end_(text_.data() + text_.size()) {}

  std::vector<Token> Run() {
    const char* p = begin_;
    while (p < end_) p = Step(p);
    Token eof;
    eof.kind = TokenKind::kEof;
    eof.span = {Offset(end_), Offset(end_)};
    tokens_.push_back(eof);
    return std::move(tokens_);
  }

 private:
  template <typename Rule>
  const char* Match(const char* at) const {
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(at, end_, "");
    if (!pegtl::parse<Rule>(in)) return nullptr;
    return in.current();
  }

  uint32_t Offset(const char* p) const { return static_cast<uint32_t>(p - begin_); }

  void MarkSpace() {
    if (!tokens_.empty()) tokens_.back().space_after = true;
  }
  void MarkNewline() {
    if (!tokens_.empty()) tokens_.back().newline_after = true;
  }
  void Add(TokenKind kind, const char* b, const char* e, std::string value) {
    tokens_.push_back({kind, {Offset(b), Offset(e)}, std::move(value), false, false});
  }
  void Add(TokenKind kind, const char* b, const char* e) { Add(kind, b, e, std::string(b, e)); }

  bool AtLineStart(const char* p) const {
    while (p > begin_ && (p[-1] == ' ' || p[-1] == '\t')) --p;
    return p == begin_ || p[-1] == '\n';
  }

  const char* Step(const char* p) {
    if (*p == '\n') {
      MarkNewline();
      MarkSpace();
      return p + 1;
    }
    if (const char* e = Match<rules::blank>(p)) {
      MarkSpace();
      return e;
    }
    if (const char* e = Match<rules::line_comment>(p)) {
      MarkSpace();
      return e;
    }
    if (Match<rules::block_comment_open>(p)) return BlockComment(p);
    if (p[0] == '-' && p + 1 < end_ && p[1] == '-' && AtLineStart(p)) return SqlComment(p);
    switch (*p) {
      case ',': return Single(TokenKind::kComma, p);
      case '(': return Single(TokenKind::kLParen, p);
      case ')': return Single(TokenKind::kRParen, p);
      case '[': return Single(TokenKind::kLBracket, p);
      case ']': return Single(TokenKind::kRBracket, p);
      case '{': return Single(TokenKind::kLBrace, p);
      case '}': return Single(TokenKind::kRBrace, p);
      case ':': return Single(TokenKind::kColon, p);
      case ';': return Single(TokenKind::kSemicolon, p);
      case '~': return Single(TokenKind::kTilde, p);
      case '\'': return Match<rules::triple_quote>(p) ? MultiString(p) : LineString<'\''>(p);
      case '"': return LineString<'"'>(p);
      case '`': return Function(p);
      case '#': {
        const char* e = Match<rules::color>(p);
        Add(TokenKind::kColor, p, e);
        return e;
      }
      default: break;
    }
    return Word(p);
  }

  const char* Single(TokenKind kind, const char* p) {
    Add(kind, p, p + 1);
    return p + 1;
  }

  const char* Word(const char* p) {
    if (const char* e = Match<rules::identifier>(p)) {
      Add(TokenKind::kIdentifier, p, e);
      return e;
    }
    if (const char* e = Match<rules::number>(p)) {
      Add(TokenKind::kNumber, p, e);
      return e;
    }
    if (const char* e = Match<rules::digit_identifier>(p)) {
      Add(TokenKind::kIdentifier, p, e);
      return e;
    }
    if (const char* e = Match<rules::bad_number>(p)) {
      diags_.Error({Offset(p), Offset(e)}, "dbml-syntax",
                   "invalid number \"" + std::string(p, e) + "\"");
      return e;
    }
    if (const char* e = Match<rules::op>(p)) {
      Add(TokenKind::kOp, p, e);
      return e;
    }
    const char* e = p + 1;
    while (e < end_ && (static_cast<unsigned char>(*e) & 0xC0) == 0x80) ++e;
    diags_.Error({Offset(p), Offset(e)}, "dbml-syntax",
                 "unexpected character \"" + std::string(p, e) + "\"");
    return e;
  }

  // `--` starts a comment in SQL, not in DBML: say so once, then skip the line
  // as if it were a comment so the rest of the file is still checked.
  const char* SqlComment(const char* p) {
    diags_.Error({Offset(p), Offset(p + 2)}, "dbml-sql-comment",
                 "DBML comments start with \"//\", not \"--\"");
    const char* e = p;
    while (e < end_ && *e != '\n') ++e;
    MarkSpace();
    return e;
  }

  const char* BlockComment(const char* p) {
    const char* e = p + 2;
    while (e < end_ && !Match<rules::block_comment_close>(e)) ++e;
    if (e >= end_) {
      diags_.Error({Offset(p), Offset(p + 2)}, "dbml-syntax",
                   "unterminated comment: expected \"*/\" before the end of the file");
      return end_;
    }
    MarkSpace();
    return e + 2;
  }

  template <char Q>
  const char* LineString(const char* p) {
    const char* e = Match<rules::line_chars<Q>>(p + 1);
    if (e >= end_ || *e != Q) {
      const char* what = Q == '\'' ? "string" : "quoted name";
      diags_.Error({Offset(p), Offset(e)}, "dbml-syntax",
                   std::string(e >= end_ ? "end of file" : "line break") + " inside a " + what +
                       ": expected a closing " + (Q == '\'' ? "\"'\"" : "'\"'") +
                       (Q == '\'' ? " (use '''…''' for multi-line text)" : ""));
      return e;
    }
    Add(Q == '\'' ? TokenKind::kString : TokenKind::kQuoted, p, e + 1, Unescape(p + 1, e));
    return e + 1;
  }

  const char* MultiString(const char* p) {
    const char* e = Match<rules::multi_chars>(p + 3);
    if (e >= end_) {
      diags_.Error({Offset(p), Offset(p + 3)}, "dbml-syntax",
                   "unterminated multi-line string: expected \"'''\"");
      return end_;
    }
    Add(TokenKind::kString, p, e + 3, NormalizeMultiline(Unescape(p + 3, e)));
    return e + 3;
  }

  const char* Function(const char* p) {
    const char* e = Match<rules::function_chars>(p + 1);
    if (e >= end_) {
      diags_.Error({Offset(p), Offset(p + 1)}, "dbml-syntax",
                   "unterminated expression: expected a closing \"`\"");
      return end_;
    }
    Add(TokenKind::kFunction, p, e + 1, std::string(p + 1, e));
    return e + 1;
  }

  static std::string Unescape(const char* b, const char* e) {
    std::string out;
    for (const char* p = b; p < e; ++p) {
      if (*p != '\\' || p + 1 >= e) {
        out += *p;
        continue;
      }
      char c = *++p;
      switch (c) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case '\n': break;  // line continuation
        default: out += c; break;
      }
    }
    return out;
  }

  const SourceFile& file_;
  Diagnostics& diags_;
  const std::string& text_;
  const char* begin_;
  const char* end_;
  std::vector<Token> tokens_;
};

// ----------------------------------------------------------------- parser

struct SyntaxFailure {};  // unwinds to the nearest recovery point; never leaves this file

class Parser {
 public:
  Parser(std::vector<Token> tokens, Diagnostics& diags) : t_(std::move(tokens)), diags_(diags) {}

  Document Program() {
    Document doc;
    while (!AtEnd()) {
      try {
        doc.elements.push_back(ElementDecl());
      } catch (const SyntaxFailure&) {
        SyncProgram();
      }
    }
    return doc;
  }

 private:
  // --- token access
  const Token& Peek(size_t k = 0) const { return t_[std::min(pos_ + k, t_.size() - 1)]; }
  const Token& Prev() const { return t_[pos_ > 0 ? pos_ - 1 : 0]; }
  bool AtEnd() const { return Peek().kind == TokenKind::kEof; }
  bool Check(TokenKind k) const { return Peek().kind == k; }
  const Token& Advance() {
    if (!AtEnd()) ++pos_;
    return Prev();
  }
  [[noreturn]] void Fail(const Token& at, const std::string& message) {
    diags_.Error(at.span, "dbml-syntax", message);
    throw SyntaxFailure{};
  }
  void Expect(TokenKind k, const char* what) {
    if (Check(k)) {
      Advance();
      return;
    }
    Fail(Peek(), std::string("expected ") + what + ", got " + Quote(Peek()));
  }
  bool IsAs(const Token& t) const {
    return t.kind == TokenKind::kIdentifier && (t.value == "as" || t.value == "AS" || t.value == "As");
  }
  bool AtLineStart(const Token& t) const { return pos_ > 0 && Prev().newline_after; }

  struct DepthGuard {
    Parser* p;
    explicit DepthGuard(Parser* parser) : p(parser) {
      if (++p->depth_ > kMaxNesting) p->Fail(p->Peek(), "nesting is deeper than 200 levels");
    }
    ~DepthGuard() { --p->depth_; }
  };

  // Skips to the next line that starts with an identifier (a likely element).
  void SyncProgram() {
    if (!AtEnd()) Advance();
    while (!AtEnd() && !(Prev().newline_after && Check(TokenKind::kIdentifier))) Advance();
  }

  // --- elements
  Element ElementDecl() {
    Element el;
    if (!Check(TokenKind::kIdentifier)) {
      Fail(Peek(), "expected an element such as Table, Ref, Enum, TableGroup or Project, got " +
                       Quote(Peek()));
    }
    el.type = Advance();
    el.keyword = Lower(el.type.value);
    el.span.begin = el.type.span.begin;
    if (!IsHeaderEnd()) el.name.push_back(Normal(0));
    if (IsAs(Peek())) {
      Advance();
      if (IsHeaderEnd()) {
        Fail(Peek(), "expected an alias after \"as\", got " + Quote(Peek()));
      }
      el.alias.push_back(Normal(0));
    }
    if (Check(TokenKind::kLBracket)) el.settings.push_back(List());
    if (!Check(TokenKind::kLBrace) && !Check(TokenKind::kColon)) {
      Fail(Peek(), "expected \"{\" or \":\" after the " + el.type.value + " header, got " +
                       Quote(Peek()));
    }
    if (Check(TokenKind::kColon)) {
      Advance();
      el.simple_body = true;
      el.body = Application();
    } else {
      bool saved = in_records_;
      in_records_ = el.keyword == "records";
      el.body.push_back(Block());
      in_records_ = saved;
    }
    el.span.end = Prev().span.end;
    return el;
  }

  bool IsHeaderEnd() const {
    return Check(TokenKind::kColon) || Check(TokenKind::kLBrace) || Check(TokenKind::kLBracket) ||
           AtEnd();
  }

  Expr Block() {
    DepthGuard guard(this);
    Expr block;
    block.kind = Expr::Kind::kBlock;
    block.token = Peek();
    block.span.begin = Peek().span.begin;
    Expect(TokenKind::kLBrace, "\"{\"");
    while (!AtEnd() && !Check(TokenKind::kRBrace)) {
      try {
        block.body.push_back(Statement());
      } catch (const SyntaxFailure&) {
        SyncBlock();
      }
    }
    if (AtEnd()) {
      Fail(Peek(), "expected \"}\" to close the block opened on line " +
                       std::to_string(LineOf(block.token)) + ", got end of file");
    }
    Advance();
    block.span.end = Prev().span.end;
    return block;
  }

  uint32_t LineOf(const Token& t) const { return line_of_ ? line_of_(t.span.begin) : 0; }

  void SyncBlock() {
    if (Check(TokenKind::kRBrace)) return;
    Advance();
    while (!AtEnd() && !Check(TokenKind::kRBrace) && !Prev().newline_after) Advance();
  }

  Stmt Statement() {
    Stmt st;
    st.span.begin = Peek().span.begin;
    if (Check(TokenKind::kTilde)) {
      Advance();
      if (!Check(TokenKind::kIdentifier)) {
        Fail(Peek(), "expected a table partial name after \"~\", got " + Quote(Peek()));
      }
      st.kind = Stmt::Kind::kInjection;
      st.injected = Advance();
    } else if (Check(TokenKind::kIdentifier) && Peek(1).kind == TokenKind::kColon) {
      st.kind = Stmt::Kind::kElement;
      st.element = std::make_unique<Element>();
      Element& el = *st.element;
      el.type = Advance();
      el.keyword = Lower(el.type.value);
      el.span.begin = el.type.span.begin;
      Advance();
      el.simple_body = true;
      el.body = Application();
      el.span.end = Prev().span.end;
    } else {
      st.parts = Application();
      // Records rows are comma-separated values: `1, 'Alice', null`.
      while (in_records_ && Check(TokenKind::kComma)) {
        Advance();
        std::vector<Expr> more = Application();
        for (Expr& e : more) st.parts.push_back(std::move(e));
      }
      ToElement(st);
    }
    st.span.end = Prev().span.end;
    return st;
  }

  // `Indexes { … }`, `Note name [settings] { … }` inside a block read as an
  // application whose last part is a block: they are elements.
  static void ToElement(Stmt& st) {
    std::vector<Expr>& p = st.parts;
    if (p.size() < 2 || !p[0].IsIdentifier() || p.back().kind != Expr::Kind::kBlock) return;
    size_t i = 1;
    int name = -1, alias = -1, settings = -1;
    if (p[i].kind != Expr::Kind::kList && p[i].kind != Expr::Kind::kBlock) name = static_cast<int>(i++);
    if (i + 1 < p.size() && p[i].IsIdentifier() && Lower(p[i].token.value) == "as") {
      alias = static_cast<int>(i + 1);
      i += 2;
    }
    if (i < p.size() && p[i].kind == Expr::Kind::kList) settings = static_cast<int>(i++);
    if (i != p.size() - 1) return;  // an odd shape: the checker reports it as a field
    auto el = std::make_unique<Element>();
    el->type = p[0].token;
    el->keyword = Lower(el->type.value);
    el->span = {p[0].span.begin, p.back().span.end};
    if (name >= 0) el->name.push_back(std::move(p[name]));
    if (alias >= 0) el->alias.push_back(std::move(p[alias]));
    if (settings >= 0) el->settings.push_back(std::move(p[settings]));
    el->body.push_back(std::move(p.back()));
    st.kind = Stmt::Kind::kElement;
    st.element = std::move(el);
    st.parts.clear();
  }

  // --- expressions
  bool ShouldStop() const {
    if (AtEnd() || Prev().newline_after) return true;
    switch (Peek().kind) {
      case TokenKind::kRBrace:
      case TokenKind::kRBracket:
      case TokenKind::kRParen:
      case TokenKind::kComma:
      case TokenKind::kColon: return true;
      default: return false;
    }
  }

  std::vector<Expr> Application() {
    std::vector<Expr> parts;
    parts.push_back(Normal(0));
    while (!ShouldStop()) {
      if (!Prev().space_after) {
        diags_.Error(Peek().span, "dbml-syntax",
                     "expected a space before " + Quote(Peek()));
      }
      parts.push_back(Normal(0));
    }
    return parts;
  }

  struct Power {
    int left = -1;
    int right = -1;
  };
  static Power Infix(const Token& t) {
    if (t.kind != TokenKind::kOp) return {};
    const std::string& v = t.value;
    if (v == ".") return {16, 17};
    if (v == "*" || v == "/" || v == "%") return {11, 12};
    if (v == "+" || v == "-") return {9, 10};
    if (v == "<" || v == ">" || v == "<>" || v == "<=" || v == ">=") return {7, 8};
    if (v == "==" || v == "!=") return {4, 5};
    if (v == "=") return {2, 3};
    return {};
  }
  static bool IsPrefix(const Token& t) {
    return t.kind == TokenKind::kOp && (t.value == "+" || t.value == "-" || t.value == "<" ||
                                        t.value == ">" || t.value == "<>" || t.value == "!");
  }
  static constexpr int kPrefixPower = 15;
  static constexpr int kCallPower = 14;

  Expr Normal(int min_power) {
    DepthGuard guard(this);
    Expr left = Left();
    int chain = 0;  // each operator adds a level to the tree: bound it like nesting
    while (!AtEnd()) {
      const Token& t = Peek();
      if (depth_ + ++chain > kMaxNesting) Fail(t, "nesting is deeper than 200 levels");
      if (t.kind == TokenKind::kLParen) {
        if (kCallPower < min_power) break;
        if (Prev().newline_after && group_depth_ == 0) break;
        left = Binary(Expr::Kind::kCall, std::move(left), Tuple());
      } else if (t.kind == TokenKind::kLBracket) {
        if (Prev().space_after || Prev().newline_after) break;
        left = Binary(Expr::Kind::kArray, std::move(left), List());
      } else {
        Power p = Infix(t);
        if (p.left < 0 || p.left <= min_power) break;
        Token op = Advance();
        Expr right = op.value == "." ? Operand() : Normal(p.right);
        left = Binary(Expr::Kind::kInfix, std::move(left), std::move(right));
        left.token = op;
      }
    }
    return left;
  }

  static Expr Binary(Expr::Kind kind, Expr a, Expr b) {
    Expr e;
    e.kind = kind;
    e.span = {a.span.begin, b.span.end};
    e.items.push_back(std::move(a));
    e.items.push_back(std::move(b));
    return e;
  }

  Expr Left() {
    if (Peek().kind != TokenKind::kOp) return Operand();
    if (!IsPrefix(Peek())) Fail(Peek(), "unexpected " + Quote(Peek()) + " in an expression");
    Expr e;
    e.kind = Expr::Kind::kPrefix;
    e.token = Advance();
    e.items.push_back(Normal(kPrefixPower));
    e.span = {e.token.span.begin, e.items[0].span.end};
    return e;
  }

  Expr Operand() {
    switch (Peek().kind) {
      case TokenKind::kNumber:
      case TokenKind::kString:
      case TokenKind::kColor:
      case TokenKind::kQuoted:
      case TokenKind::kIdentifier: {
        Expr e;
        e.kind = Expr::Kind::kPrimary;
        e.token = Advance();
        e.span = e.token.span;
        return e;
      }
      case TokenKind::kFunction: {
        Expr e;
        e.kind = Expr::Kind::kFunction;
        e.token = Advance();
        e.span = e.token.span;
        return e;
      }
      case TokenKind::kLBracket: return List();
      case TokenKind::kLBrace: return Block();
      case TokenKind::kLParen: return Tuple();
      case TokenKind::kEof: Fail(Peek(), "unexpected end of file");
      default: Fail(Peek(), "expected a name, a value or \"(\", got " + Quote(Peek()));
    }
  }

  Expr Tuple() {
    DepthGuard guard(this);
    Expr e;
    e.kind = Expr::Kind::kTuple;
    e.span.begin = Peek().span.begin;
    Expect(TokenKind::kLParen, "\"(\"");
    ++group_depth_;
    bool first = true;
    while (!AtEnd() && !Check(TokenKind::kRParen)) {
      try {
        if (!first) Expect(TokenKind::kComma, "\",\" between items");
        first = false;
        e.items.push_back(Normal(0));
      } catch (const SyntaxFailure&) {
        SyncUntil(TokenKind::kComma, TokenKind::kRParen);
      }
    }
    --group_depth_;
    Expect(TokenKind::kRParen, "\")\"");
    e.span.end = Prev().span.end;
    if (e.items.size() == 1) e.kind = Expr::Kind::kGroup;
    return e;
  }

  Expr List() {
    DepthGuard guard(this);
    Expr e;
    e.kind = Expr::Kind::kList;
    e.span.begin = Peek().span.begin;
    Expect(TokenKind::kLBracket, "\"[\"");
    ++group_depth_;
    bool first = true;
    while (!AtEnd() && !Check(TokenKind::kRBracket)) {
      try {
        if (!first) Expect(TokenKind::kComma, "\",\" between settings");
        first = false;
        e.attributes.push_back(Attribute());
      } catch (const SyntaxFailure&) {
        SyncUntil(TokenKind::kComma, TokenKind::kRBracket);
      }
    }
    --group_depth_;
    Expect(TokenKind::kRBracket, "\"]\"");
    e.span.end = Prev().span.end;
    return e;
  }

  void SyncUntil(TokenKind a, TokenKind b) {
    while (!AtEnd() && !Check(a) && !Check(b)) Advance();
  }

  // `name`, `primary key`, `delete: set null`, `ref: > t.c`, `note: '…'`.
  Expr::Attribute Attribute() {
    Expr::Attribute a;
    a.span.begin = Peek().span.begin;
    a.name_span.begin = Peek().span.begin;
    if (Check(TokenKind::kIdentifier)) {
      a.name = IdentifierStream();
    } else if (Check(TokenKind::kNumber) || Check(TokenKind::kString) || Check(TokenKind::kQuoted)) {
      a.name = Advance().value;  // `int[3]`
    } else {
      Fail(Peek(), "expected a setting name, got " + Quote(Peek()));
    }
    a.name_span.end = Prev().span.end;
    if (Check(TokenKind::kColon)) {
      Advance();
      if (Check(TokenKind::kIdentifier) && Peek(1).kind == TokenKind::kIdentifier) {
        Expr v;
        v.kind = Expr::Kind::kPrimary;
        v.token = Peek();
        v.span.begin = Peek().span.begin;
        v.token.value = IdentifierStream();
        v.span.end = Prev().span.end;
        v.token.span = v.span;
        a.value.push_back(std::move(v));
      } else {
        a.value.push_back(Normal(0));
      }
    }
    a.span.end = Prev().span.end;
    if (!Check(TokenKind::kComma) && !Check(TokenKind::kRBracket)) {
      Fail(Peek(), "expected \",\" or \"]\" after the setting, got " + Quote(Peek()));
    }
    return a;
  }

  std::string IdentifierStream() {
    std::string out = Lower(Advance().value);
    while (Check(TokenKind::kIdentifier)) out += " " + Lower(Advance().value);
    return out;
  }

 public:
  static std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  std::function<uint32_t(uint32_t)> line_of_;

 private:
  std::vector<Token> t_;
  size_t pos_ = 0;
  Diagnostics& diags_;
  int depth_ = 0;
  int group_depth_ = 0;
  bool in_records_ = false;  ///< inside a Records block, whose rows are comma-separated
};

}  // namespace

std::vector<Token> LexDbml(const SourceFile& file, Diagnostics& diags) {
  return Lexer(file, diags).Run();
}

Document ParseDbml(const SourceFile& file, Diagnostics& diags) {
  Parser parser(LexDbml(file, diags), diags);
  parser.line_of_ = [&file](uint32_t offset) { return file.Locate(offset).line; };
  return parser.Program();
}

std::string NormalizeMultiline(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  auto blank = [](std::string_view l) {
    return l.find_first_not_of(" \t\r") == std::string_view::npos;
  };
  if (lines.size() > 1 && blank(lines.front())) lines.erase(lines.begin());
  if (lines.size() > 1 && blank(lines.back())) lines.pop_back();
  size_t indent = std::string_view::npos;
  for (std::string_view l : lines) {
    if (blank(l)) continue;
    indent = std::min(indent, l.find_first_not_of(" \t"));
  }
  if (indent == std::string_view::npos) indent = 0;
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    std::string_view l = lines[i];
    out += l.size() > indent ? l.substr(indent) : std::string_view(blank(l) ? "" : l);
  }
  return out;
}

}  // namespace dg::grammar::dbml
