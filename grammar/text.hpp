// Small text helpers shared by every stage.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace dg {

/// ASCII lower case: keywords are ASCII, other bytes (UTF-8) pass unchanged.
inline std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// `s` without leading and trailing white space (isspace: blanks, tabs, CR …).
inline std::string_view TrimSpace(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

}  // namespace dg
