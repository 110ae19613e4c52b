// The standard library bundled into diagc (stdlib/ in the source tree):
// what `!include <C4/C4_Container>` reads, and the URLs it stands in for.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dg::grammar::stdlib {

/// The bundled file at `path` ("C4/C4_Container.puml"), or nullptr.
const std::string_view* Find(std::string_view path);

/// Every bundled path, sorted.
std::vector<std::string_view> Paths();

/// The bundled path a URL include stands for ("C4/C4_Container.puml" for
/// https://raw.githubusercontent.com/plantuml-stdlib/C4-PlantUML/master/C4_Container.puml),
/// or "" when no bundled library mirrors that URL.
std::string MapUrl(std::string_view url);

}  // namespace dg::grammar::stdlib
