#include "grammar/preproc_value.hpp"

#include <nlohmann/json.hpp>

namespace dg::grammar::puml::preproc {
namespace {

// Java's int arithmetic wraps; doing it in uint32_t keeps that without UB.
int32_t Wrap(uint32_t v) { return static_cast<int32_t>(v); }

}  // namespace

Value Value::Int(int32_t v) {
  Value out;
  out.kind_ = Kind::kInt;
  out.int_ = v;
  return out;
}

Value Value::Str(std::string s) {
  Value out;
  out.str_ = std::move(s);
  return out;
}

Value Value::FromJson(Json json) {
  Value out;
  out.kind_ = Kind::kJson;
  out.json_ = std::make_shared<const Json>(std::move(json));
  return out;
}

std::string Value::ToString() const {
  switch (kind_) {
    case Kind::kInt: return std::to_string(int_);
    case Kind::kString: return str_;
    case Kind::kJson: return json_->is_string() ? json_->get<std::string>() : DumpJson(*json_);
  }
  return str_;
}

std::string_view Value::Text(std::string* scratch) const {
  if (kind_ == Kind::kString) return str_;
  *scratch = ToString();
  return *scratch;
}

bool Value::Truthy() const {
  std::string scratch;
  return is_int() ? int_ != 0 : !Text(&scratch).empty();
}

Json Value::ToJson() const {
  switch (kind_) {
    case Kind::kInt: return Json(int_);
    case Kind::kString: return Json(str_);
    case Kind::kJson: return *json_;
  }
  return Json();
}

bool Apply(Op op, const Value& a, const Value& b, Value* result, std::string* error) {
  bool ints = a.is_int() && b.is_int();
  uint32_t x = static_cast<uint32_t>(a.int_value()), y = static_cast<uint32_t>(b.int_value());
  std::string scratch_a, scratch_b;
  std::string_view text_a = ints ? "" : a.Text(&scratch_a), text_b = ints ? "" : b.Text(&scratch_b);
  auto compare = [&] { return ints ? (a.int_value() < b.int_value() ? -1 : a.int_value() > b.int_value())
                                   : text_a.compare(text_b); };
  auto join = [&] {
    std::string joined;
    joined.reserve(text_a.size() + text_b.size());
    return Value::Str(joined.append(text_a).append(text_b));
  };
  switch (op) {
    case Op::kAdd: *result = ints ? Value::Int(Wrap(x + y)) : join(); break;
    // PlantUML joins strings for "-" too (no separator), and keeps the sign for * and /.
    case Op::kSub: *result = ints ? Value::Int(Wrap(x - y)) : join(); break;
    case Op::kMul: *result = ints ? Value::Int(Wrap(x * y)) : Value::Str(a.ToString() + "*" + b.ToString()); break;
    case Op::kDiv:
      if (!ints) {
        *result = Value::Str(a.ToString() + "/" + b.ToString());
        break;
      }
      if (b.int_value() == 0) {
        *error = "division by zero";
        return false;
      }
      // INT_MIN / -1 overflows in C++; Java gives INT_MIN.
      *result = Value::Int(b.int_value() == -1 ? Wrap(0u - x) : a.int_value() / b.int_value());
      break;
    case Op::kLess: *result = Value::Bool(compare() < 0); break;
    case Op::kGreater: *result = Value::Bool(compare() > 0); break;
    case Op::kLessEq: *result = Value::Bool(compare() <= 0); break;
    case Op::kGreaterEq: *result = Value::Bool(compare() >= 0); break;
    case Op::kEq: *result = Value::Bool(compare() == 0); break;
    case Op::kNotEq: *result = Value::Bool(compare() != 0); break;
    case Op::kAnd: *result = Value::Bool(a.Truthy() && b.Truthy()); break;
    case Op::kOr: *result = Value::Bool(a.Truthy() || b.Truthy()); break;
  }
  return true;
}

std::optional<Json> ParseJson(std::string_view text) {
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (json.is_discarded()) return std::nullopt;
  return json;
}

std::string DumpJson(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace dg::grammar::puml::preproc
