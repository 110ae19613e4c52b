#include "grammar/preproc_expr.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace dg::grammar::puml::preproc {
namespace {

constexpr size_t kMaxExpressionDepth = 200;  // nested parentheses and calls in one expression

enum class Tok { kNumber, kString, kName, kOp, kAssign, kOpen, kClose, kComma };

struct Token {
  Tok type;
  std::string text;
  Op op = Op::kAdd;
};

enum class Stop { kEnd, kArgument, kColon };

struct OpSpelling {
  const char* text;
  Op op;
};

/// The operator spelled at s[i], two-character ones first, as PlantUML matches them.
const OpSpelling* OperatorAt(std::string_view s, size_t i) {
  static constexpr OpSpelling kLessEq{"<=", Op::kLessEq}, kGreaterEq{">=", Op::kGreaterEq}, kEq{"==", Op::kEq},
      kNotEq{"!=", Op::kNotEq}, kAnd{"&&", Op::kAnd}, kOr{"||", Op::kOr}, kMul{"*", Op::kMul}, kDiv{"/", Op::kDiv},
      kAdd{"+", Op::kAdd}, kLess{"<", Op::kLess}, kGreater{">", Op::kGreater};
  char next = i + 1 < s.size() ? s[i + 1] : '\0';
  switch (s[i]) {
    case '<': return next == '=' ? &kLessEq : &kLess;
    case '>': return next == '=' ? &kGreaterEq : &kGreater;
    case '=': return next == '=' ? &kEq : nullptr;
    case '!': return next == '=' ? &kNotEq : nullptr;
    case '&': return next == '&' ? &kAnd : nullptr;
    case '|': return next == '|' ? &kOr : nullptr;
    case '*': return &kMul;
    case '/': return &kDiv;
    case '+': return &kAdd;
    default: return nullptr;
  }
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

/// A character that ends a name (PlantUML's "plain text" token).
bool EndsName(std::string_view s, size_t i) {
  char c = s[i];
  return IsBlank(c) || c == '(' || c == ')' || c == ',' || c == '=' || c == '-' || OperatorAt(s, i) != nullptr;
}

/// A '-' is a minus sign (part of a number) unless a value precedes it.
bool MinusIsSign(const std::vector<Token>& tokens) {
  if (tokens.empty()) return true;
  Tok t = tokens.back().type;
  return t == Tok::kOp || t == Tok::kOpen || t == Tok::kComma || t == Tok::kAssign;
}

std::vector<Token> Tokenize(std::string_view s, size_t* pos, Stop stop) {
  std::vector<Token> tokens;
  int depth = 0;
  size_t i = *pos;
  while (i < s.size()) {
    char c = s[i];
    if (IsBlank(c)) {
      ++i;
      continue;
    }
    if (stop == Stop::kArgument && depth == 0 && (c == ',' || c == ')')) break;
    if (stop == Stop::kColon && c == ':') break;
    if (c == '"' || c == '\'') {
      size_t close = s.find(c, i + 1);
      if (close == std::string_view::npos) throw PreprocError{"unterminated string: expected a closing " + std::string(1, c)};
      tokens.push_back({Tok::kString, std::string(s.substr(i + 1, close - i - 1))});
      i = close + 1;
    } else if (c == '-' && !MinusIsSign(tokens)) {
      tokens.push_back({Tok::kOp, "-", Op::kSub});
      ++i;
    } else if (const OpSpelling* o = OperatorAt(s, i)) {
      tokens.push_back({Tok::kOp, o->text, o->op});
      i += std::string_view(o->text).size();
    } else if (c == '=') {
      tokens.push_back({Tok::kAssign, "="});
      ++i;
    } else if (c == '(' || c == ')' || c == ',') {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      tokens.push_back({c == '(' ? Tok::kOpen : c == ')' ? Tok::kClose : Tok::kComma, std::string(1, c)});
      ++i;
    } else if ((c >= '0' && c <= '9') || c == '-') {
      size_t j = i + 1;
      while (j < s.size() && s[j] >= '0' && s[j] <= '9') ++j;
      if (c == '-' && j == i + 1) throw PreprocError{"expected a number after \"-\""};
      tokens.push_back({Tok::kNumber, std::string(s.substr(i, j - i))});
      i = j;
    } else {
      size_t j = i + 1;
      while (j < s.size() && !EndsName(s, j)) ++j;
      tokens.push_back({Tok::kName, std::string(s.substr(i, j - i))});
      i = j;
    }
  }
  *pos = i;
  return tokens;
}

/// Looks like a name PlantUML would read as text: [A-Za-z0-9.$_]+.
bool IsBareWord(std::string_view name) {
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '$' || c == '_';
    if (!ok) return false;
  }
  return !name.empty();
}

int Precedence(Op op) {
  switch (op) {
    case Op::kMul: case Op::kDiv: return 6;
    case Op::kAdd: case Op::kSub: return 5;
    case Op::kLess: case Op::kGreater: case Op::kLessEq: case Op::kGreaterEq: return 4;
    case Op::kEq: case Op::kNotEq: return 3;
    case Op::kAnd: return 2;
    case Op::kOr: return 1;
  }
  return 0;
}

class Parser {
 public:
  Parser(const std::vector<Token>& tokens, ExprHost& host) : tokens_(tokens), host_(host) {}

  Value ParseAll() {
    if (tokens_.empty()) throw PreprocError{"missing expression"};
    Value v = Binary(1);
    if (i_ < tokens_.size()) throw PreprocError{"unexpected \"" + tokens_[i_].text + "\" in expression"};
    return v;
  }

 private:
  const Token* Peek() const { return i_ < tokens_.size() ? &tokens_[i_] : nullptr; }

  void Expect(Tok type, const char* what) {
    if (!Peek() || Peek()->type != type) {
      throw PreprocError{std::string("expected ") + what + (Peek() ? ", got \"" + Peek()->text + "\"" : " at the end")};
    }
    ++i_;
  }

  // Precedence climbing; every operator is left-associative. Both sides are
  // always evaluated (as PlantUML does): a call's side effects happen.
  Value Binary(int min_precedence) {
    Value left = Term();
    while (const Token* t = Peek()) {
      if (t->type != Tok::kOp || Precedence(t->op) < min_precedence) break;
      Op op = t->op;
      ++i_;
      Value right = Binary(Precedence(op) + 1);
      Value result;
      std::string error;
      if (!Apply(op, left, right, &result, &error)) throw PreprocError{error};
      left = std::move(result);
    }
    return left;
  }

  Value Term() {
    if (++depth_ > kMaxExpressionDepth) throw PreprocError{"expression nested too deeply"};
    Value v = TermInner();
    // Two values with no operator between: PlantUML's evaluator keeps the
    // later one (so `0.5`, read as 0 and ".5", is ".5").
    while (StartsTerm(Peek())) v = TermInner();
    --depth_;
    return v;
  }

  static bool StartsTerm(const Token* t) {
    return t && (t->type == Tok::kNumber || t->type == Tok::kString || t->type == Tok::kName || t->type == Tok::kOpen);
  }

  Value TermInner() {
    const Token* t = Peek();
    if (!t) throw PreprocError{"expression ends where a value was expected"};
    ++i_;
    switch (t->type) {
      case Tok::kNumber: return Value::Int(ParseInt(t->text));
      case Tok::kString: return Value::Str(t->text);
      case Tok::kOpen: {
        Value v = Binary(1);
        Expect(Tok::kClose, "\")\"");
        return v;
      }
      case Tok::kName:
        if (Peek() && Peek()->type == Tok::kOpen) return Call(t->text);
        return Name(t->text);
      default: throw PreprocError{"unexpected \"" + t->text + "\" where a value was expected"};
    }
  }

  static int32_t ParseInt(const std::string& digits) {
    // Java's Integer.parseInt: beyond 32 bits is an error, not a wrap.
    errno = 0;
    long long v = std::strtoll(digits.c_str(), nullptr, 10);
    if (v > INT32_MAX || v < INT32_MIN || digits.size() > 12) throw PreprocError{"number out of range: " + digits};
    return static_cast<int32_t>(v);
  }

  Value Name(const std::string& name) {
    if (std::optional<Value> v = host_.LookupVariable(name)) return std::move(*v);
    if (IsBareWord(name)) return Value::Str(name);
    throw PreprocError{"unknown variable or bad syntax: \"" + name + "\""};
  }

  Value Call(const std::string& name) {
    Expect(Tok::kOpen, "\"(\"");
    std::vector<Value> args;
    NamedArgs named;
    if (Peek() && Peek()->type == Tok::kClose) {
      ++i_;
      return host_.CallFunction(name, std::move(args), std::move(named));
    }
    while (true) {
      const Token* t = Peek();
      if (t && t->type == Tok::kName && i_ + 1 < tokens_.size() && tokens_[i_ + 1].type == Tok::kAssign) {
        std::string key = t->text;
        i_ += 2;
        named.emplace_back(std::move(key), Binary(1));
      } else {
        args.push_back(Binary(1));
      }
      if (Peek() && Peek()->type == Tok::kComma) {
        ++i_;
        continue;
      }
      Expect(Tok::kClose, "\",\" or \")\" in the arguments of " + name);
      break;
    }
    return host_.CallFunction(name, std::move(args), std::move(named));
  }

  void Expect(Tok type, const std::string& what) { Expect(type, what.c_str()); }

  const std::vector<Token>& tokens_;
  ExprHost& host_;
  size_t i_ = 0;
  size_t depth_ = 0;
};

Value EvaluateTokens(const std::vector<Token>& tokens, ExprHost& host) { return Parser(tokens, host).ParseAll(); }

}  // namespace

struct Expression::Tokens {
  std::vector<Token> tokens;
};

Expression::Expression(std::string_view text) {
  size_t pos = 0;
  tokens_ = std::make_unique<const Tokens>(Tokens{Tokenize(text, &pos, Stop::kEnd)});
}

Expression::~Expression() = default;

Value Expression::Evaluate(ExprHost& host) const { return EvaluateTokens(tokens_->tokens, host); }

Value Evaluate(std::string_view text, ExprHost& host) { return Expression(text).Evaluate(host); }

Value EvaluateArgument(std::string_view text, size_t* pos, ExprHost& host) {
  std::vector<Token> tokens = Tokenize(text, pos, Stop::kArgument);
  if (*pos >= text.size()) throw PreprocError{"expected \")\" to close the arguments"};
  return EvaluateTokens(tokens, host);
}

Value EvaluateUpToColon(std::string_view text, size_t* pos, ExprHost& host) {
  return EvaluateTokens(Tokenize(text, pos, Stop::kColon), host);
}

}  // namespace dg::grammar::puml::preproc
