#include "grammar/preproc_include.hpp"

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "grammar/stdlib.hpp"

namespace dg::grammar::puml::preproc {
namespace fs = std::filesystem;
namespace {

constexpr size_t kMaxIncludedBytes = 64u << 20;   // all files one compile includes
constexpr size_t kMaxIncludeFileBytes = 32u << 20;  // one file, as an input

std::string Quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

/// The scheme of "scheme://…" in lower case ("https", "file"), or "" when `s`
/// is no URL. One letter is a Windows drive ("C://x"), not a scheme.
std::string UrlScheme(std::string_view s) {
  size_t colon = s.find("://");
  if (colon == std::string_view::npos || colon < 2) return "";
  std::string scheme;
  for (size_t i = 0; i < colon; ++i) {
    char c = s[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) return "";
    scheme += static_cast<char>(letter ? c | 0x20 : c);
  }
  return scheme;
}

/// "C4/C4_Container" or "C4/C4_Container.puml" → the bundled path, or "".
std::string FindBundled(std::string_view name) {
  std::string path(name);
  if (stdlib::Find(path)) return path;
  if (stdlib::Find(path + ".puml")) return path + ".puml";
  return "";
}

/// Joins a stdlib folder and a relative path, resolving "." and "..";
/// "" when it climbs out of the stdlib.
std::string JoinBundled(std::string_view dir, std::string_view rel) {
  std::vector<std::string> parts;
  auto push = [&](std::string_view p) {
    size_t start = 0;
    while (start <= p.size()) {
      size_t slash = p.find('/', start);
      std::string_view seg = p.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
      if (seg == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!seg.empty() && seg != ".") {
        parts.emplace_back(seg);
      }
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    return true;
  };
  if (!push(dir) || !push(rel)) return "";
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

/// Resolves `rel` against the folder URL `dir` ("https://host/a/b") as a
/// browser does for "x.puml", "../x.puml" and "/x.puml"; "" when ".."
/// climbs above the host.
std::string JoinUrl(std::string_view dir, std::string_view rel) {
  size_t host_end = dir.find('/', dir.find("://") + 3);
  std::string_view origin = dir.substr(0, host_end);
  std::string_view path = host_end == std::string_view::npos ? "" : dir.substr(host_end + 1);
  if (!rel.empty() && rel[0] == '/') path = "";
  std::string joined = JoinBundled(path, rel);  // the same "." and ".." rules
  if (joined.empty()) return "";
  return std::string(origin) + "/" + joined;
}

std::string DirOf(const std::string& bundled_path) {
  size_t slash = bundled_path.rfind('/');
  return slash == std::string::npos ? "" : bundled_path.substr(0, slash);
}

}  // namespace

std::shared_ptr<const SourceFile> BundledFile(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const SourceFile>> files;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = files.find(path);
  if (it != files.end()) return it->second;
  const std::string_view* text = stdlib::Find(path);
  if (!text) return nullptr;
  auto file = std::make_shared<const SourceFile>("<" + path + ">", std::string(*text));
  files.emplace(path, file);
  return file;
}

IncludeResolver::IncludeResolver(const PreprocessOptions& options, const std::string& input) : options_(options) {
  std::error_code ec;
  bool stdin_input = input.empty() || input == "-" || input == "<stdin>";
  fs::path dir = stdin_input ? fs::current_path(ec) : fs::absolute(fs::path(input), ec).parent_path();
  input_origin_.dir = dir.string();
  if (!options.allow_local_includes) return;
  std::vector<std::string> folders = {input_origin_.dir};
  folders.insert(folders.end(), options.include_dirs.begin(), options.include_dirs.end());
  for (const std::string& folder : folders) {
    fs::path canonical = fs::canonical(folder, ec);
    if (!ec) roots_.push_back(canonical.string());
  }
}

bool IncludeResolver::IsBundledDir(std::string_view dir) {
  for (std::string_view path : stdlib::Paths()) {
    if (path.size() > dir.size() && path.substr(0, dir.size()) == dir && path[dir.size()] == '/') return true;
  }
  return false;
}

bool IncludeResolver::Resolve(std::string_view target, const IncludeOrigin& from, IncludedText* out,
                              std::string* error) {
  std::string t(target);
  if (t.size() >= 2 && t.front() == '<' && t.back() == '>') return ResolveBundled(t.substr(1, t.size() - 2), out, error);
  if (std::string scheme = UrlScheme(t); !scheme.empty()) return ResolveUrl(t, scheme, out, error);
  if (from.bundled) {
    std::string path = JoinBundled(from.dir, t);
    if (!path.empty() && stdlib::Find(path)) return ResolveBundled(path, out, error);
    *error = "cannot include " + Quote(t) + ": no such file in the bundled library folder " + Quote(from.dir);
    return false;
  }
  if (from.url) {  // beside the fetched file, as PlantUML reads it
    std::string url = JoinUrl(from.dir, t);
    if (url.empty()) {
      *error = "cannot include " + Quote(t) + " from a file fetched from " + Quote(from.dir) + ": it climbs above the host";
      return false;
    }
    return ResolveUrl(url, UrlScheme(url), out, error);
  }
  return ResolveLocal(t, from, out, error);
}

bool IncludeResolver::ResolveBundled(const std::string& name, IncludedText* out, std::string* error) {
  std::string path = FindBundled(name);
  if (path.empty()) {
    *error = "no bundled library file " + Quote("<" + name + ">") + "; the bundled libraries are: C4 (C4-PlantUML)";
    return false;
  }
  out->file = BundledFile(path);
  out->key = "<" + path + ">";
  out->origin = {DirOf(path), true, false};
  return true;
}

bool IncludeResolver::ResolveUrl(const std::string& url, const std::string& scheme, IncludedText* out,
                                 std::string* error) {
  if (scheme != "http" && scheme != "https") {
    *error = "cannot include " + Quote(url) + ": " + scheme + ":// is not read; an include is a file, a <library> "
             "or an https URL";
    return false;
  }
  std::string bundled = stdlib::MapUrl(url);
  if (!bundled.empty()) return ResolveBundled(bundled, out, error);
  if (!options_.allow_url_includes || !options_.fetch_url) {
    *error = "URL include " + Quote(url) + " is not allowed: diagc reads no network" +
             (options_.allow_local_includes ? " unless --allow-url-include is given" : " here") +
             " (C4-PlantUML URLs resolve to the bundled copy)";
    return false;
  }
  if (scheme != "https") {
    *error = "URL include " + Quote(url) + " is not fetched: only https URLs are (plain http can be altered on "
             "the way); use the https:// address";
    return false;
  }
  auto cached = read_.find(url);
  if (cached == read_.end()) {
    std::string body, fetch_error;
    if (!options_.fetch_url(url, &body, &fetch_error)) {
      *error = "cannot fetch " + Quote(url) + ": " + fetch_error;
      return false;
    }
    if ((bytes_read_ += body.size()) > kMaxIncludedBytes) {
      *error = "includes exceed " + std::to_string(kMaxIncludedBytes >> 20) + " MiB";
      return false;
    }
    cached = read_.emplace(url, std::make_shared<const SourceFile>(url, std::move(body))).first;
  }
  out->file = cached->second;
  out->key = url;
  out->origin = {url.substr(0, url.rfind('/')), false, true};
  return true;
}

bool IncludeResolver::Confined(const std::string& canonical) const {
  for (const std::string& root : roots_) {
    if (canonical.size() > root.size() && canonical.compare(0, root.size(), root) == 0 &&
        (root.back() == '/' || canonical[root.size()] == '/')) {
      return true;
    }
  }
  return false;
}

std::string IncludeResolver::AllowedFolders() const {
  std::string out;
  for (const std::string& root : roots_) out += (out.empty() ? "" : ", ") + Quote(root);
  return out;
}

bool IncludeResolver::ResolveLocal(const std::string& path, const IncludeOrigin& from, IncludedText* out,
                                   std::string* error) {
  if (!options_.allow_local_includes) {
    *error = "cannot include " + Quote(path) + ": local files may not be included here, only the bundled library "
             "(<C4/…>)";
    return false;
  }
  std::vector<fs::path> candidates;
  fs::path p(path);
  if (p.is_absolute()) {
    candidates.push_back(p);
  } else {
    candidates.push_back(fs::path(from.dir) / p);
    for (const std::string& dir : options_.include_dirs) candidates.push_back(fs::path(dir) / p);
  }
  std::string outside;
  for (const fs::path& candidate : candidates) {
    std::error_code ec;
    fs::path canonical = fs::canonical(candidate, ec);  // follows every symlink, removes ".."
    if (ec || !fs::is_regular_file(canonical, ec)) continue;
    std::string key = canonical.string();
    if (!Confined(key)) {
      if (outside.empty()) outside = key;
      continue;
    }
    auto cached = read_.find(key);
    if (cached == read_.end()) {
      std::ifstream in(canonical, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      std::string body = text.str();
      if (!in && !in.eof()) {
        *error = "cannot read " + Quote(key);
        return false;
      }
      if (body.size() > kMaxIncludeFileBytes || (bytes_read_ += body.size()) > kMaxIncludedBytes) {
        *error = "cannot include " + Quote(path) + ": includes exceed " + std::to_string(kMaxIncludedBytes >> 20) + " MiB";
        return false;
      }
      // Diagnostics name the file as the include wrote it, relative to the including folder.
      std::string display = fs::proximate(candidate.lexically_normal(), ec).string();
      cached = read_.emplace(key, std::make_shared<const SourceFile>(display, std::move(body))).first;
    }
    out->file = cached->second;
    out->key = key;
    out->origin = {canonical.parent_path().string(), false, false};
    return true;
  }
  if (!outside.empty()) {
    *error = "cannot include " + Quote(path) + ": it resolves to " + Quote(outside) +
             ", outside the folders includes may read (" + AllowedFolders() + "; add one with -I DIR)";
  } else {
    *error = "cannot find " + Quote(path) + " (looked in " + Quote(from.dir) +
             (options_.include_dirs.empty() ? std::string() : " and the -I folders") + ")";
  }
  return false;
}

}  // namespace dg::grammar::puml::preproc
