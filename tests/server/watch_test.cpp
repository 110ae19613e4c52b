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

namespace {

WatchClock::time_point At(int ms) { return WatchClock::time_point{} + std::chrono::milliseconds(ms); }

}  // namespace

TEST_CASE("--watch compiles a change only once the file has held still for the settle time") {
  SettleGate gate{std::chrono::milliseconds(100)};
  const std::vector<FileStamp> compiled{{1'000, 40, 7}};
  const std::vector<FileStamp> truncated{{2'000, 0, 7}}, half{{3'000, 20, 7}}, whole{{4'000, 60, 7}};
  CHECK_FALSE(gate.Settled(compiled, compiled, At(0)));     // nothing changed
  CHECK_FALSE(gate.Settled(truncated, compiled, At(150)));  // the editor truncated: seen once
  CHECK_FALSE(gate.Settled(half, compiled, At(300)));       // still being written
  CHECK_FALSE(gate.Settled(whole, compiled, At(450)));      // new: its settle time starts now
  CHECK_FALSE(gate.Settled(whole, compiled, At(549)));      // the same, but not long enough
  CHECK(gate.Settled(whole, compiled, At(550)));
  // Saved atomically (rename): only the inode tells the new file from the old.
  const std::vector<FileStamp> renamed{{1'000, 40, 8}};
  CHECK_FALSE(gate.Settled(renamed, compiled, At(600)));
  CHECK(gate.Settled(renamed, compiled, At(750)));
  // Changed and changed back before it settled: nothing to compile.
  CHECK_FALSE(gate.Settled(half, compiled, At(800)));
  CHECK_FALSE(gate.Settled(compiled, compiled, At(950)));
  CHECK_FALSE(gate.Settled(half, compiled, At(1000)));  // a fresh change: waits again
}

TEST_CASE("--watch preview: a poll waits for a newer version, or answers unchanged at its deadline") {
  PreviewState state;
  std::vector<std::string> answers;
  auto record = [&](dg::server::HttpResponse r) { answers.push_back(*r.body); };
  state.Poll(0, At(10'000), record);
  CHECK(answers.empty());  // version 0 is what the page has: wait
  state.Publish("<svg>one</svg>", "");
  REQUIRE(answers.size() == 1);
  CHECK(answers[0].find("\"version\":1") != std::string::npos);
  CHECK(answers[0].find("<svg>one</svg>") != std::string::npos);
  state.Poll(0, At(10'000), record);  // a page that is behind gets the state at once
  CHECK(answers.size() == 2);
  state.Poll(1, At(10'000), record);
  state.Expire(At(9'999));
  CHECK(answers.size() == 2);
  state.Expire(At(10'000));
  REQUIRE(answers.size() == 3);
  CHECK(answers[2].find("\"version\":1") != std::string::npos);
  // Errors keep the last good picture; Close answers waiting polls and later ones.
  state.Poll(1, At(10'000), record);
  state.Publish("", "live.puml:3:5: error: x");
  REQUIRE(answers.size() == 4);
  CHECK(answers[3].find("<svg>one</svg>") != std::string::npos);
  CHECK(answers[3].find("live.puml:3:5: error: x") != std::string::npos);
  state.Poll(2, At(10'000), record);
  state.Close();
  CHECK(answers.size() == 5);
  state.Poll(2, At(10'000), record);
  CHECK(answers.size() == 6);
}

TEST_CASE("--watch: a newly included file written since the compile began is compiled again") {
  // The compile reads the file, the preview shows it, an editor saves it, and
  // only then is the file stamped: that stamp must not pass for what was read.
  auto started = std::chrono::system_clock::time_point{} + std::chrono::hours(24 * 365 * 50);
  auto ns = [&](std::chrono::system_clock::duration since_start) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>((started + since_start).time_since_epoch()).count();
  };
  FileStamp old_file{ns(-std::chrono::minutes(5)), 120, 9};
  CHECK(StampOfNewInclude(old_file, started) == old_file);
  for (auto written : {std::chrono::system_clock::duration(std::chrono::milliseconds(30)),
                       std::chrono::system_clock::duration(-std::chrono::milliseconds(500))}) {
    FileStamp recent{ns(written), 130, 9};
    FileStamp kept = StampOfNewInclude(recent, started);
    CHECK(kept.mtime_ns == kUnknownStamp);
    CHECK_FALSE(kept == recent);
  }
}
