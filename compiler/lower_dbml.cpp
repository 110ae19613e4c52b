#include "compiler/lower_dbml.hpp"
#include "grammar/text.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "grammar/dbml.hpp"

namespace dg::compiler {
namespace {

using grammar::Diagnostics;
using grammar::Span;
using grammar::dbml::Element;
using grammar::dbml::Expr;
using grammar::dbml::Stmt;
using grammar::dbml::Token;
using grammar::dbml::TokenKind;
using Attribute = Expr::Attribute;

constexpr const char* kPublic = "public";

std::string Q(const std::string& s) { return "\"" + s + "\""; }

/// `a`, `a.b`, `"a"."b c"` → the tokens; false for anything else.
bool Destructure(const Expr& e, std::vector<const Token*>& out) {
  if (e.IsVariable()) {
    out.push_back(&e.token);
    return true;
  }
  if (e.IsInfix(".")) return Destructure(e.items[0], out) && Destructure(e.items[1], out);
  return false;
}

std::string Join(const std::vector<const Token*>& parts, size_t n) {
  std::string out;
  for (size_t i = 0; i < n && i < parts.size(); ++i) out += (i ? "." : "") + parts[i]->value;
  return out;
}

/// `#abc` → `#aabbcc`; other forms kept lower-cased.
ir::Color NormalizeColor(const std::string& v) {
  std::string s = Lower(v);
  if (s.size() == 4 && s[0] == '#') s = {'#', s[1], s[1], s[2], s[2], s[3], s[3]};
  return ir::Color{s};
}

bool IsColor(const std::vector<Expr>& v) {
  return v.size() == 1 && v[0].kind == Expr::Kind::kPrimary && v[0].token.kind == TokenKind::kColor;
}
bool IsStringValue(const std::vector<Expr>& v) {
  return v.size() == 1 && v[0].kind == Expr::Kind::kPrimary &&
         (v[0].token.kind == TokenKind::kString || v[0].token.kind == TokenKind::kQuoted);
}
Span SpanOf(const Attribute& a) { return a.value.empty() ? a.name_span : a.value[0].span; }

ir::RichText PlainText(const std::string& text) {
  ir::RichText r;
  size_t start = 0;
  while (start <= text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    r.lines.push_back({ir::TextRun{text.substr(start, nl - start)}});
    start = nl + 1;
  }
  return r;
}

/// A column reference at one end of a ref: `[schema.]table.col`,
/// `table.(a, b)`, or (inline) a bare `col`.
struct Endpoint {
  std::vector<const Token*> table;  ///< schema parts then table; empty = the enclosing table
  std::vector<const Token*> columns;
  Span span;
};

bool ParseEndpoint(const Expr& e, Endpoint& out) {
  out.span = e.span;
  if (e.IsInfix(".") && (e.items[1].kind == Expr::Kind::kTuple || e.items[1].kind == Expr::Kind::kGroup)) {
    if (!Destructure(e.items[0], out.table)) return false;
    for (const Expr& c : e.items[1].items) {
      if (!c.IsVariable()) return false;
      out.columns.push_back(&c.token);
    }
    return !out.columns.empty();
  }
  std::vector<const Token*> parts;
  if (!Destructure(e, parts)) return false;
  out.columns.push_back(parts.back());
  parts.pop_back();
  out.table = parts;
  return true;
}

struct ColumnInfo {
  ir::Column ir;
  const Token* name_token = nullptr;
};

struct TableInfo {
  std::string schema = kPublic;
  std::string name;
  const Element* el = nullptr;
  std::vector<ColumnInfo> columns;
  std::map<std::string, int> column_index;
  bool partial = false;
  int index = 0;  ///< in its list (tables_ or partials_)
  std::map<std::string, Span> column_seen;
  std::vector<const Element*> indexes;
  ir::Table ir;
};

struct RefSpec {
  Endpoint from, to;
  std::string op;
  const std::vector<Attribute>* settings = nullptr;
  int owner_table = -1;  ///< inline refs: the table the column belongs to
  bool from_partial = false;
  Span origin;           ///< where duplicate/same-endpoint errors point
  Span op_span;
};

class Checker {
 public:
  Checker(const CompileOptions& options, Diagnostics& diags) : options_(options), diags_(diags) {}

  std::optional<ir::ErGraph> Run(const grammar::dbml::Document& doc) {
    for (const Element& el : doc.elements) Register(el);
    for (size_t i = 0; i < partials_.size(); ++i) BuildColumns(partials_[i]);
    for (size_t i = 0; i < tables_.size(); ++i) BuildColumns(tables_[i]);
    for (const Element* el : deferred_) Deferred(*el);
    ResolveRefs();
    CheckEnumDefaults();
    if (failed_ && !options_.lenient) return std::nullopt;
    return Emit();
  }

 private:
  // ------------------------------------------------------------ reporting
  void Report(Span span, const char* code, std::string message) {
    failed_ = true;
    if (options_.lenient) {
      diags_.Warning(span, code, std::move(message));
    } else {
      diags_.Error(span, code, std::move(message));
    }
  }

  /// Every occurrence of a setting given twice (ref and check may repeat).
  void Duplicates(const std::vector<Attribute>& list) {
    std::map<std::string, int> count;
    for (const Attribute& a : list) ++count[a.name];
    for (const Attribute& a : list) {
      if (count[a.name] > 1 && a.name != "ref" && a.name != "check") {
        Report(a.span, "dbml-setting", Q(a.name) + " can only appear once");
      }
    }
  }

  // ------------------------------------------------------------- pass 1
  void Register(const Element& el) {
    const std::string& k = el.keyword;
    if (k == "table") return RegisterTable(el, false);
    if (k == "tablepartial") return RegisterTable(el, true);
    if (k == "enum") return RegisterEnum(el);
    if (k == "ref" || k == "tablegroup" || k == "note" || k == "project" || k == "records") {
      deferred_.push_back(&el);
      return;
    }
    if (k == "indexes" || k == "checks") {
      return Report(el.type.span, "dbml-context",
                    Q(el.type.value) + " can only appear inside a Table or a TablePartial");
    }
    Report(el.type.span, "dbml-unknown-element",
           "unknown element " + Q(el.type.value) +
               ": expected Table, TablePartial, Enum, Ref, TableGroup, Note, Project or Records");
  }

  /// Name of a Table/Enum: `name` or `schema.name`.
  bool ElementName(const Element& el, const char* what, std::string& schema, std::string& name) {
    if (el.name.empty()) {
      Report(el.type.span, "dbml-name", std::string("a ") + what + " must have a name");
      return false;
    }
    std::vector<const Token*> parts;
    if (!Destructure(el.name[0], parts) || parts.size() > 2) {
      Report(el.name[0].span, "dbml-name",
             std::string("a ") + what + " name must be <name> or <schema>.<name>");
      return false;
    }
    name = parts.back()->value;
    schema = parts.size() == 2 ? parts[0]->value : kPublic;
    return true;
  }

  void RegisterTable(const Element& el, bool partial) {
    TableInfo t;
    t.el = &el;
    t.partial = partial;
    const char* what = partial ? "TablePartial" : "Table";
    if (!ElementName(el, what, t.schema, t.name)) return;
    if (partial && t.schema != kPublic) {
      Report(el.name[0].span, "dbml-name", "a TablePartial name must be a single identifier");
    }
    std::string key = t.schema + "." + t.name;
    auto& index = partial ? partial_index_ : table_index_;
    if (index.count(key)) {
      Report(el.name[0].span, "dbml-duplicate",
             std::string(what) + " " + Q(t.name) + " is already defined in schema " + Q(t.schema));
      return;
    }
    if (!partial && !el.alias.empty()) RegisterAlias(el.alias[0], t);
    if (!partial && el.simple_body) {
      Report(el.type.span, "dbml-body", "a Table's body must be a block \"{ … }\"");
    }
    TableSettings(el, t, what);
    auto& list = partial ? partials_ : tables_;
    t.index = static_cast<int>(list.size());
    index[key] = static_cast<int>(list.size());
    list.push_back(std::move(t));
  }

  void RegisterAlias(const Expr& alias, const TableInfo& t) {
    if (!alias.IsVariable()) {
      Report(alias.span, "dbml-name", "a table alias must be a single name");
      return;
    }
    const std::string& a = alias.token.value;
    if (a == t.name) return;
    if (aliases_.count(a) || table_index_.count(std::string(kPublic) + "." + a)) {
      Report(alias.span, "dbml-duplicate", "table alias " + Q(a) + " is already in use");
      return;
    }
    aliases_[a] = static_cast<int>(tables_.size());
  }

  void TableSettings(const Element& el, TableInfo& t, const char* what) {
    if (el.settings.empty()) return;
    Duplicates(el.settings[0].attributes);
    for (const Attribute& a : el.settings[0].attributes) {
      if (a.name == "headercolor") {
        if (!IsColor(a.value)) {
          Report(SpanOf(a), "dbml-setting", "\"headercolor\" must be a color like #3498db");
        } else {
          t.ir.style.fill = NormalizeColor(a.value[0].token.value);
        }
      } else if (a.name == "note") {
        if (!IsStringValue(a.value)) {
          Report(SpanOf(a), "dbml-setting", "\"note\" must be a string");
        } else {
          t.ir.note = a.value[0].token.value;
        }
      } else {
        Report(a.name_span, "dbml-setting",
               "unknown " + std::string(what) + " setting " + Q(a.name) +
                   ": expected headercolor or note");
      }
    }
  }

  void RegisterEnum(const Element& el) {
    TableInfo e;
    e.el = &el;
    if (!ElementName(el, "Enum", e.schema, e.name)) return;
    std::string key = e.schema + "." + e.name;
    if (enum_index_.count(key)) {
      Report(el.name[0].span, "dbml-duplicate",
             "Enum " + Q(e.name) + " is already defined in schema " + Q(e.schema));
      return;
    }
    if (el.simple_body || el.body.empty()) {
      Report(el.type.span, "dbml-body", "an Enum's body must be a block \"{ … }\"");
      return;
    }
    const Expr& block = el.body[0];
    std::map<std::string, Span> values;
    for (const Stmt& st : block.body) EnumValue(st, e, values);
    if (block.body.empty()) {
      Report(el.type.span, "dbml-empty-enum", "an Enum must have at least one value");
    }
    enum_index_[key] = static_cast<int>(enums_.size());
    enums_.push_back(std::move(e));
  }

  void EnumValue(const Stmt& st, TableInfo& e, std::map<std::string, Span>& values) {
    if (st.kind != Stmt::Kind::kApplication) {
      return Report(st.span, "dbml-enum", "an Enum value must be a name, optionally with [note: '…']");
    }
    const Expr& v = st.parts[0];
    if (!v.IsVariable()) {
      return Report(v.span, "dbml-enum", "an enum value must be a name or a \"quoted name\", got " +
                                             Q(std::string(v.token.value)));
    }
    bool bad = false;
    for (size_t i = 1; i < st.parts.size(); ++i) {
      if (i == st.parts.size() - 1 && st.parts[i].kind == Expr::Kind::kList) break;
      Report(st.parts[i].span, "dbml-enum", "an Enum value takes only a name and a setting list");
      bad = true;
    }
    if (bad) return;
    auto [it, fresh] = values.emplace(v.token.value, v.span);
    if (!fresh) {
      Report(it->second, "dbml-duplicate", "duplicate enum value " + Q(v.token.value));
      Report(v.span, "dbml-duplicate", "duplicate enum value " + Q(v.token.value));
      return;
    }
    ColumnInfo c;
    c.ir.name = v.token.value;
    c.ir.origin = st.span;
    if (st.parts.size() == 2) {
      for (const Attribute& a : st.parts[1].attributes) {
        if (a.name == "note" && IsStringValue(a.value)) {
          c.ir.note = a.value[0].token.value;
        } else {
          Report(a.name_span, "dbml-setting", "unknown enum value setting " + Q(a.name) + ": expected note");
        }
      }
    }
    e.columns.push_back(std::move(c));
  }

  // ------------------------------------------------------------- columns
  void BuildColumns(TableInfo& t) {
    const Element& el = *t.el;
    if (el.simple_body || el.body.empty() || el.body[0].kind != Expr::Kind::kBlock) return;
    std::map<std::string, const Token*> injected;
    std::vector<std::pair<ColumnInfo, int>> entries;  // column, priority (own = big)
    std::vector<Span> note_spans;
    int order = 0;
    for (const Stmt& st : el.body[0].body) {
      if (st.kind == Stmt::Kind::kInjection) {
        Inject(t, st.injected, injected, entries, ++order);
      } else if (st.kind == Stmt::Kind::kApplication) {
        ColumnInfo c;
        if (Column(t, st, c)) entries.push_back({std::move(c), 1 << 30});
      } else {
        SubElement(t, *st.element, note_spans);
      }
    }
    if (note_spans.size() > 1) {
      for (Span s : note_spans) Report(s, "dbml-note", "a note is defined more than once here");
    }
    MergeColumns(t, entries);
    for (const Element* el : t.indexes) Indexes(t, *el);
  }

  void Inject(TableInfo& t, const Token& name, std::map<std::string, const Token*>& injected,
              std::vector<std::pair<ColumnInfo, int>>& entries, int order) {
    if (t.partial) {
      return Report(name.span, "dbml-context", "a TablePartial cannot inject another partial");
    }
    if (injected.count(name.value)) {
      Report(injected[name.value]->span, "dbml-duplicate", "partial " + Q(name.value) + " is injected twice");
      return Report(name.span, "dbml-duplicate", "partial " + Q(name.value) + " is injected twice");
    }
    injected[name.value] = &name;
    auto it = partial_index_.find(std::string(kPublic) + "." + name.value);
    if (it == partial_index_.end()) {
      return Report(name.span, "dbml-unknown-partial", "unknown table partial " + Q(name.value));
    }
    TableInfo& p = partials_[it->second];
    if (!t.ir.style.fill.set()) t.ir.style.fill = p.ir.style.fill;
    if (t.ir.note.empty()) t.ir.note = p.ir.note;
    for (const ColumnInfo& c : p.columns) {
      entries.push_back({c, order});  // a partial's inline refs stay with the partial
    }
  }

  /// Own columns win over injected ones; among partials the later injection wins.
  static void MergeColumns(TableInfo& t, std::vector<std::pair<ColumnInfo, int>>& entries) {
    std::map<std::string, size_t> best;
    for (size_t i = 0; i < entries.size(); ++i) {
      auto [it, inserted] = best.emplace(entries[i].first.ir.name, i);
      if (!inserted && entries[i].second >= entries[it->second].second) it->second = i;
    }
    for (size_t i = 0; i < entries.size(); ++i) {
      if (best[entries[i].first.ir.name] != i) continue;
      t.column_index[entries[i].first.ir.name] = static_cast<int>(t.columns.size());
      t.columns.push_back(std::move(entries[i].first));
    }
  }

  static bool IsValidType(const Expr& e) {
    std::vector<const Token*> parts;
    if (Destructure(e, parts)) return true;
    if (e.kind == Expr::Kind::kCall) return IsValidType(e.items[0]);
    if (e.kind == Expr::Kind::kArray) return IsValidType(e.items[0]);
    return false;
  }

  static std::string TypeText(const grammar::SourceFile& file, const Expr& e) {
    if (e.IsVariable()) return e.token.value;
    return std::string(file.Slice(e.span));
  }

  bool Column(TableInfo& t, const Stmt& st, ColumnInfo& c) {
    const std::vector<Expr>& p = st.parts;
    bool ok = true;
    if (!p[0].IsVariable()) {
      Report(p[0].span, "dbml-column", "a column name must be a name or a \"quoted name\"");
      ok = false;
    }
    if (p.size() < 2) {
      Report(p[0].span, "dbml-column", "column " + Q(std::string(diags_.file().Slice(p[0].span))) +
                                           " needs a type, as in \"id int\"");
      return false;
    }
    if (!IsValidType(p[1])) {
      Report(p[1].span, "dbml-column", "invalid column type " + Q(std::string(diags_.file().Slice(p[1].span))));
      ok = false;
    }
    // Legacy inline settings (`id int pk unique`) then an optional [list].
    std::vector<const Expr*> inline_flags;
    const Expr* list = nullptr;
    for (size_t i = 2; i < p.size(); ++i) {
      bool last = i + 1 == p.size();
      if (p[i].IsIdentifier()) {
        inline_flags.push_back(&p[i]);
      } else if (last && p[i].kind == Expr::Kind::kList) {
        list = &p[i];
      } else {
        for (size_t j = 2; j < p.size(); ++j) {
          Report(p[j].span, "dbml-column", "expected inline settings or a setting list \"[…]\", got " +
                                               Q(std::string(diags_.file().Slice(p[j].span))));
        }
        return false;
      }
    }
    if (!ok) return false;
    c.ir.name = p[0].token.value;
    c.ir.type = TypeText(diags_.file(), p[1]);
    c.ir.origin = st.span;
    for (const Expr* f : inline_flags) {
      std::string v = Lower(f->token.value);
      if (v == "pk") {
        c.ir.primary_key = true;
      } else if (v == "unique") {
        c.ir.unique = true;
      } else {
        Report(f->span, "dbml-setting", "inline column settings can only be pk or unique, got " + Q(v));
      }
    }
    c.name_token = &p[0].token;
    if (list) ColumnSettings(t, *list, c);
    auto seen = t.column_seen.find(c.ir.name);
    if (seen != t.column_seen.end()) {
      Report(seen->second, "dbml-duplicate", "duplicate column " + Q(c.ir.name) + " in " + Q(t.name));
      Report(p[0].span, "dbml-duplicate", "duplicate column " + Q(c.ir.name) + " in " + Q(t.name));
      return false;
    }
    t.column_seen[c.ir.name] = p[0].span;
    return true;
  }

  void ColumnSettings(TableInfo& t, const Expr& list, ColumnInfo& c) {
    std::map<std::string, int> seen;
    Duplicates(list.attributes);
    for (const Attribute& a : list.attributes) {
      const std::string& n = a.name;
      ++seen[n];
      bool flag = n == "pk" || n == "primary key" || n == "not null" || n == "null" ||
                  n == "unique" || n == "increment";
      if (flag && !a.value.empty()) {
        Report(a.value[0].span, "dbml-setting", Q(n) + " takes no value");
        continue;
      }
      if (n == "pk" || n == "primary key") {
        c.ir.primary_key = true;
      } else if (n == "not null") {
        c.ir.not_null = true;
      } else if (n == "null") {
        c.ir.not_null = false;
      } else if (n == "unique") {
        c.ir.unique = true;
      } else if (n == "increment") {
        c.ir.increment = true;
      } else if (n == "note") {
        if (!IsStringValue(a.value)) {
          Report(SpanOf(a), "dbml-setting", "\"note\" must be a string");
        } else {
          c.ir.note = a.value[0].token.value;
        }
      } else if (n == "default") {
        Default(a, c);
      } else if (n == "check") {
        if (a.value.size() != 1 || a.value[0].kind != Expr::Kind::kFunction) {
          Report(SpanOf(a), "dbml-setting", "\"check\" must be an expression in backticks");
        }
      } else if (n == "ref") {
        if (a.value.size() != 1 || a.value[0].kind != Expr::Kind::kPrefix ||
            !IsRelation(a.value[0].token.value)) {
          Report(SpanOf(a), "dbml-ref", "\"ref\" must be a relationship such as \"> users.id\"");
        } else {
          InlineRef(t, a, c);
        }
      } else {
        Report(a.name_span, "dbml-setting",
               "unknown column setting " + Q(n) +
                   ": expected pk, primary key, null, not null, unique, increment, default, note, "
                   "ref or check");
      }
    }
    if (seen.count("pk") && seen.count("primary key")) {
      Report(list.span, "dbml-setting", "use either \"pk\" or \"primary key\", not both");
    }
    if (seen.count("null") && seen.count("not null")) {
      Report(list.span, "dbml-setting", "\"null\" and \"not null\" cannot be set together");
    }
  }

  static bool IsRelation(const std::string& op) {
    return op == "<" || op == ">" || op == "-" || op == "<>";
  }

  static bool IsSignedNumber(const Expr& v) {
    if (v.kind == Expr::Kind::kPrimary) return v.token.kind == TokenKind::kNumber;
    return v.kind == Expr::Kind::kPrefix && (v.token.value == "-" || v.token.value == "+") &&
           IsSignedNumber(v.items[0]);
  }

  void Default(const Attribute& a, ColumnInfo& c) {
    if (a.value.size() != 1) {
      return Report(a.name_span, "dbml-setting", "\"default\" needs a value");
    }
    const Expr& v = a.value[0];
    const std::string text(diags_.file().Slice(v.span));
    bool token_only = v.kind == Expr::Kind::kPrimary || v.kind == Expr::Kind::kFunction;
    c.ir.default_value = token_only ? v.token.value : text;
    if (v.kind == Expr::Kind::kFunction) return;
    if (v.kind == Expr::Kind::kPrimary) {
      TokenKind k = v.token.kind;
      if (k == TokenKind::kString || k == TokenKind::kNumber || k == TokenKind::kQuoted) return;
      std::string l = Lower(v.token.value);
      if (k == TokenKind::kIdentifier && (l == "true" || l == "false" || l == "null")) return;
    }
    if (IsSignedNumber(v)) return;
    std::vector<const Token*> parts;
    if (Destructure(v, parts) && (parts.size() == 2 || parts.size() == 3)) {
      enum_defaults_.push_back({parts, v.span});
      return;
    }
    Report(v.span, "dbml-setting",
           "\"default\" must be a string, a number, an `expression`, true, false, null or an enum "
           "value, got " + Q(text));
  }

  void SubElement(TableInfo& t, const Element& el, std::vector<Span>& note_spans) {
    const std::string& k = el.keyword;
    if (k == "note") {
      note_spans.push_back(el.span);
      std::string text = NoteText(el);
      if (!text.empty()) t.ir.note = text;
    } else if (k == "indexes") {
      t.indexes.push_back(&el);
    } else if (k == "checks") {
      Checks(el);
    } else if (k == "ref") {
      Report(el.span, "dbml-context", "a Ref must appear at the top level, not inside a table");
    } else if (k == "table" || k == "enum" || k == "tablegroup" || k == "project" ||
               k == "tablepartial") {
      Report(el.span, "dbml-context", Q(el.type.value) + " must appear at the top level");
    } else {
      Report(el.type.span, "dbml-unknown-element",
             "unknown element " + Q(el.type.value) + " inside a table: expected a column, Note, "
             "Indexes or Checks");
    }
  }

  /// `Note: '…'` or `Note { '…' }` → the text; reports a malformed note.
  std::string NoteText(const Element& el) {
    const Expr* v = nullptr;
    if (el.simple_body) {
      if (el.body.size() == 1) v = &el.body[0];
    } else if (!el.body.empty() && el.body[0].body.size() == 1 &&
               el.body[0].body[0].kind == Stmt::Kind::kApplication &&
               el.body[0].body[0].parts.size() == 1) {
      v = &el.body[0].body[0].parts[0];
    }
    if (!v || v->kind != Expr::Kind::kPrimary ||
        (v->token.kind != TokenKind::kString && v->token.kind != TokenKind::kQuoted)) {
      Report(el.span, "dbml-note", "a note must hold exactly one string");
      return {};
    }
    return v->token.value;
  }

  void Checks(const Element& el) {
    if (el.simple_body || el.body.empty()) return;
    for (const Stmt& st : el.body[0].body) {
      if (st.kind != Stmt::Kind::kApplication || st.parts[0].kind != Expr::Kind::kFunction) {
        Report(st.span, "dbml-check", "a check must be an expression in backticks");
        continue;
      }
      for (size_t i = 1; i < st.parts.size(); ++i) {
        if (st.parts[i].kind != Expr::Kind::kList || i + 1 != st.parts.size()) {
          Report(st.parts[i].span, "dbml-check", "a check takes only an expression and [name: '…']");
          continue;
        }
        Duplicates(st.parts[i].attributes);
        for (const Attribute& a : st.parts[i].attributes) {
          if (a.name != "name") {
            Report(a.name_span, "dbml-setting", "unknown check setting " + Q(a.name) + ": expected name");
          }
        }
      }
    }
  }

  void Indexes(TableInfo& t, const Element& el) {
    if (el.simple_body || el.body.empty()) return;
    for (const Stmt& st : el.body[0].body) {
      if (st.kind != Stmt::Kind::kApplication) {
        Report(st.span, "dbml-index", "an index must be a column, (columns) or an `expression`");
        continue;
      }
      std::vector<int> cols;
      const Expr* list = nullptr;
      for (size_t i = 0; i < st.parts.size(); ++i) {
        const Expr& p = st.parts[i];
        if (p.kind == Expr::Kind::kList && i > 0 && i + 1 == st.parts.size()) {
          list = &p;
        } else if (p.kind == Expr::Kind::kTuple || p.kind == Expr::Kind::kGroup) {
          for (const Expr& c : p.items) IndexColumn(t, c, cols);
        } else {
          IndexColumn(t, p, cols);
        }
      }
      if (list) IndexSettings(t, *list, cols);
    }
  }

  void IndexColumn(TableInfo& t, const Expr& c, std::vector<int>& cols) {
    if (c.kind == Expr::Kind::kFunction) return;
    if (!c.IsVariable()) {
      Report(c.span, "dbml-index", "an index column must be a name or an `expression`");
      return;
    }
    auto it = t.column_index.find(c.token.value);
    if (it == t.column_index.end()) {
      Report(c.span, "dbml-unknown-column",
             "unknown column " + Q(c.token.value) + " in index of " +
                 (t.partial ? "table partial " : "table ") + Q(t.name));
      return;
    }
    cols.push_back(it->second);
  }

  void IndexSettings(TableInfo& t, const Expr& list, const std::vector<int>& cols) {
    for (const Attribute& a : list.attributes) {
      if (a.name == "pk") {
        for (int c : cols) t.columns[c].ir.primary_key = true;
      } else if (a.name == "unique") {
        if (cols.size() == 1) t.columns[cols[0]].ir.unique = true;
      } else if (a.name == "name" || a.name == "note") {
        if (!IsStringValue(a.value)) Report(SpanOf(a), "dbml-setting", Q(a.name) + " must be a string");
      } else if (a.name == "type") {
        if (a.value.size() != 1 || !a.value[0].IsVariable()) {
          Report(SpanOf(a), "dbml-setting", "index \"type\" must be btree or hash");
        }
      } else {
        Report(a.name_span, "dbml-setting",
               "unknown index setting " + Q(a.name) + ": expected pk, unique, name, type or note");
      }
    }
  }

  // ------------------------------------------------------------- pass 2
  void Deferred(const Element& el) {
    const std::string& k = el.keyword;
    if (k == "ref") return Ref(el);
    if (k == "tablegroup") return Group(el);
    if (k == "note") return Sticky(el);
    if (k == "project") return Project(el);
    if (k == "records") return Records(el);
  }

  void Ref(const Element& el) {
    if (!el.settings.empty()) {
      Report(el.settings[0].span, "dbml-ref", "a Ref takes no setting list before its body");
    }
    if (!el.name.empty() && !el.name[0].IsVariable()) {
      Report(el.name[0].span, "dbml-name", "a Ref name must be a single name");
    }
    if (el.simple_body) return RefField(el.body, el.span);
    if (el.body.empty()) return;
    const auto& body = el.body[0].body;
    if (body.size() != 1 || body[0].kind != Stmt::Kind::kApplication) {
      Report(el.span, "dbml-ref", "a Ref block must hold exactly one relationship");
      return;
    }
    RefField(body[0].parts, el.span);
  }

  void RefField(const std::vector<Expr>& parts, Span origin) {
    const Expr& rel = parts[0];
    if (rel.kind != Expr::Kind::kInfix || !IsRelation(rel.token.value)) {
      return Report(rel.span, "dbml-ref",
                    "a Ref must be a relationship \"a.x > b.y\" (one of \"<\", \">\", \"-\", \"<>\")");
    }
    for (size_t i = 1; i < parts.size(); ++i) {
      if (i + 1 != parts.size() || parts[i].kind != Expr::Kind::kList) {
        return Report(parts[i].span, "dbml-ref", "a Ref takes one relationship and an optional [settings] list");
      }
    }
    RefSpec r;
    r.op = rel.token.value;
    r.op_span = rel.token.span;
    r.origin = origin;
    if (!ParseEndpoint(rel.items[0], r.from) || r.from.table.empty()) {
      return Report(rel.items[0].span, "dbml-ref", "expected a column reference \"table.column\"");
    }
    if (!ParseEndpoint(rel.items[1], r.to) || r.to.table.empty()) {
      return Report(rel.items[1].span, "dbml-ref", "expected a column reference \"table.column\"");
    }
    if (parts.size() == 2) {
      r.settings = &parts[1].attributes;
      RefSettings(*r.settings);
    }
    refs_.push_back(r);
  }

  void RefSettings(const std::vector<Attribute>& settings) {
    static const std::set<std::string> kActions = {"cascade", "restrict", "set null", "set default",
                                                   "no action"};
    for (const Attribute& a : settings) {
      if (a.name == "delete" || a.name == "update") {
        if (a.value.size() != 1 || !a.value[0].IsIdentifier() ||
            !kActions.count(Lower(a.value[0].token.value))) {
          Report(SpanOf(a), "dbml-setting",
                 Q(a.name) + " must be one of: cascade, restrict, set null, set default, no action");
        }
      } else if (a.name == "color") {
        if (!IsColor(a.value)) Report(SpanOf(a), "dbml-setting", "\"color\" must be a color like #79ad51");
      } else {
        Report(a.name_span, "dbml-setting",
               "unknown ref setting " + Q(a.name) + ": expected delete, update or color");
      }
    }
  }

  void Group(const Element& el) {
    ir::TableGroup g;
    g.origin = el.span;
    if (el.name.empty() || !el.name[0].IsVariable()) {
      Report(el.name.empty() ? el.type.span : el.name[0].span, "dbml-name",
             "a TableGroup name must be a single name");
      return;
    }
    g.id = el.name[0].token.value;
    g.label.lines.push_back({{g.id}});
    if (group_names_.count(g.id)) {
      Report(el.name[0].span, "dbml-duplicate", "TableGroup " + Q(g.id) + " is already defined");
      return;
    }
    group_names_.insert(g.id);
    GroupSettings(el, g);
    int index = static_cast<int>(groups_.size());
    std::vector<Span> notes;
    if (!el.simple_body && !el.body.empty()) {
      for (const Stmt& st : el.body[0].body) GroupMember(st, index, g, notes);
    }
    if (notes.size() > 1) {
      for (Span s : notes) Report(s, "dbml-note", "a note is defined more than once here");
    }
    groups_.push_back(std::move(g));
  }

  void GroupSettings(const Element& el, ir::TableGroup& g) {
    if (el.settings.empty()) return;
    Duplicates(el.settings[0].attributes);
    for (const Attribute& a : el.settings[0].attributes) {
      if (a.name == "color") {
        if (!IsColor(a.value)) {
          Report(SpanOf(a), "dbml-setting", "\"color\" must be a color like #3498db");
        } else {
          g.style.fill = NormalizeColor(a.value[0].token.value);
        }
      } else if (a.name == "note") {
        if (!IsStringValue(a.value)) {
          Report(SpanOf(a), "dbml-setting", "\"note\" must be a string");
        } else {
          g.note = a.value[0].token.value;
        }
      } else {
        Report(a.name_span, "dbml-setting", "unknown TableGroup setting " + Q(a.name) + ": expected color or note");
      }
    }
  }

  void GroupMember(const Stmt& st, int group, ir::TableGroup& g, std::vector<Span>& notes) {
    if (st.kind == Stmt::Kind::kElement && st.element->keyword == "note") {
      notes.push_back(st.span);
      std::string text = NoteText(*st.element);
      if (!text.empty()) g.note = text;
      return;
    }
    if (st.kind != Stmt::Kind::kApplication) {
      return Report(st.span, "dbml-group", "a TableGroup holds table names and notes only");
    }
    for (size_t i = 1; i < st.parts.size(); ++i) {
      Report(st.parts[i].span, "dbml-group", "a TableGroup line must hold a single table name");
    }
    if (st.parts.size() > 1) return;
    std::vector<const Token*> parts;
    if (!Destructure(st.parts[0], parts) || parts.size() > 2) {
      return Report(st.parts[0].span, "dbml-group", "expected a table name, got " +
                                                        Q(std::string(diags_.file().Slice(st.parts[0].span))));
    }
    int t = FindTable(parts, parts.size(), true);
    if (t < 0) return;
    if (tables_[t].ir.group >= 0) {
      Report(st.parts[0].span, "dbml-group",
             "table " + Q(Join(parts, parts.size())) + " is already in group " +
                 Q(tables_[t].ir.group == group ? g.id : groups_[tables_[t].ir.group].id));
      return;
    }
    tables_[t].ir.group = group;
  }

  /// Looks a table up by `[schema.]name` or alias; reports at the name token.
  int FindTable(const std::vector<const Token*>& parts, size_t n, bool report) {
    std::string name = parts[n - 1]->value;
    std::string schema = n >= 2 ? parts[n - 2]->value : kPublic;
    auto it = table_index_.find(schema + "." + name);
    if (it != table_index_.end()) return it->second;
    if (n == 1) {
      auto a = aliases_.find(name);
      if (a != aliases_.end()) return a->second;
    }
    if (report) {
      Report(parts[n - 1]->span, "dbml-unknown-table",
             "unknown table " + Q(name) + (n >= 2 ? " in schema " + Q(schema) : ""));
    }
    return -1;
  }

  void Sticky(const Element& el) {
    if (el.name.empty() || !el.name[0].IsVariable()) {
      Report(el.type.span, "dbml-name", "a sticky note must have a name: Note name { '…' }");
      return;
    }
    ir::StickyNote n;
    n.id = el.name[0].token.value;
    n.origin = el.span;
    if (!notes_seen_.insert(n.id).second) {
      Report(el.name[0].span, "dbml-duplicate", "note " + Q(n.id) + " is already defined");
      return;
    }
    if (!el.settings.empty()) {
      for (const Attribute& a : el.settings[0].attributes) {
        if (a.name != "color") Report(a.name_span, "dbml-setting", "unknown note setting " + Q(a.name) + ": expected color");
      }
    }
    std::string text = NoteText(el);
    n.text = PlainText(text);
    notes_.push_back(std::move(n));
  }

  void Project(const Element& el) {
    if (++projects_ > 1) Report(el.type.span, "dbml-duplicate", "only one Project can be defined");
    if (projects_ == 1 && !el.name.empty() && el.name[0].IsVariable()) {
      project_title_ = el.name[0].token.value;
    }
    if (el.simple_body || el.body.empty()) return;
    std::vector<Span> notes;
    for (const Stmt& st : el.body[0].body) {
      if (st.kind != Stmt::Kind::kElement) {
        Report(st.span, "dbml-project", "a Project holds settings such as database_type: '…' and notes");
        continue;
      }
      const std::string& k = st.element->keyword;
      if (k == "note") {
        notes.push_back(st.span);
        std::string text = NoteText(*st.element);
        if (projects_ == 1 && notes.size() == 1) project_note_ = std::move(text);
      } else if (!st.element->simple_body) {
        Report(st.element->span, "dbml-context", Q(st.element->type.value) + " must appear at the top level");
      }
    }
    if (notes.size() > 1) {
      for (Span s : notes) Report(s, "dbml-note", "a note is defined more than once here");
    }
  }

  void Records(const Element& el) {
    if (el.name.empty() || el.name[0].kind != Expr::Kind::kCall) {
      Report(el.name.empty() ? el.type.span : el.name[0].span, "dbml-records",
             "expected Records table(column, …) { … }");
      return;
    }
    std::vector<const Token*> parts;
    if (!Destructure(el.name[0].items[0], parts) || parts.size() > 2) {
      return Report(el.name[0].span, "dbml-records", "expected a table name");
    }
    int t = FindTable(parts, parts.size(), true);
    if (t < 0) return;
    for (const Expr& c : el.name[0].items[1].items) {
      if (c.IsVariable() && !tables_[t].column_index.count(c.token.value)) {
        Report(c.span, "dbml-unknown-column", "unknown column " + Q(c.token.value) + " in " + Q(tables_[t].name));
      }
    }
  }

  // ---------------------------------------------------------------- refs
  void InlineRef(TableInfo& t, const Attribute& a, const ColumnInfo& c) {
    const Expr& prefix = a.value[0];
    RefSpec r;
    r.op = prefix.token.value;
    r.op_span = prefix.token.span;
    r.origin = a.span;
    r.owner_table = t.index;
    r.from_partial = t.partial;
    r.from.columns.push_back(c.name_token);
    r.from.span = c.name_token->span;
    if (!ParseEndpoint(prefix.items[0], r.to)) {
      return Report(prefix.items[0].span, "dbml-ref", "expected a column reference \"table.column\"");
    }
    refs_.push_back(r);
  }

  struct Resolved {
    int table = -1;
    bool partial = false;
    std::vector<int> columns;
    bool ok = false;
  };

  Resolved ResolveEnd(const RefSpec& r, const Endpoint& e) {
    Resolved out;
    if (e.table.empty()) {
      out.table = r.owner_table;
      out.partial = r.from_partial;
    } else {
      if (e.table.size() > 2) {
        Report(e.span, "dbml-ref", "expected \"table.column\" or \"schema.table.column\"");
        return out;
      }
      out.table = FindTable(e.table, e.table.size(), true);
      if (out.table < 0) return out;
    }
    TableInfo& t = out.partial ? partials_[out.table] : tables_[out.table];
    out.ok = true;
    for (const Token* c : e.columns) {
      auto it = t.column_index.find(c->value);
      if (it == t.column_index.end()) {
        Report(c->span, "dbml-unknown-column",
               "unknown column " + Q(c->value) + " in " + (out.partial ? "table partial " : "table ") +
                   Q(t.name));
        out.ok = false;
        continue;
      }
      out.columns.push_back(it->second);
    }
    return out;
  }

  static ir::Cardinality FromEnd(const std::string& op) {
    return op == ">" || op == "<>" ? ir::Cardinality::kMany : ir::Cardinality::kOne;
  }
  static ir::Cardinality ToEnd(const std::string& op) {
    return op == "<" || op == "<>" ? ir::Cardinality::kMany : ir::Cardinality::kOne;
  }

  void ResolveRefs() {
    std::map<std::vector<int>, std::vector<size_t>> by_ends;  // circular-ref detection
    for (size_t i = 0; i < refs_.size(); ++i) {
      const RefSpec& r = refs_[i];
      Resolved from = ResolveEnd(r, r.from);
      Resolved to = ResolveEnd(r, r.to);
      if (from.ok && to.ok && from.columns.size() != to.columns.size()) {
        Report(r.op_span, "dbml-ref",
               "composite ref has " + std::to_string(from.columns.size()) + " column(s) on the left and " +
                   std::to_string(to.columns.size()) + " on the right");
        continue;
      }
      if (from.ok && to.ok && from.partial == to.partial && from.table == to.table &&
          from.columns == to.columns) {
        Report(r.origin, "dbml-ref", "both ends of the ref are the same column");
        continue;
      }
      if (r.from_partial) continue;  // checked above; @dbml/core does not draw these
      if (from.ok && to.ok) {
        std::vector<int> a = from.columns, b = to.columns;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        a.insert(a.begin(), from.table);
        b.insert(b.begin(), to.table);
        if (b < a) std::swap(a, b);
        a.push_back(-1);
        a.insert(a.end(), b.begin(), b.end());
        by_ends[a].push_back(relationships_.size());
      }
      if (!(from.ok && to.ok) && !(options_.lenient && (from.ok || to.ok))) continue;
      AddRelationship(r, from, to);
    }
    for (const auto& [ends, list] : by_ends) {
      if (list.size() < 2) continue;
      for (size_t k : list) {
        Report(relationships_[k].origin, "dbml-ref", "a ref between these columns is already defined");
      }
    }
  }

  void AddRelationship(const RefSpec& r, const Resolved& from, const Resolved& to) {
    ir::Relationship rel;
    rel.from_table = from.ok ? from.table : -1;
    rel.to_table = to.ok ? to.table : -1;
    rel.from_columns = from.columns;
    rel.to_columns = to.columns;
    rel.from_end = FromEnd(r.op);
    rel.to_end = ToEnd(r.op);
    rel.dangling = !(from.ok && to.ok);
    rel.origin = r.origin;
    if (rel.dangling) {
      const Endpoint& missing = from.ok ? r.to : r.from;
      rel.label = PlainText(std::string(diags_.file().Slice(missing.span)));
    }
    if (r.settings) {
      for (const Attribute& a : *r.settings) {
        if (a.value.size() != 1) continue;
        if (a.name == "delete") rel.on_delete = Lower(a.value[0].token.value);
        if (a.name == "update") rel.on_update = Lower(a.value[0].token.value);
        if (a.name == "color" && IsColor(a.value)) rel.style.stroke = NormalizeColor(a.value[0].token.value);
      }
    }
    relationships_.push_back(std::move(rel));
  }

  void CheckEnumDefaults() {
    for (const auto& [parts, span] : enum_defaults_) {
      std::string schema = parts.size() == 3 ? parts[0]->value : kPublic;
      const Token* name = parts[parts.size() - 2];
      auto it = enum_index_.find(schema + "." + name->value);
      if (it == enum_index_.end()) {
        Report(name->span, "dbml-unknown-enum", "unknown enum " + Q(name->value));
        continue;
      }
      const TableInfo& e = enums_[it->second];
      const Token* value = parts.back();
      bool found = std::any_of(e.columns.begin(), e.columns.end(),
                               [&](const ColumnInfo& c) { return c.ir.name == value->value; });
      if (!found) {
        Report(value->span, "dbml-unknown-enum", "enum " + Q(name->value) + " has no value " + Q(value->value));
      }
    }
  }

  static std::string Id(const TableInfo& t) {
    return t.schema == kPublic ? t.name : t.schema + "." + t.name;
  }

  ir::Table EmitTable(TableInfo& t, const char* kind) {
    ir::Table out = std::move(t.ir);
    out.id = Id(t);
    out.kind = kind;
    out.label = PlainText(out.id);
    out.origin = t.el->span;
    for (ColumnInfo& c : t.columns) out.columns.push_back(std::move(c.ir));
    return out;
  }

  std::optional<ir::ErGraph> Emit() {
    ir::ErGraph g;
    for (TableInfo& t : tables_) g.tables.push_back(EmitTable(t, "table"));
    for (TableInfo& e : enums_) g.tables.push_back(EmitTable(e, "enum"));
    for (ir::Relationship& r : relationships_) {
      bool from_many = r.from_end == ir::Cardinality::kMany && r.to_end == ir::Cardinality::kOne;
      bool one_one = r.from_end == ir::Cardinality::kOne && r.to_end == ir::Cardinality::kOne;
      int t = from_many || one_one ? r.from_table : r.to_table;
      const std::vector<int>& cols = from_many || one_one ? r.from_columns : r.to_columns;
      if (t >= 0 && (from_many || one_one || r.to_end == ir::Cardinality::kMany) &&
          !(r.from_end == ir::Cardinality::kMany && r.to_end == ir::Cardinality::kMany)) {
        for (int c : cols) g.tables[t].columns[c].foreign_key = true;
      }
    }
    g.relationships = std::move(relationships_);
    g.groups = std::move(groups_);
    g.notes = std::move(notes_);
    // The Project names the diagram; its note describes it, as a caption.
    if (!project_title_.empty()) g.decorations.title = PlainText(project_title_);
    if (!project_note_.empty()) g.decorations.caption = PlainText(project_note_);
    g.left_to_right = options_.direction != 1;
    g.columns = options_.columns;
    return g;
  }

  const CompileOptions& options_;
  Diagnostics& diags_;
  bool failed_ = false;
  std::vector<TableInfo> tables_, partials_, enums_;
  std::map<std::string, int> table_index_, partial_index_, enum_index_, aliases_;
  std::vector<const Element*> deferred_;
  std::vector<RefSpec> refs_;
  std::vector<ir::Relationship> relationships_;
  std::vector<ir::TableGroup> groups_;
  std::set<std::string> group_names_, notes_seen_;
  std::vector<ir::StickyNote> notes_;
  std::vector<std::pair<std::vector<const Token*>, Span>> enum_defaults_;
  int projects_ = 0;
  std::string project_title_, project_note_;
};

}  // namespace
}  // namespace dg::compiler

namespace dg::compiler {

std::optional<ir::ErGraph> LowerDbml(const grammar::dbml::Document& doc,
                                     const CompileOptions& options, grammar::Diagnostics& diags) {
  return Checker(options, diags).Run(doc);
}

std::optional<ir::ErGraph> CompileDbml(const grammar::SourceFile& file,
                                       const CompileOptions& options, grammar::Diagnostics& diags) {
  grammar::Diagnostics local(file);
  grammar::dbml::Document doc = grammar::dbml::ParseDbml(file, local);
  bool syntax_failed = false;
  std::vector<grammar::Diagnostic> items = local.items();
  for (grammar::Diagnostic& d : items) {
    if (options.lenient && d.code == "dbml-sql-comment") d.severity = grammar::Severity::kWarning;
    if (d.severity == grammar::Severity::kError) syntax_failed = true;
  }
  grammar::Diagnostics semantic(file);
  std::optional<ir::ErGraph> graph = LowerDbml(doc, options, semantic);
  items.insert(items.end(), semantic.items().begin(), semantic.items().end());
  // Checks run pass by pass; the reader wants them in file order.
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return a.span.begin < b.span.begin;
  });
  for (grammar::Diagnostic& d : items) diags.Add(std::move(d));
  if (syntax_failed) return std::nullopt;
  return graph;
}

}  // namespace dg::compiler
