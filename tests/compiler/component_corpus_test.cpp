// Conformance of the component front against the shared corpus: node ids,
// cluster ids and drawn link counts compared with what PlantUML produced.
// PlantUML draws floating notes as entities, so they count as elements and
// their links count; notes attached to an element do not.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>

#include "compiler/compile.hpp"
#include "compiler/lower_component.hpp"
#include "grammar/puml_component.hpp"
#include "tests/grammar/puml_corpus.hpp"

using namespace dg;

namespace {

/// PlantUML's fix(): every code point outside [-A-Za-z0-9_ ] becomes '.'.
std::string Fix(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte of the same code point
    out += (c < 0x80 && std::isalnum(c)) || c == '-' || c == '_' || c == ' ' ? char(c) : '.';
  }
  return out;
}

/// Reads the string array after `"key":`; nullopt for null or absent.
std::optional<std::vector<std::string>> JsonStrings(const std::string& json, const std::string& key) {
  size_t k = json.find("\"" + key + "\"");
  if (k == std::string::npos) return std::nullopt;
  size_t p = json.find_first_not_of(" \t\r\n:", k + key.size() + 2);
  if (p == std::string::npos || json[p] != '[') return std::nullopt;
  std::vector<std::string> out;
  for (++p; p < json.size() && json[p] != ']'; ++p) {
    if (json[p] != '"') continue;
    std::string s;
    for (++p; p < json.size() && json[p] != '"'; ++p) {
      if (json[p] == '\\' && p + 1 < json.size()) {
        ++p;
        if (json[p] == 'u') {
          s += '.';  // non-ASCII escapes are fixed to '.' anyway
          p += 4;
          continue;
        }
        s += json[p] == 'n' ? '\n' : json[p];
        continue;
      }
      s += json[p];
    }
    out.push_back(s);
  }
  return out;
}

std::optional<int> JsonInt(const std::string& json, const std::string& key) {
  size_t k = json.find("\"" + key + "\"");
  if (k == std::string::npos) return std::nullopt;
  size_t p = json.find_first_not_of(" \t\r\n:", k + key.size() + 2);
  if (p == std::string::npos || !std::isdigit(static_cast<unsigned char>(json[p]))) return std::nullopt;
  return std::atoi(json.c_str() + p);
}

}  // namespace

TEST_CASE("component corpus: ids, clusters and links match PlantUML") {
  auto cases = testing::CorpusCases("component");
  if (cases.empty()) return;  // corpus not beside the project
  int scored = 0, matched = 0;
  for (const auto& path : cases) {
    std::string json = testing::ReadFile(std::filesystem::path(path).replace_extension(".expect.json"));
    auto want_elements = JsonStrings(json, "elements");
    auto want_clusters = JsonStrings(json, "clusters");
    auto want_links = JsonInt(json, "links");
    if (!want_elements || !want_clusters || !want_links) continue;
    ++scored;
    grammar::SourceFile file(path.string(), testing::ReadFile(path));
    grammar::Diagnostics diags(file);
    auto diagrams = compiler::Compile(file, compiler::Language::kPlantUml, {}, diags);
    const ir::ComponentGraph* g =
        diagrams.empty() ? nullptr : std::get_if<ir::ComponentGraph>(&diagrams[0].body);
    if (!g) {
      MESSAGE(path.filename().string() << ": no component diagram ("
                                       << (diags.items().empty() ? "" : diags.items()[0].message) << ")");
      continue;
    }
    std::vector<std::string> nodes, clusters;
    for (const auto& n : g->nodes) nodes.push_back(Fix(n.id));
    // PlantUML draws a floating note (`note as N`) as an entity; attached notes are notes.
    auto attached = [&](const ir::EndpointRef& r) {
      return r.type == ir::EndpointRef::Type::kNote && g->notes[r.index].target.has_value();
    };
    for (const auto& n : g->notes) {
      if (!n.target) nodes.push_back(Fix(n.id));
    }
    for (const auto& c : g->clusters) clusters.push_back(Fix(c.id));
    int links = 0;
    for (const auto& e : g->edges) {
      if (!e.hidden && !attached(e.from) && !attached(e.to)) {
        ++links;
      }
    }
    std::sort(nodes.begin(), nodes.end());
    std::sort(clusters.begin(), clusters.end());
    std::vector<std::string> we = *want_elements, wc = *want_clusters;
    for (auto& s : we) s = Fix(s);
    for (auto& s : wc) s = Fix(s);
    std::sort(we.begin(), we.end());
    std::sort(wc.begin(), wc.end());
    if (nodes == we && clusters == wc && links == *want_links) {
      ++matched;
    } else {
      std::string got, want;
      for (auto& s : nodes) got += s + "|";
      for (auto& s : we) want += s + "|";
      MESSAGE(path.filename().string() << ": nodes " << got << " want " << want << "; clusters "
                                       << clusters.size() << "/" << wc.size() << "; links " << links
                                       << "/" << *want_links);
    }
  }
  double fraction = scored ? double(matched) / scored : 0;
  std::printf("component corpus: %d of %d cases match (%.1f%%)\n", matched, scored, 100 * fraction);
  CHECK(fraction >= 0.5);
}

TEST_CASE("component front survives every corpus input, whatever its kind") {
  size_t files = 0;
  for (const char* folder : {"component", "sequence", "er"}) {
    for (const auto& path : testing::CorpusCases(folder)) {
      grammar::SourceFile file(path.string(), testing::ReadFile(path));
      grammar::Diagnostics diags(file);
      for (const auto& block : grammar::puml::Preprocess(file, diags)) {
        auto doc = grammar::puml::ParseComponent(block, diags);
        auto graph = compiler::LowerComponent(doc, diags);
        for (const auto& e : graph.edges) {
          CHECK(e.from.index >= 0);
          CHECK(e.to.index >= 0);
        }
        for (const auto& d : diags.items()) CHECK(d.span.end <= file.text().size());
      }
      ++files;
    }
  }
  if (files == 0) return;
  std::printf("component front ran over %zu corpus files\n", files);
}
