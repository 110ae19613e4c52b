// The builtin functions of PlantUML's preprocessor (%strlen, %substr, …), as
// PlantUML's documentation lists them, with PlantUML's results. Anything
// that would read the machine (%getenv, files) obeys the include policy, and
// %date, %now and %random are repeatable (SOURCE_DATE_EPOCH, a fixed seed).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <regex>

#include <nlohmann/json.hpp>

#include "grammar/preproc_engine.hpp"
#include "grammar/stdlib.hpp"

namespace dg::grammar::puml::preproc {
namespace {

constexpr size_t kMany = 1000;
constexpr char kPlantUmlVersion[] = "1.2026.8";  // the preprocessor diagc follows (C4 reads it)

// ------------------------------------------------------------ UTF-8 text

std::vector<char32_t> Decode(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    char32_t cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string Encode(char32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x110000) {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

std::string Encode(const std::vector<char32_t>& cps, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < cps.size(); ++i) out += Encode(cps[i]);
  return out;
}

/// Case mapping for ASCII, Latin-1, Greek and Cyrillic (what labels use).
char32_t ToLower(char32_t c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x391 && c <= 0x3A9) ||
      (c >= 0x410 && c <= 0x42F)) {
    return c + 32;
  }
  if (c >= 0x400 && c <= 0x40F) return c + 80;
  return c;
}

char32_t ToUpper(char32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 0xE0 && c <= 0xFE && c != 0xF7) || (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) ||
      (c >= 0x430 && c <= 0x44F)) {
    return c - 32;
  }
  if (c >= 0x450 && c <= 0x45F) return c - 80;
  return c;
}

std::string MapCase(std::string_view s, char32_t (*map)(char32_t)) {
  std::string out;
  for (char32_t c : Decode(s)) out += Encode(map(c));
  return out;
}

int32_t ToInt(const Value& v, const char* fn) {
  if (v.is_int()) return v.int_value();
  std::string s = v.ToString();
  char* end = nullptr;
  errno = 0;
  long long n = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != 0 || errno || n > INT32_MAX || n < INT32_MIN) {
    throw PreprocError{std::string(fn) + ": \"" + s + "\" is not an integer"};
  }
  return static_cast<int32_t>(n);
}

Json AsJson(const Value& v) {
  if (v.is_json()) return v.json();
  if (std::optional<Json> parsed = ParseJson(v.ToString()); parsed && (parsed->is_object() || parsed->is_array())) {
    return *parsed;
  }
  return v.ToJson();
}

// ------------------------------------------------------------ colours

struct Rgb {
  int r = 0, g = 0, b = 0;
};

bool ParseColor(std::string s, Rgb* out) {
  static const std::pair<const char*, uint32_t> kNamed[] = {
      {"black", 0x000000}, {"white", 0xFFFFFF}, {"red", 0xFF0000},     {"green", 0x008000},  {"blue", 0x0000FF},
      {"yellow", 0xFFFF00}, {"gray", 0x808080}, {"grey", 0x808080},    {"orange", 0xFFA500}, {"purple", 0x800080},
      {"pink", 0xFFC0CB},  {"brown", 0xA52A2A}, {"cyan", 0x00FFFF},    {"magenta", 0xFF00FF}, {"navy", 0x000080},
      {"lime", 0x00FF00},  {"silver", 0xC0C0C0}, {"lightgray", 0xD3D3D3}, {"lightgrey", 0xD3D3D3},
      {"darkgray", 0xA9A9A9}, {"darkgrey", 0xA9A9A9}, {"teal", 0x008080}, {"olive", 0x808000}, {"maroon", 0x800000},
      {"gold", 0xFFD700},  {"transparent", 0xFFFFFF}};
  if (!s.empty() && s[0] == '#') s.erase(0, 1);
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& [name, rgb] : kNamed) {
    if (s == name) {
      *out = {int(rgb >> 16), int((rgb >> 8) & 0xFF), int(rgb & 0xFF)};
      return true;
    }
  }
  if (s.size() == 3) s = {s[0], s[0], s[1], s[1], s[2], s[2]};
  if (s.size() != 6 || s.find_first_not_of("0123456789abcdef") != std::string::npos) return false;
  uint32_t v = static_cast<uint32_t>(std::strtoul(s.c_str(), nullptr, 16));
  *out = {int(v >> 16), int((v >> 8) & 0xFF), int(v & 0xFF)};
  return true;
}

Rgb Color(const Value& v, const char* fn) {
  Rgb c;
  if (!ParseColor(v.ToString(), &c)) throw PreprocError{std::string(fn) + ": \"" + v.ToString() + "\" is not a colour"};
  return c;
}

std::string Hex(Rgb c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02X%02X%02X", c.r, c.g, c.b);
  return buf;
}

/// HSL with hue in degrees and saturation and lightness in percent, as PlantUML's HSLColor.
void ToHsl(Rgb c, double* h, double* s, double* l) {
  double r = c.r / 255.0, g = c.g / 255.0, b = c.b / 255.0;
  double mx = std::max({r, g, b}), mn = std::min({r, g, b});
  *l = (mx + mn) / 2;
  if (mx == mn) {
    *h = *s = 0;
  } else {
    double d = mx - mn;
    *s = *l > 0.5 ? d / (2 - mx - mn) : d / (mx + mn);
    *h = mx == r ? (g - b) / d + (g < b ? 6 : 0) : mx == g ? (b - r) / d + 2 : (r - g) / d + 4;
    *h *= 60;
  }
  *s *= 100;
  *l *= 100;
}

Rgb FromHsl(double h, double s, double l) {
  s = std::clamp(s, 0.0, 100.0) / 100;
  l = std::clamp(l, 0.0, 100.0) / 100;
  h = std::fmod(std::fmod(h, 360) + 360, 360) / 360;
  double q = l < 0.5 ? l * (1 + s) : l + s - s * l;
  double p = 2 * l - q;
  auto channel = [&](double t) {
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    double v = t < 1.0 / 6 ? p + (q - p) * 6 * t : t < 0.5 ? q : t < 2.0 / 3 ? p + (q - p) * (2.0 / 3 - t) * 6 : p;
    return static_cast<int>(std::lround(std::clamp(v, 0.0, 1.0) * 255));
  };
  return {channel(h + 1.0 / 3), channel(h), channel(h - 1.0 / 3)};
}

Value Lightness(const Value& color, const Value& percent, int sign, const char* fn) {
  double h, s, l;
  ToHsl(Color(color, fn), &h, &s, &l);
  l += sign * l * ToInt(percent, fn) / 100.0;
  return Value::Str(Hex(FromHsl(h, s, l)));
}

// ------------------------------------------------------------ dates

/// The time %date and %now read: SOURCE_DATE_EPOCH when set (reproducible
/// builds), else now.
std::time_t Now() {
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) return static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
  return std::time(nullptr);
}

/// Java's SimpleDateFormat letters that diagrams use, in UTC.
std::string FormatDate(std::string_view pattern, std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  static const char* kDays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  static const char* kMonths[] = {"January", "February", "March", "April", "May", "June", "July",
                                  "August", "September", "October", "November", "December"};
  std::string out;
  for (size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    size_t n = 1;
    while (i + n < pattern.size() && pattern[i + n] == c) ++n;
    auto num = [&](int v) {
      std::string s = std::to_string(v);
      while (s.size() < n) s = "0" + s;
      return s;
    };
    switch (c) {
      case 'y': out += n == 2 ? num((tm.tm_year + 1900) % 100) : num(tm.tm_year + 1900); break;
      case 'M': out += n >= 4 ? kMonths[tm.tm_mon] : n == 3 ? std::string(kMonths[tm.tm_mon], 3) : num(tm.tm_mon + 1); break;
      case 'd': out += num(tm.tm_mday); break;
      case 'H': out += num(tm.tm_hour); break;
      case 'h': out += num(tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12); break;
      case 'm': out += num(tm.tm_min); break;
      case 's': out += num(tm.tm_sec); break;
      case 'E': out += n >= 4 ? kDays[tm.tm_wday] : std::string(kDays[tm.tm_wday], 3); break;
      case 'a': out += tm.tm_hour < 12 ? "AM" : "PM"; break;
      case 'z': out += "UTC"; break;
      case '\'': {
        size_t close = pattern.find('\'', i + 1);
        out += pattern.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1);
        n = close == std::string_view::npos ? pattern.size() - i : close - i + 1;
        break;
      }
      default: out.append(n, c);
    }
    i += n;
  }
  return out;
}

// ------------------------------------------------------------ the table

using Args = std::vector<Value>;

Value StrLen(Engine&, Args& a) { return Value::Int(static_cast<int32_t>(Decode(a[0].ToString()).size())); }

Value SubStr(Engine&, Args& a) {
  std::vector<char32_t> cps = Decode(a[0].ToString());
  int32_t start = ToInt(a[1], "%substr");
  if (start < 0) throw PreprocError{"%substr: negative start " + std::to_string(start)};
  size_t begin = std::min<size_t>(static_cast<size_t>(start), cps.size());
  size_t end = cps.size();
  if (a.size() > 2) {
    int32_t length = ToInt(a[2], "%substr");
    if (length < 0) throw PreprocError{"%substr: negative length " + std::to_string(length)};
    end = std::min(cps.size(), begin + static_cast<size_t>(length));
  }
  return Value::Str(Encode(cps, begin, end));
}

Value StrPos(Engine&, Args& a) {
  std::string s = a[0].ToString(), sub = a[1].ToString();
  size_t at = s.find(sub);
  if (at == std::string::npos) return Value::Int(-1);
  return Value::Int(static_cast<int32_t>(Decode(std::string_view(s).substr(0, at)).size()));
}

Value IntVal(Engine&, Args& a) { return Value::Int(ToInt(a[0], "%intval")); }
Value String(Engine&, Args& a) { return Value::Str(a[0].ToString()); }
Value Upper(Engine&, Args& a) { return Value::Str(MapCase(a[0].ToString(), ToUpper)); }
Value LowerFn(Engine&, Args& a) { return Value::Str(MapCase(a[0].ToString(), ToLower)); }

Value Chr(Engine&, Args& a) {
  int32_t cp = ToInt(a[0], "%chr");
  if (cp < 0 || cp > 0x10FFFF) throw PreprocError{"%chr: " + std::to_string(cp) + " is not a character"};
  return Value::Str(Encode(static_cast<char32_t>(cp)));
}

Value Ord(Engine&, Args& a) {
  std::vector<char32_t> cps = Decode(a[0].ToString());
  return Value::Int(cps.empty() ? 0 : static_cast<int32_t>(cps[0]));
}

Value Dec2Hex(Engine&, Args& a) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%x", static_cast<uint32_t>(ToInt(a[0], "%dec2hex")));
  return Value::Str(buf);
}

Value Hex2Dec(Engine&, Args& a) {
  std::string s = a[0].ToString();
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 16);
  if (s.empty() || *end != 0 || v > INT32_MAX || v < INT32_MIN) throw PreprocError{"%hex2dec: \"" + s + "\" is not hexadecimal"};
  return Value::Int(static_cast<int32_t>(v));
}

Value Date(Engine&, Args& a) {
  std::time_t t = a.size() > 1 ? static_cast<std::time_t>(ToInt(a[1], "%date")) : Now();
  return Value::Str(FormatDate(a.empty() ? "EEE MMM dd HH:mm:ss zzz yyyy" : a[0].ToString(), t));
}

Value NowFn(Engine&, Args&) { return Value::Int(static_cast<int32_t>(Now())); }

Value Getenv(Engine& e, Args& a) {
  // A diagram sent to `diagc serve` must not read the server's environment.
  if (!e.options().allow_local_includes) return Value::Str("");
  const char* v = std::getenv(a[0].ToString().c_str());
  return Value::Str(v ? v : "");
}

Value VariableExists(Engine& e, Args& a) { return Value::Bool(e.GetVariable(a[0].ToString()).has_value()); }
Value FunctionExists(Engine& e, Args& a) { return Value::Bool(e.FunctionExists(a[0].ToString())); }
Value GetVariableValue(Engine& e, Args& a) { return e.GetVariable(a[0].ToString()).value_or(Value()); }

Value SetVariableValue(Engine& e, Args& a) {
  e.SetGlobal(a[0].ToString(), a[1]);
  return Value();
}

Value InvokeProcedure(Engine& e, Args& a) {
  std::string name = a[0].ToString();
  e.InvokeProcedure(name, Args(a.begin() + 1, a.end()));
  return Value();
}

Value CallUserFunc(Engine& e, Args& a) {
  std::string name = a[0].ToString();
  return e.CallFunction(name, Args(a.begin() + 1, a.end()), {});
}

Value Newline(Engine&, Args&) { return Value::Str("\xEE\x84\x80"); }
Value Breakline(Engine&, Args&) { return Value::Str("\xEE\x84\x83"); }
Value LeftAlign(Engine&, Args&) { return Value::Str("\xEE\x84\x81"); }
Value RightAlign(Engine&, Args&) { return Value::Str("\xEE\x84\x82"); }
Value Backslash(Engine&, Args&) { return Value::Str("\\"); }
Value Tab(Engine&, Args&) { return Value::Str("\t"); }
Value Percent(Engine&, Args&) { return Value::Str("%"); }
Value Dollar(Engine&, Args&) { return Value::Str("$"); }
Value True(Engine&, Args&) { return Value::Int(1); }
Value False(Engine&, Args&) { return Value::Int(0); }
Value Not(Engine&, Args& a) { return Value::Bool(!a[0].Truthy()); }

Value BoolVal(Engine&, Args& a) {
  if (a[0].is_int()) return Value::Bool(a[0].int_value() != 0);
  std::string s = a[0].ToString();
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (s == "true") return Value::Int(1);
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  return Value::Bool(!s.empty() && *end == 0 && v != 0);
}

template <bool (*Combine)(size_t trues, size_t count)>
Value Logical(Engine&, Args& a) {
  size_t trues = std::count_if(a.begin(), a.end(), [](const Value& v) { return v.Truthy(); });
  return Value::Bool(Combine(trues, a.size()));
}
bool All(size_t t, size_t n) { return t == n; }
bool Any(size_t t, size_t) { return t > 0; }
bool Odd(size_t t, size_t) { return t % 2 == 1; }
bool NotAll(size_t t, size_t n) { return t != n; }
bool None(size_t t, size_t) { return t == 0; }
bool Even(size_t t, size_t) { return t % 2 == 0; }

Value SplitStr(Engine&, Args& a) {
  std::string s = a[0].ToString(), sep = a[1].ToString();
  Json out = Json::array();
  if (sep.empty()) {
    for (char32_t c : Decode(s)) out.push_back(Encode(c));
    return Value::FromJson(std::move(out));
  }
  // Empty pieces are dropped, as PlantUML's tokenizer does ("a,,b" is a, b).
  size_t start = 0;
  for (size_t at = s.find(sep);; at = s.find(sep, start)) {
    std::string piece = s.substr(start, at == std::string::npos ? std::string::npos : at - start);
    if (!piece.empty()) out.push_back(std::move(piece));
    if (at == std::string::npos) break;
    start = at + sep.size();
  }
  return Value::FromJson(std::move(out));
}

Value SplitStrRegex(Engine&, Args& a) {
  std::string s = a[0].ToString();
  Json out = Json::array();
  try {
    std::regex re(a[1].ToString());
    std::sregex_token_iterator it(s.begin(), s.end(), re, -1), end;
    for (; it != end; ++it) out.push_back(it->str());
  } catch (const std::regex_error&) {
    throw PreprocError{"%splitstr_regex: \"" + a[1].ToString() + "\" is not a regular expression"};
  }
  while (!out.empty() && out.back().get<std::string>().empty()) out.erase(out.size() - 1);
  return Value::FromJson(std::move(out));
}

Value Size(Engine&, Args& a) {
  if (a[0].is_json() && (a[0].json().is_array() || a[0].json().is_object())) {
    return Value::Int(static_cast<int32_t>(a[0].json().size()));
  }
  if (a[0].is_int()) return Value::Int(0);
  return Value::Int(static_cast<int32_t>(Decode(a[0].ToString()).size()));
}

Value Mod(Engine&, Args& a) {
  int32_t x = ToInt(a[0], "%mod"), y = ToInt(a[1], "%mod");
  if (y == 0) throw PreprocError{"%mod: division by zero"};
  return Value::Int(y == -1 ? 0 : x % y);
}

Value GetJsonKeys(Engine&, Args& a) {
  Json json = AsJson(a[0]), out = Json::array();
  if (json.is_object()) {
    for (auto it = json.begin(); it != json.end(); ++it) out.push_back(it.key());
  }
  return Value::FromJson(std::move(out));
}

Value GetJsonType(Engine&, Args& a) {
  if (a[0].is_int()) return Value::Str("number");
  if (!a[0].is_json()) return Value::Str("string");
  const Json& j = a[0].json();
  return Value::Str(j.is_object() ? "object" : j.is_array() ? "array" : j.is_string() ? "string"
                    : j.is_boolean() ? "boolean" : j.is_null() ? "null" : "number");
}

Value JsonKeyExists(Engine&, Args& a) {
  Json json = AsJson(a[0]);
  return Value::Bool(json.is_object() && json.contains(a[1].ToString()));
}

Value JsonAdd(Engine&, Args& a) {
  Json json = AsJson(a[0]);
  if (json.is_array()) {
    json.push_back(a[1].ToJson());
  } else if (json.is_object() && a.size() == 3) {
    json[a[1].ToString()] = a[2].ToJson();
  } else {
    throw PreprocError{"%json_add: expected an array and a value, or an object, a key and a value"};
  }
  return Value::FromJson(std::move(json));
}

Value JsonSet(Engine&, Args& a) {
  Json json = AsJson(a[0]);
  if (a.size() == 2) return Value::FromJson(a[1].ToJson());
  if (json.is_array()) {
    int32_t i = ToInt(a[1], "%json_set");
    if (i >= 0 && static_cast<size_t>(i) < json.size()) json[static_cast<size_t>(i)] = a[2].ToJson();
  } else if (json.is_object()) {
    json[a[1].ToString()] = a[2].ToJson();
  }
  return Value::FromJson(std::move(json));
}

Value JsonRemove(Engine&, Args& a) {
  Json json = AsJson(a[0]);
  if (json.is_array()) {
    int32_t i = ToInt(a[1], "%json_remove");
    if (i >= 0 && static_cast<size_t>(i) < json.size()) json.erase(static_cast<size_t>(i));
  } else if (json.is_object()) {
    json.erase(a[1].ToString());
  }
  return Value::FromJson(std::move(json));
}

Value JsonMerge(Engine&, Args& a) {
  Json x = AsJson(a[0]), y = AsJson(a[1]);
  if (x.is_array() && y.is_array()) {
    for (const Json& item : y) x.push_back(item);
  } else if (x.is_object() && y.is_object()) {
    for (auto it = y.begin(); it != y.end(); ++it) x[it.key()] = it.value();
  } else {
    throw PreprocError{"%json_merge: expected two arrays or two objects"};
  }
  return Value::FromJson(std::move(x));
}

Value Str2Json(Engine&, Args& a) {
  std::optional<Json> json = ParseJson(a[0].ToString());
  if (!json) throw PreprocError{"%str2json: not JSON: " + a[0].ToString()};
  return Value::FromJson(std::move(*json));
}

Value LoadJson(Engine& e, Args& a) {
  std::string fallback = a.size() > 1 ? a[1].ToString() : "{}";
  std::string text;
  if (e.ReadFileForBuiltin(a[0].ToString(), &text)) {
    if (std::optional<Json> json = ParseJson(text)) return Value::FromJson(std::move(*json));
  }
  if (std::optional<Json> json = ParseJson(fallback)) return Value::FromJson(std::move(*json));
  return Value::Str(fallback);
}

Value FileExists(Engine& e, Args& a) {
  std::string text;
  return Value::Bool(e.ReadFileForBuiltin(a[0].ToString(), &text));
}

Value Filename(Engine& e, Args&) {
  return Value::Str(std::filesystem::path(e.input_name()).filename().string());
}

Value FilenameNoExtension(Engine& e, Args&) {
  return Value::Str(std::filesystem::path(e.input_name()).stem().string());
}

Value Dirpath(Engine& e, Args&) {
  if (!e.options().allow_local_includes) return Value::Str("");
  return Value::Str(std::filesystem::path(e.input_name()).parent_path().string());
}

Value Feature(Engine&, Args& a) {
  std::string f = a[0].ToString();
  return Value::Bool(f == "style" || f == "theme");
}

Value Version(Engine&, Args&) { return Value::Str(kPlantUmlVersion); }
Value EmptyString(Engine&, Args&) { return Value(); }
Value EmptyObject(Engine&, Args&) { return Value::FromJson(Json::object()); }

Value AllThemes(Engine&, Args&) {
  Json out = Json::array();
  for (std::string_view path : stdlib::Paths()) {
    size_t at = path.find("/puml-theme-");
    if (at != std::string_view::npos) out.push_back(std::string(path.substr(at + 12, path.size() - at - 17)));
  }
  return Value::FromJson(std::move(out));
}

Value AllStdlib(Engine&, Args&) {
  Json out = Json::array();
  for (std::string_view path : stdlib::Paths()) {
    std::string lib(path.substr(0, path.find('/')));
    if (lib != path && (out.empty() || out.back() != lib)) out.push_back(lib);
  }
  return Value::FromJson(std::move(out));
}

Value IsDark(Engine&, Args& a) {
  Rgb c = Color(a[0], "%is_dark");
  return Value::Bool((c.r * 299 + c.g * 587 + c.b * 114) / 1000 < 128);
}

Value IsLight(Engine& e, Args& a) { return Value::Bool(!IsDark(e, a).Truthy()); }
Value Lighten(Engine&, Args& a) { return Lightness(a[0], a[1], 1, "%lighten"); }
Value Darken(Engine&, Args& a) { return Lightness(a[0], a[1], -1, "%darken"); }

Value ReverseColor(Engine&, Args& a) {
  Rgb c = Color(a[0], "%reverse_color");
  return Value::Str(Hex({255 - c.r, 255 - c.g, 255 - c.b}));
}

Value ReverseHsluvColor(Engine&, Args& a) {
  // Lightness reversed in HSL (HSLuv's perceptual variant differs slightly).
  double h, s, l;
  ToHsl(Color(a[0], "%reverse_hsluv_color"), &h, &s, &l);
  return Value::Str(Hex(FromHsl(h, s, 100 - l)));
}

Value HslColor(Engine&, Args& a) {
  Rgb c = FromHsl(ToInt(a[0], "%hsl_color"), ToInt(a[1], "%hsl_color"), ToInt(a[2], "%hsl_color"));
  std::string hex = Hex(c);
  if (a.size() > 3) {
    char alpha[4];
    std::snprintf(alpha, sizeof alpha, "%02X", std::clamp(ToInt(a[3], "%hsl_color"), 0, 100) * 255 / 100);
    hex += alpha;
  }
  return Value::Str(hex);
}

Value Random(Engine& e, Args& a) {
  int32_t lo = 0, hi = 2;  // %random() is 0 or 1
  if (a.size() == 1) hi = ToInt(a[0], "%random");
  if (a.size() == 2) lo = ToInt(a[0], "%random"), hi = ToInt(a[1], "%random");
  if (hi <= lo) return Value::Int(lo);
  return Value::Int(lo + static_cast<int32_t>(e.NextRandom() % static_cast<uint64_t>(int64_t(hi) - lo)));
}

Value Eval(Engine& e, Args& a) { return Evaluate(a[0].ToString(), e); }

Function Builtin(const char* name, BuiltinFn fn, size_t min_args, size_t max_args) {
  Function f;
  f.name = name;
  f.kind = FunctionKind::kBuiltin;
  f.builtin = fn;
  f.min_args = min_args;
  f.max_args = max_args;
  return f;
}

}  // namespace

std::vector<Function> Builtins() {
  return {
      Builtin("%strlen", StrLen, 1, 1),         Builtin("%substr", SubStr, 2, 3),
      Builtin("%strpos", StrPos, 2, 2),         Builtin("%intval", IntVal, 1, 1),
      Builtin("%string", String, 1, 1),         Builtin("%upper", Upper, 1, 1),
      Builtin("%lower", LowerFn, 1, 1),         Builtin("%chr", Chr, 1, 1),
      Builtin("%ord", Ord, 1, 1),               Builtin("%dec2hex", Dec2Hex, 1, 1),
      Builtin("%hex2dec", Hex2Dec, 1, 1),       Builtin("%date", Date, 0, 2),
      Builtin("%now", NowFn, 0, 0),             Builtin("%getenv", Getenv, 1, 1),
      Builtin("%variable_exists", VariableExists, 1, 1),
      Builtin("%function_exists", FunctionExists, 1, 1),
      Builtin("%get_variable_value", GetVariableValue, 1, 1),
      Builtin("%set_variable_value", SetVariableValue, 2, 2),
      Builtin("%invoke_procedure", InvokeProcedure, 1, kMany),
      Builtin("%call_user_func", CallUserFunc, 1, kMany),
      Builtin("%newline", Newline, 0, 0),       Builtin("%n", Newline, 0, 0),
      Builtin("%breakline", Breakline, 0, 0),   Builtin("%left_align", LeftAlign, 0, 0),
      Builtin("%right_align", RightAlign, 0, 0), Builtin("%backslash", Backslash, 0, 0),
      Builtin("%tab", Tab, 0, 0),               Builtin("%percent", Percent, 0, 0),
      Builtin("%dollar", Dollar, 0, 0),         Builtin("%true", True, 0, 0),
      Builtin("%false", False, 0, 0),           Builtin("%not", Not, 1, 1),
      Builtin("%boolval", BoolVal, 1, 1),       Builtin("%and", Logical<All>, 2, kMany),
      Builtin("%or", Logical<Any>, 2, kMany),   Builtin("%xor", Logical<Odd>, 2, kMany),
      Builtin("%nand", Logical<NotAll>, 2, kMany), Builtin("%nor", Logical<None>, 2, kMany),
      Builtin("%nxor", Logical<Even>, 2, kMany), Builtin("%splitstr", SplitStr, 2, 2),
      Builtin("%splitstr_regex", SplitStrRegex, 2, 2), Builtin("%size", Size, 1, 1),
      Builtin("%mod", Mod, 2, 2),               Builtin("%get_json_keys", GetJsonKeys, 1, 1),
      Builtin("%get_json_type", GetJsonType, 1, 1), Builtin("%json_key_exists", JsonKeyExists, 2, 2),
      Builtin("%json_add", JsonAdd, 2, 3),      Builtin("%json_set", JsonSet, 2, 3),
      Builtin("%json_remove", JsonRemove, 2, 2), Builtin("%json_merge", JsonMerge, 2, 2),
      Builtin("%str2json", Str2Json, 1, 1),     Builtin("%load_json", LoadJson, 1, 3),
      Builtin("%file_exists", FileExists, 1, 1), Builtin("%filename", Filename, 0, 0),
      Builtin("%filename_no_extension", FilenameNoExtension, 0, 0), Builtin("%dirpath", Dirpath, 0, 0),
      Builtin("%filedate", EmptyString, 0, 1),  Builtin("%feature", Feature, 1, 1),
      Builtin("%version", Version, 0, 0),       Builtin("%get_current_theme", EmptyObject, 0, 0),
      Builtin("%get_all_theme", AllThemes, 0, 0), Builtin("%get_all_stdlib", AllStdlib, 0, 1),
      Builtin("%get_stdlib", AllStdlib, 0, 1),  Builtin("%xargs", EmptyString, 0, 0),
      Builtin("%is_dark", IsDark, 1, 1),        Builtin("%is_light", IsLight, 1, 1),
      Builtin("%lighten", Lighten, 2, 2),       Builtin("%darken", Darken, 2, 2),
      Builtin("%reverse_color", ReverseColor, 1, 1), Builtin("%reverse_hsluv_color", ReverseHsluvColor, 1, 1),
      Builtin("%hsl_color", HslColor, 3, 4),    Builtin("%random", Random, 0, 2),
      Builtin("%eval", Eval, 1, 1),             Builtin("%retrieve_procedure", EmptyString, 1, kMany),
  };
}

}  // namespace dg::grammar::puml::preproc
