// Runs the shared DBML conformance corpus (../shared/corpus/dbml beside the
// project) through ParseDbml + LowerDbml and checks verdicts and facts.
// Skipped when the corpus is absent.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "compiler/lower_dbml.hpp"

namespace fs = std::filesystem;
using dg::compiler::CompileDbml;
using dg::compiler::CompileOptions;
using dg::grammar::Diagnostics;
using dg::grammar::SourceFile;

namespace {

// A minimal JSON reader: enough for the corpus' expect/out files.
struct Json {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject } type = Type::kNull;
  double number = 0;
  std::string str;
  std::vector<Json> array;
  std::vector<std::pair<std::string, Json>> object;
  const Json* Get(const std::string& key) const {
    for (const auto& [k, v] : object) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

class JsonReader {
 public:
  explicit JsonReader(const std::string& s) : s_(s) {}
  Json Value() {
    Skip();
    Json j;
    char c = s_[i_];
    if (c == '{') {
      j.type = Json::Type::kObject;
      ++i_;
      Skip();
      if (s_[i_] == '}') return ++i_, j;
      while (true) {
        Skip();
        std::string k = String();
        Skip();
        ++i_;  // ':'
        j.object.emplace_back(k, Value());
        Skip();
        if (s_[i_++] == '}') return j;
      }
    }
    if (c == '[') {
      j.type = Json::Type::kArray;
      ++i_;
      Skip();
      if (s_[i_] == ']') return ++i_, j;
      while (true) {
        j.array.push_back(Value());
        Skip();
        if (s_[i_++] == ']') return j;
      }
    }
    if (c == '"') {
      j.type = Json::Type::kString;
      j.str = String();
      return j;
    }
    if (s_.compare(i_, 4, "null") == 0) return i_ += 4, j;
    if (s_.compare(i_, 4, "true") == 0) return i_ += 4, j.type = Json::Type::kBool, j.number = 1, j;
    if (s_.compare(i_, 5, "false") == 0) return i_ += 5, j.type = Json::Type::kBool, j;
    j.type = Json::Type::kNumber;
    size_t end = i_;
    while (end < s_.size() && std::string("+-.eE0123456789").find(s_[end]) != std::string::npos) ++end;
    j.number = std::stod(s_.substr(i_, end - i_));
    i_ = end;
    return j;
  }

 private:
  void Skip() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
  }
  std::string String() {
    std::string out;
    ++i_;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\') {
        ++i_;
        char e = s_[i_];
        if (e == 'n') out += '\n';
        else if (e == 't') out += '\t';
        else if (e == 'u') { out += '?'; i_ += 4; }
        else out += e;
        ++i_;
        continue;
      }
      out += s_[i_++];
    }
    ++i_;
    return out;
  }
  const std::string& s_;
  size_t i_ = 0;
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path CorpusDir() { return fs::path(DG_SOURCE_DIR).parent_path() / "shared" / "corpus" / "dbml"; }

struct Outcome {
  bool accepted = false;
  std::set<std::string> tables;
  int links = 0;
  std::set<std::string> clusters;
  int first_error_line = 0;
  std::string first_error;
};

Outcome Run(const fs::path& path) {
  SourceFile file(path.filename().string(), ReadFile(path));
  Diagnostics diags(file);
  auto graph = CompileDbml(file, CompileOptions{}, diags);
  Outcome out;
  out.accepted = graph.has_value() && !diags.HasErrors();
  const dg::grammar::Diagnostic* first = nullptr;
  for (const auto& d : diags.items()) {
    if (d.severity != dg::grammar::Severity::kError) continue;
    if (!first || d.span.begin < first->span.begin) first = &d;
  }
  if (first) {
    out.first_error_line = static_cast<int>(file.Locate(first->span.begin).line);
    out.first_error = dg::grammar::FormatText(file, *first);
  }
  if (graph) {
    for (const auto& t : graph->tables) {
      if (t.kind == "table") out.tables.insert(t.id);
    }
    out.links = static_cast<int>(graph->relationships.size());
    for (const auto& g : graph->groups) out.clusters.insert(g.id);
  }
  return out;
}

/// `[L4:C6, …]` in the reference's first error: 0-based line.
int ReferenceLine(const Json& error) {
  std::vector<const Json*> stack{&error};
  while (!stack.empty()) {
    const Json* j = stack.back();
    stack.pop_back();
    if (j->type == Json::Type::kString) {
      size_t at = j->str.find("[L");
      if (at != std::string::npos) return std::atoi(j->str.c_str() + at + 2) + 1;
    }
    for (const auto& v : j->array) stack.push_back(&v);
    for (const auto& kv : j->object) stack.push_back(&kv.second);
  }
  return 0;
}

std::string Describe(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += x + ",";
  return out;
}

}  // namespace

TEST_CASE("dbml corpus: spec snapshots (verdict, first error line, tables/refs/groups)") {
  fs::path dir = CorpusDir() / "spec";
  if (!fs::exists(dir)) return;
  int cases = 0, verdict_ok = 0, facts = 0, facts_ok = 0;
  std::vector<fs::path> inputs;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string n = e.path().filename().string();
    if (n.size() > 9 && n.compare(n.size() - 8, 8, ".in.dbml") == 0) inputs.push_back(e.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& in : inputs) {
    std::string stem = in.filename().string();
    stem.resize(stem.size() - 8);
    std::string text = ReadFile(dir / (stem + ".out.json"));
    Json out = JsonReader(text).Value();
    const Json* errors = out.Get("errors");
    const Json* db = out.Get("database");
    bool reject = errors && !errors->array.empty();
    if (!reject && !db) continue;  // validator/binder success: no verdict
    ++cases;
    Outcome got = Run(in);
    if (reject) {
      int line = ReferenceLine(errors->array[0]);
      bool ok = !got.accepted && got.first_error_line == line;
      verdict_ok += ok;
      if (!ok) {
        MESSAGE(stem << ": expected reject at line " << line << ", got "
                     << (got.accepted ? "accept" : "first error:\n" + got.first_error));
      }
      continue;
    }
    if (!got.accepted) {
      MESSAGE(stem << ": expected accept, got\n" << got.first_error);
      continue;
    }
    ++verdict_ok;
    ++facts;
    std::set<std::string> tables, groups;
    if (const Json* t = db->Get("tables")) {
      for (const Json& x : t->array) {
        const Json* schema = x.Get("schemaName");
        std::string s = schema && schema->type == Json::Type::kString ? schema->str : "";
        std::string name = x.Get("name")->str;
        tables.insert(s.empty() || s == "public" ? name : s + "." + name);
      }
    }
    if (const Json* g = db->Get("tableGroups")) {
      for (const Json& x : g->array) groups.insert(x.Get("name")->str);
    }
    const Json* refs = db->Get("refs");
    int links = refs ? static_cast<int>(refs->array.size()) : 0;
    bool ok = tables == got.tables && groups == got.clusters && links == got.links;
    facts_ok += ok;
    if (!ok) {
      MESSAGE(stem << ": facts differ: tables " << Describe(tables) << " vs " << Describe(got.tables)
                   << " links " << links << " vs " << got.links << " groups " << Describe(groups)
                   << " vs " << Describe(got.clusters));
    }
  }
  std::printf("dbml spec corpus: verdicts %d/%d, facts %d/%d\n", verdict_ok, cases, facts_ok, facts);
  CHECK(verdict_ok == cases);
  CHECK(facts_ok == facts);
}

TEST_CASE("dbml corpus: real-world files (verdict, elements, links, clusters)") {
  fs::path dir = CorpusDir() / "real";
  if (!fs::exists(dir)) return;
  int cases = 0, verdict_ok = 0, facts = 0, facts_ok = 0;
  std::vector<fs::path> inputs;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".dbml") inputs.push_back(e.path());
  }
  std::sort(inputs.begin(), inputs.end());
  for (const fs::path& in : inputs) {
    fs::path expect_path = in;
    expect_path.replace_extension(".expect.json");
    Json expect = JsonReader(ReadFile(expect_path)).Value();
    ++cases;
    Outcome got = Run(in);
    bool want_accept = expect.Get("verdict")->str == "accept";
    if (want_accept != got.accepted) {
      MESSAGE(in.filename().string() << ": verdict mismatch; want "
                                     << (want_accept ? "accept, got\n" + got.first_error : "reject"));
      continue;
    }
    ++verdict_ok;
    if (!want_accept) {
      const Json* ref = expect.Get("reference_error");
      std::string msg = ref ? ref->str : "";
      size_t at = msg.rfind("(line ");
      if (at != std::string::npos && std::atoi(msg.c_str() + at + 6) != got.first_error_line) {
        MESSAGE(in.filename().string() << ": reference error " << msg << ", ours:\n" << got.first_error);
      }
      continue;
    }
    ++facts;
    std::set<std::string> elements, clusters;
    for (const Json& x : expect.Get("elements")->array) elements.insert(x.str);
    for (const Json& x : expect.Get("clusters")->array) clusters.insert(x.str);
    int links = static_cast<int>(expect.Get("links")->number);
    bool ok = elements == got.tables && clusters == got.clusters && links == got.links;
    facts_ok += ok;
    if (!ok) {
      MESSAGE(in.filename().string() << ": facts differ: elements " << Describe(elements) << " vs "
                                     << Describe(got.tables) << " links " << links << " vs "
                                     << got.links << " clusters " << Describe(clusters) << " vs "
                                     << Describe(got.clusters));
    }
  }
  std::printf("dbml real corpus: verdicts %d/%d, facts %d/%d\n", verdict_ok, cases, facts_ok, facts);
  CHECK(verdict_ok == cases);
  CHECK(facts_ok == facts);
}
