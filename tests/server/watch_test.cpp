#include <doctest/doctest.h>

#include "cli/driver.hpp"
#include "server/watch.hpp"

using namespace dg::cli;

TEST_CASE("--watch preview shows every diagram and page, each captioned with its file name") {
  constexpr const char* kFile =
      "@startuml\nAlice -> Bob : one\nnewpage\nBob -> Alice : two\n@enduml\n"
      "@startuml named\n[A] --> [B]\n@enduml\n";
  CompileResult result = CompileText("live.puml", kFile, DriverOptions{});
  REQUIRE(result.outputs.size() == 3);
  std::string html = PreviewPictures(result.outputs, {"live.svg", "live_001.svg", "named.svg"});
  size_t svgs = 0;
  for (size_t at = 0; (at = html.find("<svg ", at)) != std::string::npos; ++at) ++svgs;
  CHECK(svgs == 3);
  CHECK(html.find("<figcaption>live_001.svg</figcaption>") != std::string::npos);
  CHECK(html.find("<figcaption>named.svg</figcaption>") < html.rfind("<svg "));
  CHECK(html.find("one") < html.find("two"));
  // One output: the bare SVG, as before.
  CHECK(PreviewPictures({result.outputs[2]}, {"named.svg"}) == result.outputs[2].bytes);
  CHECK(PreviewPictures(result.outputs, {"<b>"}).find("<figcaption>&lt;b></figcaption>") != std::string::npos);
}
