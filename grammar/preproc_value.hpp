// Values of PlantUML's preprocessor: 32-bit integers, strings and JSON, with
// PlantUML's conversions (an operation on two integers stays an integer;
// anything else works on the text) and its truth (non-zero, non-empty).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace dg::grammar::puml::preproc {

/// JSON keeps its keys in the order written, as PlantUML prints them.
using Json = nlohmann::ordered_json;

class Value {
 public:
  Value() = default;  // the empty string
  static Value Int(int32_t v);
  static Value Bool(bool b) { return Int(b ? 1 : 0); }
  static Value Str(std::string s);
  static Value FromJson(Json json);

  bool is_int() const { return kind_ == Kind::kInt; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_json() const { return kind_ == Kind::kJson; }
  int32_t int_value() const { return int_; }
  /// Only for is_json().
  const Json& json() const { return *json_; }

  /// As PlantUML prints it: a JSON string without quotes, other JSON compact.
  std::string ToString() const;
  /// ToString() without copying a string value; other kinds are formatted
  /// into *scratch (expressions compare and join strings all the time).
  std::string_view Text(std::string* scratch) const;
  bool Truthy() const;
  /// Integers and strings as JSON scalars, JSON as itself.
  Json ToJson() const;

 private:
  enum class Kind : uint8_t { kString, kInt, kJson };
  Kind kind_ = Kind::kString;
  int32_t int_ = 0;
  std::string str_;
  std::shared_ptr<const Json> json_;
};

/// Binary operators of preprocessor expressions.
enum class Op { kMul, kDiv, kAdd, kSub, kLess, kGreater, kLessEq, kGreaterEq, kEq, kNotEq, kAnd, kOr };

/// Applies `op` as PlantUML does; false (and *error) on division by zero.
bool Apply(Op op, const Value& a, const Value& b, Value* result, std::string* error);

/// Strict JSON (comments allowed), or nullopt.
std::optional<Json> ParseJson(std::string_view text);
/// Compact JSON text, keys in insertion order.
std::string DumpJson(const Json& json);

}  // namespace dg::grammar::puml::preproc
