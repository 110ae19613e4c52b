#include <doctest/doctest.h>

#include <cairo.h>
#include <zlib.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <set>

#include "cli/driver.hpp"
#include "cli/fingerprint.hpp"
#include "cli/version.hpp"

using namespace dg;
using namespace dg::cli;

namespace {

constexpr const char* kGood =
    "@startuml\n[Web App] as WebApp\ndatabase \"User DB\" as UserDB\nWebApp --> UserDB : reads\n@enduml\n";

constexpr const char* kPages =
    "@startuml\nAlice -> Bob : one\nnewpage second\nBob -> Alice : two\n@enduml\n"
    "@startuml named\n[A] --> [B]\n@enduml\n";

Output CompileOne(const char* text, Format format) {
  DriverOptions options;
  options.format = format;
  CompileResult result = CompileText("t.puml", text, options);
  REQUIRE_FALSE(result.has_errors);
  REQUIRE(result.outputs.size() == 1);
  return result.outputs.front();
}

Fingerprint FingerprintOf(const DriverOptions& options, std::string_view text = kGood) {
  return SourceFingerprint(options, compiler::Language::kPlantUml, text, 0, 1, "");
}

uint32_t BigEndian32(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

struct ReadState {
  const std::string* data;
  size_t at = 0;
};

cairo_status_t ReadFromString(void* closure, unsigned char* out, unsigned int length) {
  auto* state = static_cast<ReadState*>(closure);
  if (state->at + length > state->data->size()) return CAIRO_STATUS_READ_ERROR;
  std::copy_n(state->data->data() + state->at, length, out);
  state->at += length;
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

TEST_CASE("Xxh64 gives xxHash's published XXH64 values") {
  CHECK(Xxh64("") == 0xEF46DB3751D8E999ull);
  CHECK(Xxh64("a") == 0xD24EC4F1A98C6E5Bull);
  CHECK(Xxh64("abc") == 0x44BC2CF5AD770999ull);
  CHECK(Xxh64("asdf") == 0x415872f599cea71eull);                   // the 4-byte step
  CHECK(Xxh64("Call me Ishmael.") == 0x6d04390fc9d61a90ull);       // 8-byte steps
  CHECK(Xxh64("Nobody inspects the spammish repetition") == 0xFBCEA83C8A378BF1ull);  // a stripe
  CHECK(Xxh64("abc", 1) != Xxh64("abc"));
  CHECK(HexDigits(0xD24EC4F1A98C6E5Bull) == "d24ec4f1a98c6e5b");
  CHECK(HexDigits(1) == "0000000000000001");
}

TEST_CASE("SourceFingerprint: the text half is a known value; the options half names the build") {
  // Depends on kFingerprintScheme: update it when that changes.
  DriverOptions options;
  CHECK(HexDigits(FingerprintOf(options).text) == "6c0753dab73349a8");
  CHECK(FingerprintOf(options) == FingerprintOf(DriverOptions{}));
  CHECK(BuildId() == std::string(Version()) + "+" + Commit());
  CHECK(std::string(Commit()).size() >= 7);
}

TEST_CASE("SourceFingerprint changes with every option that changes output bytes, and the source") {
  using Change = std::function<void(DriverOptions&)>;
  std::vector<std::pair<const char*, Change>> changes = {
      {"format png", [](DriverOptions& o) { o.format = Format::kPng; }},
      {"format pdf", [](DriverOptions& o) { o.format = Format::kPdf; }},
      {"theme", [](DriverOptions& o) { o.render.theme = "dark"; }},
      {"dark theme", [](DriverOptions& o) { o.render.dark_theme = "dark"; }},
      {"scale", [](DriverOptions& o) { o.render.scale = 3; }},
      {"max pixels", [](DriverOptions& o) { o.render.max_pixels = 1000; }},
      {"id prefix", [](DriverOptions& o) { o.layout.id_prefix = "x-"; }},
      {"columns", [](DriverOptions& o) { o.compile.columns = ir::ErGraph::Columns::kKeys; }},
      {"direction", [](DriverOptions& o) { o.compile.direction = 2; }},
      {"lenient", [](DriverOptions& o) { o.compile.lenient = true; }},
  };
  std::set<uint64_t> seen = {FingerprintOf(DriverOptions{}).options};
  for (auto& [name, change] : changes) {
    DriverOptions options;
    change(options);
    CAPTURE(name);
    CHECK(seen.insert(FingerprintOf(options).options).second);
    CHECK(FingerprintOf(options).text == FingerprintOf(DriverOptions{}).text);
  }
  DriverOptions options;
  CHECK(seen.insert(SourceFingerprint(options, compiler::Language::kDbml, kGood, 0, 1, "").options).second);
  // Preprocessor inputs: -D, -I, -S / -config.
  options.compile.preprocess.defines = {{"X", "1"}};
  CHECK(seen.insert(FingerprintOf(options).options).second);
  options.compile.preprocess.include_dirs = {"inc"};
  CHECK(seen.insert(FingerprintOf(options).options).second);
  options.compile.prelude = {"skinparam shadowing false"};
  CHECK(seen.insert(FingerprintOf(options).options).second);
  options = DriverOptions{};
  std::set<uint64_t> texts = {FingerprintOf(options).text};
  CHECK(texts.insert(FingerprintOf(options, std::string(kGood) + " ").text).second);
  CHECK(texts.insert(SourceFingerprint(options, compiler::Language::kPlantUml, kGood, 1, 2, "").text).second);
  CHECK(texts.insert(SourceFingerprint(options, compiler::Language::kPlantUml, kGood, 0, 2, "").text).second);
  CHECK(texts.insert(SourceFingerprint(options, compiler::Language::kPlantUml, kGood, 0, 1, "x").text).second);
  CHECK(FingerprintOf(options, std::string(kGood) + " ").options == FingerprintOf(options).options);
  // Diagnostics' form does not change the picture.
  options.json_diagnostics = true;
  CHECK(FingerprintOf(options) == FingerprintOf(DriverOptions{}));
}

TEST_CASE("SVG: the fingerprint is a comment line right after the root start tag") {
  Output out = CompileOne(kGood, Format::kSvg);
  Fingerprint source = FingerprintOf(DriverOptions{});
  size_t tag_end = out.bytes.find(">\n") + 2;
  REQUIRE(out.bytes.rfind("<svg xmlns=", 0) == 0);
  std::string line = out.bytes.substr(tag_end, out.bytes.find('\n', tag_end) + 1 - tag_end);
  CHECK(line.rfind("<!-- diagc " + BuildId() + " text=" + HexDigits(source.text) + " options=" +
                       HexDigits(source.options) + " output=", 0) == 0);
  CHECK(line.size() == std::string("<!-- diagc  text= options= output= -->\n").size() + BuildId().size() + 48);
  CHECK(out.bytes.compare(tag_end + line.size(), 7, "<style>") == 0);

  std::optional<Unstamped> unstamped = Unstamp(Format::kSvg, out.bytes);
  REQUIRE(unstamped);
  CHECK(unstamped->source == source);
  CHECK(unstamped->build == BuildId());
  CHECK(unstamped->intact);
  CHECK(line.find(HexDigits(Xxh64(unstamped->rendered))) != std::string::npos);
  CHECK(unstamped->rendered.find("diagc") == std::string::npos);

  CHECK(IsUpToDate(Format::kSvg, out.bytes, source));
  CHECK_FALSE(IsUpToDate(Format::kSvg, out.bytes, Fingerprint{source.text + 1, source.options}));
  CHECK_FALSE(IsUpToDate(Format::kSvg, out.bytes, Fingerprint{source.text, source.options + 1}));
  std::string edited = out.bytes;
  edited[edited.find("User DB")] = 'u';
  CHECK_FALSE(IsUpToDate(Format::kSvg, edited, source));
  REQUIRE(Unstamp(Format::kSvg, edited));
  CHECK_FALSE(Unstamp(Format::kSvg, edited)->intact);
  // Another build's output is intact, but not up to date without a compile.
  std::string other = out.bytes;
  other.replace(other.find(BuildId()), BuildId().size(), "9.9.9+other");
  REQUIRE(Unstamp(Format::kSvg, other));
  CHECK(Unstamp(Format::kSvg, other)->build == "9.9.9+other");
  CHECK_FALSE(IsUpToDate(Format::kSvg, other, source));
  CHECK_FALSE(IsUpToDate(Format::kSvg, out.bytes.substr(0, out.bytes.size() - 1), source));
  std::string upper = out.bytes;
  std::transform(upper.begin() + tag_end, upper.begin() + tag_end + line.size(), upper.begin() + tag_end,
                 [](char c) { return c >= 'a' && c <= 'f' ? c - 32 : c; });
  CHECK_FALSE(IsUpToDate(Format::kSvg, upper, source));
  CHECK_FALSE(Unstamp(Format::kSvg, unstamped->rendered));
  for (size_t cut : {tag_end + 20, tag_end + line.size() - 3, tag_end + line.size() - 1}) {
    CHECK_FALSE(IsUpToDate(Format::kSvg, out.bytes.substr(0, cut), source));  // never reads past the end
  }
}

TEST_CASE("PNG: a valid tEXt chunk right after IHDR") {
  Output out = CompileOne(kGood, Format::kPng);
  DriverOptions png;
  png.format = Format::kPng;
  Fingerprint source = FingerprintOf(png);
  const size_t at = 8 + 25;  // signature, IHDR
  REQUIRE(out.bytes.size() > at + 12);
  CHECK(out.bytes.compare(12, 4, "IHDR") == 0);
  uint32_t length = BigEndian32(out.bytes, at);
  CHECK(out.bytes.compare(at + 4, 4, "tEXt") == 0);
  std::string data = out.bytes.substr(at + 8, length);
  CHECK(data == std::string("diagc\0", 6) + "diagc " + BuildId() + " text=" + HexDigits(source.text) +
                    " options=" + HexDigits(source.options) + " output=" + data.substr(data.size() - 16));
  uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(out.bytes.data() + at + 4), length + 4);
  CHECK(BigEndian32(out.bytes, at + 8 + length) == static_cast<uint32_t>(crc));

  ReadState state{&out.bytes};
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create_from_png_stream(ReadFromString, &state), cairo_surface_destroy);
  CHECK(cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS);
  CHECK(cairo_image_surface_get_width(surface.get()) > 0);

  CHECK(IsUpToDate(Format::kPng, out.bytes, source));
  std::string bad_crc = out.bytes;
  bad_crc[at + 8 + length] ^= 1;
  CHECK_FALSE(IsUpToDate(Format::kPng, bad_crc, source));
  std::string bad_pixel = out.bytes;
  bad_pixel[bad_pixel.size() - 20] ^= 1;
  CHECK_FALSE(IsUpToDate(Format::kPng, bad_pixel, source));
}

TEST_CASE("PDF: the fingerprint is the Keywords entry, filled in without moving a byte") {
  Output out = CompileOne(kGood, Format::kPdf);
  DriverOptions pdf;
  pdf.format = Format::kPdf;
  Fingerprint source = FingerprintOf(pdf);
  size_t at = out.bytes.find("/Keywords (diagc " + BuildId() + " text=" + HexDigits(source.text) + " options=" +
                             HexDigits(source.options) + " output=");
  REQUIRE(at != std::string::npos);
  CHECK(out.bytes.find("0000000000000000)", at) == std::string::npos);
  CHECK(IsUpToDate(Format::kPdf, out.bytes, source));
  std::string edited = out.bytes;
  edited[edited.size() / 2] ^= 1;
  CHECK_FALSE(IsUpToDate(Format::kPdf, edited, source));
  // Same length as the placeholder: xref offsets stay right.
  CHECK(PdfKeywordsPlaceholder(source).size() ==
        std::string("diagc  text= options= output=").size() + BuildId().size() + 48);
}

TEST_CASE("Stamped output is deterministic and PlanOutputs predicts it without layout") {
  DriverOptions options;
  CompileResult first = CompileText("p.puml", kPages, options);
  CompileResult second = CompileText("p.puml", kPages, options);
  REQUIRE_FALSE(first.has_errors);
  REQUIRE(first.outputs.size() == 3);  // two sequence pages, one named diagram
  for (size_t i = 0; i < 3; ++i) CHECK(first.outputs[i].bytes == second.outputs[i].bytes);

  std::optional<OutputPlan> plan = PlanOutputs("p.puml", kPages, options);
  REQUIRE(plan);
  REQUIRE(plan->outputs.size() == 3);
  for (size_t i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(plan->outputs[i].name == first.outputs[i].name);
    CHECK(IsUpToDate(Format::kSvg, first.outputs[i].bytes, plan->fingerprints[i]));
  }
  CHECK(plan->outputs[2].name == "named");
  CHECK_FALSE(IsUpToDate(Format::kSvg, first.outputs[0].bytes, plan->fingerprints[1]));
  // The plan is a guess from the preprocessor: errors it sees give none.
  CHECK_FALSE(PlanOutputs("bad.puml", "@startuml\nA -> B\n", options));
  std::optional<OutputPlan> dbml = PlanOutputs("s.dbml", "Table t {\n  id int\n}\n", options);
  REQUIRE(dbml);
  CHECK(dbml->outputs.size() == 1);
}
