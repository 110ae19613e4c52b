// Unit tests of the server's pure parts: protocol frames, routes, the cache,
// metrics text and the error picture. The HTTP server and its worker
// processes are driven end to end by tests/server/run_tests.sh.
#include <doctest/doctest.h>

#include <sys/socket.h>
#include <unistd.h>

#include "cli/text_encoding.hpp"
#include "server/error_image.hpp"
#include "server/job.hpp"
#include "server/metrics.hpp"
#include "server/protocol.hpp"
#include "server/response_cache.hpp"
#include "server/routes.hpp"

using namespace dg::server;
using dg::cli::Format;

TEST_CASE("server protocol: jobs and results round-trip; truncated frames are rejected") {
  Job job;
  job.format = Format::kPng;
  job.type = DiagramType::kDbml;
  job.json_diagnostics = true;
  job.page = 3;
  job.theme = "sketch";
  job.source = std::string("Table a {}\0binary", 17);
  std::optional<Job> back = DecodeJob(EncodeJob(job));
  REQUIRE(back);
  CHECK(back->format == Format::kPng);
  CHECK(back->type == DiagramType::kDbml);
  CHECK(back->json_diagnostics);
  CHECK_FALSE(back->error_image);
  CHECK(back->source == job.source);
  CHECK(back->page == 3);
  CHECK(back->theme == "sketch");
  std::string frame = EncodeJob(job);
  CHECK_FALSE(DecodeJob(frame.substr(0, frame.size() - 1)));
  CHECK_FALSE(DecodeJob(frame + "x"));

  JobResult result{400, "text/plain", "oops\n", "oops", 12, true};
  std::optional<JobResult> r = DecodeResult(EncodeResult(result));
  REQUIRE(r);
  CHECK(r->retiring);
  CHECK(r->status == 400);
  CHECK(r->body == "oops\n");
  CHECK(r->error_summary == "oops");
  CHECK(r->error_line == 12);
}

TEST_CASE("server protocol: frames cross a socketpair; a silent peer times out") {
  int sv[2];
  REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
  CHECK(WriteFrame(sv[0], "hello"));
  std::string got;
  CHECK(ReadFrame(sv[1], &got, std::nullopt) == ReadStatus::kOk);
  CHECK(got == "hello");
  auto soon = std::chrono::steady_clock::now() + std::chrono::milliseconds(50);
  CHECK(ReadFrame(sv[1], &got, soon) == ReadStatus::kTimeout);
  ::close(sv[0]);
  CHECK(ReadFrame(sv[1], &got, std::nullopt) == ReadStatus::kEof);
  ::close(sv[1]);
}

TEST_CASE("routes: Kroki types and formats, with messages naming what is supported") {
  auto ok = KrokiTarget("dbml", "png");
  REQUIRE(std::holds_alternative<RenderRequest>(ok));
  CHECK(std::get<RenderRequest>(ok).type == DiagramType::kDbml);
  CHECK(std::get<RenderRequest>(ok).format == Format::kPng);
  auto mermaid = KrokiTarget("mermaid", "svg");
  REQUIRE(std::holds_alternative<HttpError>(mermaid));
  CHECK(std::get<HttpError>(mermaid).message ==
        "diagram type \"mermaid\" is not supported by diagc; supported types: plantuml, dbml\n");
  auto jpeg = KrokiTarget("plantuml", "jpeg");
  REQUIRE(std::holds_alternative<HttpError>(jpeg));
  CHECK(std::get<HttpError>(jpeg).message ==
        "output format \"jpeg\" is not supported; supported formats: svg, png, pdf\n");
  CHECK(PlantUmlFormat("img") == Format::kPng);
  CHECK_FALSE(PlantUmlFormat("txt"));
}

TEST_CASE("routes: both URL encodings decode; oversized text is 413, garbage 400") {
  std::string text = "@startuml\n[A] --> [B]\n@enduml\n";
  auto kroki = DecodeDiagram(dg::cli::EncodeKroki(text), 1 << 20);
  auto puml = DecodeDiagram(dg::cli::EncodePlantUml(text), 1 << 20);
  REQUIRE(std::holds_alternative<std::string>(kroki));
  REQUIRE(std::holds_alternative<std::string>(puml));
  CHECK(std::get<std::string>(kroki) == text);
  CHECK(std::get<std::string>(puml) == text);
  auto big = DecodeDiagram(dg::cli::EncodeKroki(std::string(5000, 'a')), 1000);
  REQUIRE(std::holds_alternative<HttpError>(big));
  CHECK(std::get<HttpError>(big).status == 413);
  auto bad = DecodeDiagram("!!!", 1000);
  REQUIRE(std::holds_alternative<HttpError>(bad));
  CHECK(std::get<HttpError>(bad).status == 400);
}

TEST_CASE("routes: Kroki JSON bodies") {
  auto full = ParseKrokiJson(R"({"diagram_source":"x","diagram_type":"dbml","output_format":"pdf"})", "", "");
  REQUIRE(std::holds_alternative<RenderRequest>(full));
  CHECK(std::get<RenderRequest>(full).source == "x");
  CHECK(std::get<RenderRequest>(full).format == Format::kPdf);
  auto from_url = ParseKrokiJson(R"({"diagram_source":"x"})", "plantuml", "png");
  REQUIRE(std::holds_alternative<RenderRequest>(from_url));
  CHECK(std::get<RenderRequest>(from_url).format == Format::kPng);
  CHECK(std::holds_alternative<HttpError>(ParseKrokiJson(R"({"diagram_source":"x"})", "", "")));
  CHECK(std::holds_alternative<HttpError>(ParseKrokiJson(R"({"diagram_source":1,"diagram_type":"dbml"})", "", "")));
  CHECK(std::holds_alternative<HttpError>(ParseKrokiJson("[1]", "", "")));
  CHECK(std::holds_alternative<HttpError>(ParseKrokiJson("{", "", "")));
}

TEST_CASE("response cache: LRU within its byte budget; shared entries; failures expire") {
  ResponseCache cache(8 * 1024);
  auto r = std::make_shared<const JobResult>(JobResult{200, "image/svg+xml", std::string(500, 'x'), ""});
  cache.Put("a", r);
  cache.Put("b", r);
  CHECK(cache.Get("a") == r);  // the very entry, no copy; a is now the most recent
  for (int i = 0; i < 20; ++i) cache.Put("k" + std::to_string(i), r);
  CHECK(cache.stats().bytes <= 8 * 1024);
  CHECK_FALSE(cache.Get("b"));
  cache.Put("huge", std::make_shared<const JobResult>(JobResult{200, "x", std::string(2000, 'x'), ""}));
  CHECK_FALSE(cache.Get("huge"));  // over an eighth: not kept
  CHECK(cache.stats().hits == 1);

  auto timeout = std::make_shared<const JobResult>(JobResult{504, "text/plain", "too slow\n", ""});
  cache.Put("slow", timeout, std::chrono::hours(1));
  CHECK(cache.Get("slow") == timeout);
  cache.Put("gone", timeout, std::chrono::seconds(0));  // expires at once
  size_t entries = cache.stats().entries;
  CHECK_FALSE(cache.Get("gone"));
  CHECK(cache.stats().entries == entries - 1);  // dropped when found expired
}

TEST_CASE("metrics: Prometheus text with cumulative buckets") {
  Metrics metrics;
  metrics.Observe("plantuml_get", 200, 0.003);
  metrics.Observe("plantuml_get", 400, 20);
  PoolStats pool;
  pool.workers = 2;
  pool.alive = 1;
  pool.restarts_timeout = 3;
  HttpStats http;
  http.closed_at_deadline = 7;
  std::string text = metrics.Render(pool, CacheStats{}, http);
  CHECK(text.find("diagc_http_requests_total{route=\"plantuml_get\",status=\"200\"} 1\n") != std::string::npos);
  CHECK(text.find("diagc_http_errors_total{route=\"plantuml_get\",class=\"4xx\"} 1\n") != std::string::npos);
  CHECK(text.find("diagc_http_request_duration_seconds_bucket{le=\"0.0025\"} 0\n") != std::string::npos);
  CHECK(text.find("diagc_http_request_duration_seconds_bucket{le=\"0.005\"} 1\n") != std::string::npos);
  CHECK(text.find("diagc_http_request_duration_seconds_bucket{le=\"10\"} 1\n") != std::string::npos);
  CHECK(text.find("diagc_http_request_duration_seconds_bucket{le=\"+Inf\"} 2\n") != std::string::npos);
  CHECK(text.find("diagc_worker_restarts_total{reason=\"timeout\"} 3\n") != std::string::npos);
  CHECK(text.find("diagc_workers{state=\"configured\"} 2\n") != std::string::npos);
  CHECK(text.find("diagc_http_refused_total{reason=\"deadline\"} 7\n") != std::string::npos);
}

TEST_CASE("jobs: diagnostics as a JSON list; errors as text when no picture is wanted") {
  CHECK(JsonList("{\"a\":1}\n{\"b\":2}\n") == "[{\"a\":1},{\"b\":2}]");
  CHECK(JsonList("") == "[]");
  Job job;
  job.source = "@startuml\nGateway -> -> UserSvc\n@enduml\n";
  job.json_diagnostics = true;
  JobResult json = ExecuteJob(job);
  CHECK(json.status == 400);
  CHECK(json.content_type == "application/json");
  CHECK(json.body.front() == '[');
  Job text_job = job;
  text_job.json_diagnostics = false;
  JobResult text = ExecuteJob(text_job);
  CHECK(text.status == 400);
  CHECK(text.body.rfind("<stdin>:", 0) == 0);
  CHECK(text.error_summary.find('\n') == std::string::npos);
  CHECK(text.error_summary.rfind("<stdin>:2:", 0) == 0);
  CHECK(text.error_line == 2);
  CHECK(json.error_line == 2);  // from the JSON diagnostics too
  CHECK(json.error_summary == text.error_summary.substr(0, json.error_summary.size()));
}

TEST_CASE("jobs: pages from 0 (sequence newpage), a missing page named, the theme applied") {
  Job job;
  job.source = "@startuml\nAlice -> Bob : one\nnewpage\nBob -> Alice : two\n@enduml\n";
  job.page = 1;
  JobResult second = ExecuteJob(job);
  REQUIRE(second.status == 200);
  CHECK(second.body.find(">two<") != std::string::npos);
  CHECK(second.body.find(">one<") == std::string::npos);
  job.page = 2;
  JobResult missing = ExecuteJob(job);
  CHECK(missing.status == 400);
  CHECK(missing.body == "<stdin>: error: page 2 does not exist: the text has 2 pages (0 to 1)\n");
  job.page = 0;
  JobResult plain = ExecuteJob(job);
  job.theme = "dark";
  JobResult dark = ExecuteJob(job);
  REQUIRE(dark.status == 200);
  CHECK(dark.body != plain.body);
}

TEST_CASE("routes: the PlantUML server's error line, as the VS Code extension reads it back") {
  CHECK(PlantUmlErrorLine("@startuml\nA\nbad\n@enduml\n", 3) == 2);
  CHECK(PlantUmlErrorLine("@startuml\n\n\nA\nbad\n@enduml\n", 5) == 2);  // the extension adds the 2 blanks
  CHECK(PlantUmlErrorLine("\n@startuml\nbad\n", 3) == 1);                 // counted from @startuml
  CHECK(PlantUmlErrorLine("Table a {\n  bad\n}\n", 2) == 1);              // no @startuml: from the first line
  CHECK(PlantUmlErrorLine("@startuml\n", 0) == -1);
}

TEST_CASE("routes: Kroki diagram options; theme names are checked") {
  auto request = ParseKrokiJson(R"({"diagram_source":"x","diagram_options":{"theme":"dark","no-metadata":"true"}})",
                                "plantuml", "svg");
  REQUIRE(std::holds_alternative<RenderRequest>(request));
  CHECK(std::get<RenderRequest>(request).theme == "dark");
  auto unknown = ParseKrokiJson(R"({"diagram_source":"x","diagram_options":{"theme":"cerulean"}})", "plantuml", "svg");
  REQUIRE(std::holds_alternative<HttpError>(unknown));
  CHECK(std::get<HttpError>(unknown).message.rfind("unknown theme \"cerulean\"; themes: ", 0) == 0);
  CHECK(std::holds_alternative<HttpError>(ParseKrokiJson(R"({"diagram_source":"x","diagram_options":[]})", "plantuml", "svg")));
}

TEST_CASE("error image: one text line per diagnostic line, inside the frame") {
  dg::layout::Scene scene = ErrorScene("a: error: first\n\tsecond\n");
  REQUIRE(scene.groups.size() == 1);
  const auto& shapes = scene.groups[0].shapes;
  REQUIRE(shapes.size() == 3);  // frame + two lines
  const auto& second = std::get<dg::layout::Text>(shapes[2].geometry);
  CHECK(second.spans[0].text == "    second");
  CHECK(second.y < scene.height);
  CHECK(second.x + second.width < scene.width);
  dg::layout::Scene many = ErrorScene(std::string(1000, '\n'));
  CHECK(many.groups[0].shapes.size() <= 63);
}
