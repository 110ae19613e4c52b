#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "grammar/dbml.hpp"
#include "grammar/dbml_rules.hpp"
#include <tao/pegtl/contrib/analyze.hpp>

namespace pegtl = tao::pegtl;
using dg::grammar::Diagnostics;
using dg::grammar::SourceFile;
using namespace dg::grammar::dbml;

namespace {

struct Parsed {
  SourceFile file;
  Diagnostics diags;
  Document doc;
  explicit Parsed(std::string text) : file("t.dbml", std::move(text)), diags(file) {
    doc = ParseDbml(file, diags);
  }
  /// "line:col: message" of every diagnostic.
  std::vector<std::string> Errors() const {
    std::vector<std::string> out;
    for (const auto& d : diags.items()) {
      auto at = file.Locate(d.span.begin);
      out.push_back(std::to_string(at.line) + ":" + std::to_string(at.column) + ": " + d.message);
    }
    return out;
  }
};

std::vector<TokenKind> Kinds(const std::string& text) {
  SourceFile f("t.dbml", text);
  Diagnostics d(f);
  std::vector<TokenKind> out;
  for (const Token& t : LexDbml(f, d)) out.push_back(t.kind);
  return out;
}

}  // namespace

TEST_CASE("dbml token rules make progress (PEGTL analyze)") {
  namespace r = dg::grammar::dbml::rules;
  CHECK(pegtl::analyze<pegtl::sor<r::identifier, r::number, r::digit_identifier, r::bad_number,
                                  r::line_comment, r::blank, r::color, r::op>>() == 0);
  CHECK(pegtl::analyze<pegtl::seq<pegtl::one<'x'>, r::line_chars<'\''>, r::multi_chars,
                                  r::function_chars>>() == 0);
}

TEST_CASE("dbml lexer: token kinds, comments and trivia flags") {
  using K = TokenKind;
  CHECK(Kinds("Table a.b [x: 1.5] { } // c") ==
        std::vector<K>{K::kIdentifier, K::kIdentifier, K::kOp, K::kIdentifier, K::kLBracket,
                       K::kIdentifier, K::kColon, K::kNumber, K::kRBracket, K::kLBrace, K::kRBrace,
                       K::kEof});
  CHECK(Kinds("/* a\n b */ 2fa #fff `now()` <> ~p") ==
        std::vector<K>{K::kIdentifier, K::kColor, K::kFunction, K::kOp, K::kTilde, K::kIdentifier,
                       K::kEof});
  SourceFile f("t.dbml", "a b\nc");
  Diagnostics d(f);
  auto t = LexDbml(f, d);
  CHECK(t[0].space_after);
  CHECK_FALSE(t[0].newline_after);
  CHECK(t[1].newline_after);
}

TEST_CASE("dbml lexer: strings unescape and multi-line strings lose their indentation") {
  SourceFile f("t.dbml", "'it\\'s' \"a \\\"b\\\"\" '''\n    # Title\n      body\n  '''");
  Diagnostics d(f);
  auto t = LexDbml(f, d);
  REQUIRE(t.size() == 4);
  CHECK(t[0].value == "it's");
  CHECK(t[1].kind == TokenKind::kQuoted);
  CHECK(t[1].value == "a \"b\"");
  CHECK(t[2].value == "# Title\n  body");
  CHECK_FALSE(d.HasErrors());
  CHECK(NormalizeMultiline("\n  a\n\n    b\n") == "a\n\n  b");
}

TEST_CASE("dbml lexer: errors at exact positions") {
  CHECK(Parsed("Table t {\n  n text [note: 'a\n  b']\n}\n").Errors().at(0) ==
        "2:17: line break inside a string: expected a closing \"'\" (use '''…''' for multi-line text)");
  CHECK(Parsed("-- schema\nTable t { id int }").Errors() ==
        std::vector<std::string>{"1:1: DBML comments start with \"//\", not \"--\""});
  CHECK(Parsed("Table t { id int [default: 1.2.3] }").Errors().at(0) == "1:28: invalid number \"1.2.3\"");
  CHECK(Parsed("/* open").Errors().at(0) ==
        "1:1: unterminated comment: expected \"*/\" before the end of the file");
}

TEST_CASE("dbml parser: element header shapes") {
  Parsed p(
      "Table \"my schema\".users as U [headercolor: #abc, note: 'n'] {\n"
      "  id int [pk]\n"
      "}\n"
      "Ref fk: a.(x, y) > b.(x, y) [delete: set null]\n");
  REQUIRE(p.Errors().empty());
  REQUIRE(p.doc.elements.size() == 2);
  const Element& t = p.doc.elements[0];
  CHECK(t.keyword == "table");
  REQUIRE(t.name.size() == 1);
  CHECK(t.name[0].IsInfix("."));
  CHECK(t.name[0].items[0].token.value == "my schema");
  REQUIRE(t.alias.size() == 1);
  CHECK(t.alias[0].token.value == "U");
  REQUIRE(t.settings.size() == 1);
  CHECK(t.settings[0].attributes.size() == 2);
  CHECK(t.settings[0].attributes[0].name == "headercolor");
  const Element& r = p.doc.elements[1];
  CHECK(r.simple_body);
  REQUIRE(r.body.size() == 2);
  CHECK(r.body[0].IsInfix(">"));
  CHECK(r.body[0].items[0].items[1].kind == Expr::Kind::kTuple);
  CHECK(r.body[1].attributes[0].name == "delete");
  CHECK(r.body[1].attributes[0].value[0].token.value == "set null");
}

TEST_CASE("dbml parser: column shapes (types, arrays, settings list vs array)") {
  Parsed p(
      "Table t {\n"
      "  a decimal(10,2) [not null, default: -1]\n"
      "  b int[] [null]\n"
      "  c s.enum_type\n"
      "  \"d e\" \"quoted type\"\n"
      "  Indexes {\n"
      "    (a, `lower(b)`) [unique, name: 'ix']\n"
      "  }\n"
      "  ~partial\n"
      "  Note: 'n'\n"
      "}\n");
  REQUIRE(p.Errors().empty());
  const auto& body = p.doc.elements[0].body[0].body;
  REQUIRE(body.size() == 7);
  CHECK(body[0].parts[1].kind == Expr::Kind::kCall);
  CHECK(body[0].parts[2].attributes[0].name == "not null");
  CHECK(body[0].parts[2].attributes[1].value[0].kind == Expr::Kind::kPrefix);
  CHECK(body[1].parts[1].kind == Expr::Kind::kArray);
  CHECK(body[1].parts[2].kind == Expr::Kind::kList);
  CHECK(body[2].parts[1].IsInfix("."));
  CHECK(body[3].parts[0].token.kind == TokenKind::kQuoted);
  CHECK(body[4].kind == Stmt::Kind::kElement);
  CHECK(body[4].element->keyword == "indexes");
  CHECK(body[5].kind == Stmt::Kind::kInjection);
  CHECK(body[5].injected.value == "partial");
  CHECK(body[6].element->simple_body);
}

TEST_CASE("dbml parser: syntax errors are all reported, with recovery") {
  auto errors = Parsed(
                    "Table a {\n"
                    "  id int [pk pk2: 1 x]\n"
                    "}\n"
                    "Table b {\n"
                    "  id int [note: 'x' 'y']\n"
                    "}\n")
                    .Errors();
  REQUIRE(errors.size() == 2);
  CHECK(errors[0] == "2:21: expected \",\" or \"]\" after the setting, got \"x\"");
  CHECK(errors[1] == "5:21: expected \",\" or \"]\" after the setting, got \"'y'\"");
  CHECK(Parsed("Table t {\n  id int\n").Errors().at(0) ==
        "3:1: expected \"}\" to close the block opened on line 1, got end of file");
  CHECK(Parsed("Table t id int\n").Errors().at(0) ==
        "1:9: expected \"{\" or \":\" after the Table header, got \"id\"");
  CHECK(Parsed("{ }").Errors().at(0) ==
        "1:1: expected an element such as Table, Ref, Enum, TableGroup or Project, got \"{\"");
}

TEST_CASE("dbml parser: hostile nesting is bounded") {
  std::string deep = "Table t { a int [default: " + std::string(5000, '(') + "1" +
                     std::string(5000, ')') + "] }";
  Parsed p(deep);
  REQUIRE_FALSE(p.Errors().empty());
  CHECK(p.Errors()[0].find("nesting is deeper than 200 levels") != std::string::npos);
  std::string chain = "Ref: a";
  for (int i = 0; i < 20000; ++i) chain += ".a";
  Parsed q(chain + " > b.c");
  REQUIRE_FALSE(q.Errors().empty());
  CHECK(q.Errors()[0].find("nesting is deeper than 200 levels") != std::string::npos);
}
