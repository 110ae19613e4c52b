// DBML syntax tree. Like @dbml/core's parser, the grammar is generic:
// elements (`Keyword name [as alias] [settings] { body }` or `Keyword: value`)
// whose bodies hold expressions; what each element kind accepts is checked
// later, in compiler/lower_dbml.cpp. Every node keeps its byte span.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "grammar/source.hpp"

namespace dg::grammar::dbml {

enum class TokenKind {
  kIdentifier,
  kQuoted,        ///< "quoted name"
  kString,        ///< 'single' or '''multi-line'''
  kNumber,
  kColor,         ///< #abc
  kFunction,      ///< `expression`
  kOp,            ///< < > <> - + * / % . = == != ! …
  kComma,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kColon,
  kSemicolon,
  kTilde,
  kEof,
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  Span span;
  std::string value;            ///< unescaped content for strings, raw text otherwise
  bool space_after = false;     ///< whitespace or a comment follows on the same line
  bool newline_after = false;   ///< a line break follows before the next token
};

struct Stmt;
struct Element;

/// An expression: the one node type of the generic tree.
struct Expr {
  enum class Kind {
    kPrimary,   ///< literal or variable: `token`
    kFunction,  ///< `backtick expression`: `token`
    kPrefix,    ///< `token` op, items[0]
    kInfix,     ///< items[0] `token` items[1]
    kCall,      ///< items[0] callee, items[1] tuple/group argument list
    kArray,     ///< items[0] indexed by items[1] (a list), `int[]`
    kTuple,     ///< ( a, b, … ) with 0 or 2+ items
    kGroup,     ///< ( a )
    kList,      ///< [ attributes ]
    kBlock,     ///< { statements }
    kDummy,     ///< what was left after a syntax error
  };
  Kind kind = Kind::kDummy;
  Span span;
  Token token;
  std::vector<Expr> items;
  /// kList: the settings. `name` is the identifier stream lower-cased and
  /// joined with single spaces ("primary key"); value is items[i] when has_value.
  struct Attribute {
    std::string name;
    Span name_span;
    Span span;
    std::vector<Expr> value;  ///< zero or one
  };
  std::vector<Attribute> attributes;
  std::vector<Stmt> body;  ///< kBlock

  bool IsVariable() const {
    return kind == Kind::kPrimary &&
           (token.kind == TokenKind::kIdentifier || token.kind == TokenKind::kQuoted);
  }
  bool IsIdentifier() const { return kind == Kind::kPrimary && token.kind == TokenKind::kIdentifier; }
  bool IsString() const { return kind == Kind::kPrimary && token.kind == TokenKind::kString; }
  bool IsInfix(const char* op) const { return kind == Kind::kInfix && token.value == op; }
};

/// `Keyword [name] [as alias] [settings] { body }` or `Keyword: value`.
struct Element {
  Token type;
  std::string keyword;  ///< type lower-cased
  std::vector<Expr> name;        ///< zero or one
  std::vector<Expr> alias;       ///< zero or one
  std::vector<Expr> settings;    ///< zero or one kList
  bool simple_body = false;      ///< `Keyword: value`
  std::vector<Expr> body;        ///< block, or (simple body) the application's parts
  Span span;
};

/// One line of a block: an element, a function application (a column
/// `id int [pk]`, an index `(a, b) [unique]`, a table name in a group), or a
/// partial injection `~name`.
struct Stmt {
  enum class Kind { kElement, kApplication, kInjection } kind = Kind::kApplication;
  std::unique_ptr<Element> element;  ///< kElement
  std::vector<Expr> parts;           ///< kApplication: callee, args…
  Token injected;                    ///< kInjection: the partial's name
  Span span;
};

struct Document {
  std::vector<Element> elements;
};

}  // namespace dg::grammar::dbml
