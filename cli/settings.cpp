#include "cli/settings.hpp"

#include "cli/languages.hpp"
#include "grammar/text.hpp"
#include "render/theme.hpp"

namespace dg::cli {
namespace {

template <typename T>
void Take(std::optional<T>& into, const std::optional<T>& from) {
  if (from) into = from;
}

bool CheckTheme(const std::string& theme, std::string* error) {
  if (theme.empty() || render::FindTheme(theme)) return true;
  *error = "unknown theme \"" + theme + "\", expected one of: ";
  for (const std::string& name : render::ThemeNames()) error->append(name).append(", ");
  error->resize(error->size() - 2);
  return false;
}

std::optional<ir::ErGraph::Columns> ColumnsFromName(std::string_view name) {
  if (name == "all") return ir::ErGraph::Columns::kAll;
  if (name == "keys") return ir::ErGraph::Columns::kKeys;
  if (name == "none") return ir::ErGraph::Columns::kNone;
  return std::nullopt;
}

}  // namespace

void Settings::MergeFrom(const Settings& over) {
  Take(format, over.format);
  Take(language, over.language);
  Take(theme, over.theme);
  Take(dark_theme, over.dark_theme);
  Take(columns, over.columns);
  Take(direction, over.direction);
  Take(id_prefix, over.id_prefix);
  Take(lenient, over.lenient);
  Take(scale, over.scale);
}

bool ApplySettings(const Settings& s, DriverOptions* options, std::string* error) {
  if (s.format) {
    std::optional<Format> format = FormatFromName(Lower(*s.format));
    if (!format) {
      *error = "unknown format \"" + *s.format + "\", expected svg, png or pdf";
      return false;
    }
    options->format = *format;
  }
  if (s.language) {
    options->language = LanguageFromName(Lower(*s.language));
    if (!options->language) {
      *error = "unknown language \"" + *s.language + "\", expected one of: " + LanguageNameList();
      return false;
    }
  }
  for (const std::optional<std::string>& theme : {s.theme, s.dark_theme}) {
    if (theme && !CheckTheme(*theme, error)) return false;
  }
  if (s.theme) options->render.theme = *s.theme;
  if (s.dark_theme) options->render.dark_theme = *s.dark_theme;
  if (s.columns) {
    std::optional<ir::ErGraph::Columns> columns = ColumnsFromName(Lower(*s.columns));
    if (!columns) {
      *error = "unknown columns \"" + *s.columns + "\", expected all, keys or none";
      return false;
    }
    options->compile.columns = *columns;
  }
  if (s.direction) {
    std::string direction = Lower(*s.direction);
    if (direction != "tb" && direction != "lr") {
      *error = "unknown direction \"" + *s.direction + "\", expected TB or LR";
      return false;
    }
    options->compile.direction = direction == "lr" ? 2 : 1;
  }
  if (s.id_prefix) options->layout.id_prefix = *s.id_prefix;
  if (s.lenient) options->compile.lenient = *s.lenient;
  if (s.scale) {
    if (!(*s.scale >= 0.1 && *s.scale <= 8.0)) {
      *error = "scale " + std::to_string(*s.scale) + " is out of range, expected 0.1 to 8";
      return false;
    }
    options->render.scale = *s.scale;
  }
  return true;
}

}  // namespace dg::cli
