#include "render/markup.hpp"

#include <doctest/doctest.h>

#include <clocale>
#include <limits>

namespace dg::render {
namespace {

TEST_CASE("markup: numbers have at most two decimals, no trailing zeros") {
  CHECK(FormatNumber(0) == "0");
  CHECK(FormatNumber(12) == "12");
  CHECK(FormatNumber(12.5) == "12.5");
  CHECK(FormatNumber(12.50001) == "12.5");
  CHECK(FormatNumber(3.14159) == "3.14");
  CHECK(FormatNumber(2.999) == "3");
  CHECK(FormatNumber(100.699) == "100.7");
  CHECK(FormatNumber(-0.25) == "-0.25");
  CHECK(FormatNumber(-0.001) == "0");
  CHECK(FormatNumber(1e300) == "1000000000");
  CHECK(FormatNumber(std::numeric_limits<double>::quiet_NaN()) == "0");
  CHECK(FormatNumber(-std::numeric_limits<double>::infinity()) == "0");
}

TEST_CASE("markup: numbers ignore the C locale's decimal comma") {
  const char* previous = std::setlocale(LC_NUMERIC, nullptr);
  std::string saved = previous ? previous : "C";
  if (std::setlocale(LC_NUMERIC, "de_DE.UTF-8")) CHECK(FormatNumber(1.5) == "1.5");
  std::setlocale(LC_NUMERIC, saved.c_str());
}

TEST_CASE("markup: the five XML specials are escaped") {
  CHECK(XmlEscape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
  CHECK(XmlEscape("&amp;") == "&amp;amp;");
  CHECK(XmlEscape("plain é ✓ 日本") == "plain é ✓ 日本");
}

TEST_CASE("markup: characters XML 1.0 forbids are dropped, bad UTF-8 replaced") {
  CHECK(XmlEscape(std::string("a\0b", 3)) == "ab");
  CHECK(XmlEscape("a\x01\x08\x0b\x0c\x1f\x7f" "b") == "ab");
  CHECK(XmlEscape("tab\tnl\ncr\r") == "tab\tnl\ncr\r");
  CHECK(XmlEscape("\xff") == "\xEF\xBF\xBD");
  CHECK(XmlEscape("a\xC3") == "a\xEF\xBF\xBD");                       // truncated
  CHECK(XmlEscape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");        // overlong '/'
  CHECK(XmlEscape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(XmlEscape("\xEF\xBF\xBE") == "");                              // U+FFFE
  CHECK(XmlEscape("\xF4\x90\x80\x80").find("\xF4") == std::string::npos);  // > U+10FFFF
  CHECK(XmlEscape("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80");          // emoji kept
}

TEST_CASE("markup: links keep only http, https, mailto and relative URLs") {
  struct Case {
    const char* link;
    const char* expected;
  };
  const Case cases[] = {
      {"https://example.com/a?b=1&c=2", "https://example.com/a?b=1&c=2"},
      {"http://example.com", "http://example.com"},
      {"HTTPS://EXAMPLE.COM", "HTTPS://EXAMPLE.COM"},
      {"mailto:ops@example.com", "mailto:ops@example.com"},
      {"docs/page.html#part", "docs/page.html#part"},
      {"/abs/path", "/abs/path"},
      {"#anchor", "#anchor"},
      {"//cdn.example.com/x", "//cdn.example.com/x"},
      {"page.html?q=a:b", "page.html?q=a:b"},
      {"  https://example.com  ", "https://example.com"},
      {"javascript:alert(1)", ""},
      {"JaVaScRiPt:alert(1)", ""},
      {" javascript:alert(1)", ""},
      {"\tjavascript:alert(1)", ""},
      {"java\nscript:alert(1)", ""},
      {"java\tscript:alert(1)", ""},
      {"java\x01script:alert(1)", ""},
      {"&#106;avascript:alert(1)", ""},
      {"&#x6A;avascript:alert(1)", ""},
      {"&#X6a&#x61;vascript:alert(1)", ""},
      {"javascript&colon;alert(1)", ""},
      {"data:text/html;base64,PHNjcmlwdD4=", ""},
      {"DATA:text/html,x", ""},
      {"vbscript:msgbox(1)", ""},
      {"file:///etc/passwd", ""},
      {"", ""},
      {"   ", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.link);
    CHECK(SanitizeLink(c.link) == c.expected);
  }
  CHECK(SanitizeLink(std::string(10000, 'a')) == "");
}

}  // namespace
}  // namespace dg::render
