// Where !include (and %load_json) may read, and reading it: the bundled
// standard library, URLs it stands in for, and local files confined to the
// folders the command line allows (the input's, -I folders), symlinks and
// ".." resolved before the check.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/preproc_lines.hpp"
#include "grammar/puml_preprocess.hpp"
#include "grammar/source.hpp"

namespace dg::grammar::puml::preproc {

/// The file an include is written in: relative paths resolve against it.
struct IncludeOrigin {
  std::string dir;       ///< a folder on disk, a stdlib folder ("C4") when bundled, or a URL's folder
  bool bundled = false;
  bool url = false;      ///< fetched: relative includes in it are URLs beside it
};

/// A text an include resolved to.
struct IncludedText {
  std::shared_ptr<const SourceFile> file;
  std::string key;  ///< identity for "include once": canonical path, "<C4/C4.puml>" or the URL
  IncludeOrigin origin;  ///< what relative includes inside it resolve against
};

class IncludeResolver {
 public:
  /// `input` is the input's path ("<stdin>" or "-" for standard input: the
  /// current folder is then the input's folder).
  IncludeResolver(const PreprocessOptions& options, const std::string& input);

  /// `target` as written after !include (no "!N" selector). False and
  /// *error (saying why) when it may not or cannot be read.
  bool Resolve(std::string_view target, const IncludeOrigin& from, IncludedText* out, std::string* error);

  /// The origin of the input file itself.
  const IncludeOrigin& input_origin() const { return input_origin_; }

  /// The bundled folder a `!theme NAME from <dir>` or stdlib theme lives in.
  static bool IsBundledDir(std::string_view dir);

 private:
  bool ResolveBundled(const std::string& path, IncludedText* out, std::string* error);
  /// `scheme` is the URL's, in lower case: only https is fetched.
  bool ResolveUrl(const std::string& url, const std::string& scheme, IncludedText* out, std::string* error);
  bool ResolveLocal(const std::string& path, const IncludeOrigin& from, IncludedText* out, std::string* error);
  bool Confined(const std::string& canonical) const;
  std::string AllowedFolders() const;

  const PreprocessOptions& options_;
  IncludeOrigin input_origin_;
  std::vector<std::string> roots_;  ///< canonical folders local includes may read
  std::map<std::string, std::shared_ptr<const SourceFile>> read_;  ///< by key: each file is read once
  size_t bytes_read_ = 0;
};

/// Bundled files as SourceFiles, shared by every compile of the process.
std::shared_ptr<const SourceFile> BundledFile(const std::string& path);

}  // namespace dg::grammar::puml::preproc
