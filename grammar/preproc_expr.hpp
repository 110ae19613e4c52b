// Expressions of PlantUML's preprocessor (`!if`, `!$x =`, `!return`,
// function arguments): PlantUML's tokens and precedence, evaluated directly.
//
//   or  := and ("||" and)*          and := eq ("&&" eq)*
//   eq  := rel (("==" | "!=") rel)*  rel := add (("<" | ">" | "<=" | ">=") add)*
//   add := mul (("+" | "-") mul)*    mul := term (("*" | "/") term)*
//   term := NUMBER | "quoted" | 'quoted' | "(" or ")" | NAME "(" args ")" | NAME
//
// A NAME that is no variable stands for itself when it looks like one
// (letters, digits, "$", "_", "."), as in PlantUML (`!if $x == foo`).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "grammar/preproc_value.hpp"

namespace dg::grammar::puml::preproc {

/// Thrown inside the preprocessor and caught where the line is known; never
/// leaves Preprocess().
struct PreprocError {
  std::string message;
};

using NamedArgs = std::vector<std::pair<std::string, Value>>;

/// What an expression needs from the preprocessor that evaluates it.
class ExprHost {
 public:
  virtual ~ExprHost() = default;
  /// A variable (or `$json.path[1]`), or nullopt when there is none.
  virtual std::optional<Value> LookupVariable(std::string_view name) = 0;
  virtual Value CallFunction(std::string_view name, std::vector<Value> args, NamedArgs named) = 0;
};

/// An expression tokenized once and evaluated many times: the `!if`, `!$x =`
/// and `!return` lines of a function body run on every call, and C4's macros
/// run the same few hundred lines thousands of times per diagram.
class Expression {
 public:
  /// Tokenizes all of `text`. Throws PreprocError (an unterminated string …).
  explicit Expression(std::string_view text);
  ~Expression();
  Expression(const Expression&) = delete;
  Expression& operator=(const Expression&) = delete;

  /// Evaluate(text, host) without the tokenizing. Throws PreprocError.
  Value Evaluate(ExprHost& host) const;

 private:
  struct Tokens;
  std::unique_ptr<const Tokens> tokens_;
};

/// Evaluates all of `text`. Throws PreprocError.
Value Evaluate(std::string_view text, ExprHost& host);

/// Evaluates from text[*pos] up to a ',' or ')' outside parentheses (left
/// unread) — one argument of a call written in a line of text.
Value EvaluateArgument(std::string_view text, size_t* pos, ExprHost& host);

/// Evaluates from text[*pos] up to a ':' outside quotes (for `!assert x : msg`).
Value EvaluateUpToColon(std::string_view text, size_t* pos, ExprHost& host);

/// True for the bytes PlantUML counts as letters, digits or "_" in names;
/// bytes of multi-byte UTF-8 characters count as letters.
inline bool IsNameChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u >= 0x80;
}

}  // namespace dg::grammar::puml::preproc
