#include "server/index_page.hpp"

namespace dg::server {

std::string IndexPage() {
  return R"(<!doctype html>
<html><head><meta charset="utf-8"><title>diagc serve</title>
<style>
body { margin: 0; font-family: system-ui, sans-serif; display: flex; height: 100vh; background: #f6f7f9; }
#editor { width: 40%; display: flex; flex-direction: column; border-right: 1px solid #ccc; }
#editor header { padding: 8px 12px; display: flex; gap: 8px; align-items: center; }
textarea { flex: 1; margin: 0; border: 0; padding: 12px; font: 13px/1.45 monospace; resize: none; }
#preview { flex: 1; overflow: auto; padding: 16px; }
#errors { white-space: pre; font: 12px/1.4 monospace; color: #b00020; }
</style></head>
<body>
<div id="editor"><header><b>diagc</b>
<select id="type"><option value="plantuml">PlantUML</option><option value="dbml">DBML</option></select></header>
<textarea id="source" spellcheck="false">@startuml
package "Frontend" {
  [Web App] as web
}
node "Backend" {
  [API Gateway] as gw
  database "Users DB" as db
}
web --> gw : HTTPS
gw --> db
@enduml</textarea></div>
<div id="preview"><div id="diagram"></div><pre id="errors"></pre></div>
<script>
const source = document.getElementById('source');
const type = document.getElementById('type');
// Relative to where the page is served (/, /plantuml/ or /TOKEN/ with --token).
const base = location.pathname.replace(/(plantuml\/?)?$/, '').replace(/\/?$/, '/');
let timer = 0, sequence = 0;
async function render() {
  const mine = ++sequence;
  const response = await fetch(base + type.value + '/svg', {method: 'POST', body: source.value,
                                                          headers: {'Content-Type': 'text/plain'}});
  const text = await response.text();
  if (mine !== sequence) return;  // a newer edit already answered
  document.getElementById('errors').textContent = response.ok ? '' : text;
  if (response.ok) document.getElementById('diagram').innerHTML = text;
}
function schedule() { clearTimeout(timer); timer = setTimeout(render, 250); }
source.addEventListener('input', schedule);
type.addEventListener('change', schedule);
render();
</script></body></html>
)";
}

}  // namespace dg::server
