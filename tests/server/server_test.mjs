// End-to-end tests of `diagc serve`: a real server on loopback, real HTTP
// clients, and the CLI as the oracle (same text → same bytes).
import assert from 'node:assert/strict';
import {spawn, spawnSync, execFileSync} from 'node:child_process';
import {readFileSync, readdirSync, mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test, before, after} from 'node:test';
import zlib from 'node:zlib';
import {fileURLToPath} from 'node:url';
import plantumlEncoder from 'plantuml-encoder';

const DIAGC = process.argv[2];
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TIME_LIMIT_S = 2;
// Upper bounds on waits only prove that something ends at all; they must
// hold on a slow or loaded machine, so they are far above the expected time.
const LOOSE_SLACK_S = 20;
const SYNTAX_ERROR = '@startuml\n[A] --> [B]\nGateway -> -> UserSvc\n@enduml\n';

let server, base;

/** Starts `diagc serve` and resolves with its base URL once it prints it. */
function startServer(args, env = {}) {
  const child = spawn(DIAGC, ['serve', '--port', '0', ...args], {
    env: {...process.env, ...env}, stdio: ['ignore', 'ignore', 'pipe']});
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + text)), 10000);
    child.stderr.on('data', chunk => {
      text += chunk;
      const m = /listening on (http:\/\/[\d.]+:\d+)\//.exec(text);
      if (m) { clearTimeout(timer); resolve({child, url: m[1], banner: text}); }
    });
    child.on('exit', code => reject(new Error(`server exited with ${code}: ${text}`)));
  });
}

function cli(args, input) {
  return spawnSync(DIAGC, args, {input, maxBuffer: 64 << 20});
}

/** Kroki's encoding: zlib (RFC 1950) then base64url. */
function krokiEncode(text) {
  return zlib.deflateSync(Buffer.from(text, 'utf8'), {level: 9}).toString('base64url');
}

async function get(urlPath, headers = {}) {
  const res = await fetch(base + urlPath, {headers});
  return {status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer())};
}

async function post(urlPath, body, headers = {}) {
  const res = await fetch(base + urlPath, {method: 'POST', body, headers});
  return {status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer())};
}

function childrenOf(pid) {
  const kids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) kids.push(Number(entry));
    } catch { /* exited meanwhile */ }
  }
  return kids;
}

/** Resolves once `n` workers are busy: a request sent before has reached a worker. */
async function waitForBusyWorkers(url, n) {
  for (;;) {
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const busy = Number(/^diagc_workers\{state="busy"\} (\d+)$/m.exec(metrics)[1]);
    if (busy >= n) return;
    await new Promise(r => setTimeout(r, 20));
  }
}

/**
 * The /metrics text once no worker is busy and `workers` are alive. A slot
 * is busy until a killed or retired worker of it is reaped (after its answer
 * went out), so this snapshot counts every restart so far and its successor
 * too; "alive" alone can still count a worker about to be reaped.
 */
async function settledMetrics(url, workers) {
  const gauge = (text, state) => Number(new RegExp(`^diagc_workers\\{state="${state}"\\} (\\d+)$`, 'm').exec(text)[1]);
  let text = '';
  for (const started = Date.now(); Date.now() - started < LOOSE_SLACK_S * 1000;) {
    text = await (await fetch(`${url}/metrics`)).text();
    if (gauge(text, 'busy') === 0 && gauge(text, 'alive') === workers) return text;
    await new Promise(r => setTimeout(r, 20));
  }
  assert.fail(`the workers never settled (${workers} alive, none busy):\n${text}`);
}

const alive = pid => { try { process.kill(pid, 0); return true; } catch { return false; } };
const examples = readdirSync(path.join(ROOT, 'examples')).filter(f => f.endsWith('.puml')).sort();
// Until layout and render land, every compile fails; the tests then check the error paths.
const pipelineWorks = cli(['-', '-o', '-'], readFileSync(path.join(ROOT, 'examples/architecture.puml'))).status === 0;

before(async () => {
  ({child: server, url: base} = await startServer(
      ['--workers', '2', '--time-limit', String(TIME_LIMIT_S), '--memory-limit-mb', '768'],
      {DIAGC_SERVE_TEST_HOOKS: '1'}));
});

after(() => { if (server && server.exitCode === null) server.kill('SIGKILL'); });

test('binds 127.0.0.1 by default and answers /healthz', async () => {
  assert.match(base, /^http:\/\/127\.0\.0\.1:/);
  const res = await get('/healthz');
  assert.equal(res.status, 200);
  assert.equal(res.body.toString(), 'ok: 2 of 2 workers running\n');
});

test('GET / is the live-preview page', async () => {
  const res = await get('/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  assert.match(res.body.toString(), /<textarea/);
  assert.match(res.body.toString(), /method: 'POST'/);
});

for (const name of examples) {
  test(`GET /svg/<plantuml-encoder> equals the CLI for ${name}`, async () => {
    const text = readFileSync(path.join(ROOT, 'examples', name), 'utf8');
    const expected = cli(['-', '-o', '-'], text);
    const encoded = plantumlEncoder.encode(text);
    for (const prefix of ['/svg/', '/plantuml/svg/']) {
      const res = await get(prefix + encoded);
      if (expected.status === 0) {
        assert.equal(res.status, 200, res.body.toString());
        assert.equal(res.headers.get('content-type'), 'image/svg+xml');
        assert.ok(res.body.equals(expected.stdout), `${prefix}: SVG differs from the CLI's`);
      } else if (expected.signal) {
        // the compiler crashes on this input: the worker dies, is replaced, the client gets 503
        assert.equal(res.status, 503, `CLI died of ${expected.signal}`);
        assert.match(res.body.toString(), /crashed/);
      } else {
        assert.equal(res.status, 400);
      }
    }
    if (expected.signal) return;
    // The same text POSTed answers the CLI's exact diagnostics or SVG.
    const posted = await post('/svg', text);
    assert.equal(posted.status, expected.status === 0 ? 200 : 400);
    assert.ok(posted.body.equals(expected.status === 0 ? expected.stdout : expected.stderr),
              'POST /svg differs from the CLI: ' + posted.body.toString().slice(0, 300));
  });
}

test('Kroki GET /plantuml/{svg,png}/<zlib+base64url> equals the CLI', async () => {
  const text = readFileSync(path.join(ROOT, 'examples/architecture.puml'), 'utf8');
  for (const format of ['svg', 'png']) {
    const expected = cli(['-', '-T', format, '-o', '-'], text);
    const res = await get(`/plantuml/${format}/${krokiEncode(text)}`);
    if (expected.status === 0) {
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), format === 'svg' ? 'image/svg+xml' : 'image/png');
      assert.ok(res.body.equals(expected.stdout), `${format} differs from the CLI's`);
    } else {
      assert.equal(res.status, 400);
    }
  }
});

test('PlantUML ~h hex form and /img/ (png) are accepted', async () => {
  const text = readFileSync(path.join(ROOT, 'examples/architecture.puml'), 'utf8');
  const hex = '~h' + Buffer.from(text).toString('hex');
  const a = await get('/svg/' + hex);
  const b = await get('/svg/' + plantumlEncoder.encode(text));
  assert.equal(a.status, b.status);
  assert.ok(a.body.equals(b.body));
  const png = await get('/img/' + plantumlEncoder.encode(text));
  assert.equal(png.status, pipelineWorks ? 200 : 400);
  if (pipelineWorks) assert.equal(png.body.subarray(1, 4).toString(), 'PNG');
});

// What the VS Code PlantUML extension sends (read from its source: POST
// {server}/{format}/{page}/om80 first, GET {server}/{format}[/{page}]/<enc>
// otherwise), and what it reads back (X-PlantUML-Diagram-Error{,-Line}).
const PAGED = '@startuml\nAlice -> Bob : first page\nnewpage\nBob -> Alice : second page\n@enduml\n';

function pagesFromCli(text) {
  const dir = mkdtempSync(path.join(tmpdir(), 'diagc-pages-'));
  writeFileSync(path.join(dir, 'p.puml'), text);
  const run = cli([path.join(dir, 'p.puml')], '');
  assert.equal(run.status, 0, run.stderr.toString());
  return readdirSync(dir).filter(f => f.endsWith('.svg')).sort().map(f => readFileSync(path.join(dir, f)));
}

test('VS Code extension: POST /svg/{page}/om80 and GET /svg/{page}/<enc> give each newpage page', async () => {
  const pages = pagesFromCli(PAGED);
  assert.equal(pages.length, 2);
  const encoded = plantumlEncoder.encode(PAGED);
  for (const [index, expected] of pages.entries()) {
    const viaPost = await post(`/svg/${index}/om80`, PAGED, {'Content-Type': 'text/plain; charset=utf-8'});
    assert.equal(viaPost.status, 200, viaPost.body.toString());
    assert.ok(viaPost.body.equals(expected), `POST page ${index} differs from the CLI's`);
    const viaGet = await get(index === 0 ? `/svg/${encoded}` : `/svg/${index}/${encoded}`);
    assert.equal(viaGet.status, 200);
    assert.ok(viaGet.body.equals(expected), `GET page ${index} differs from the CLI's`);
  }
  const png = await get(`/png/1/${encoded}`);
  assert.equal(png.status, 200);
  assert.equal(png.body.subarray(1, 4).toString(), 'PNG');
  const missing = await post('/svg/2/om80', PAGED, {'Content-Type': 'text/plain'});
  assert.equal(missing.status, 400);
  assert.match(missing.body.toString(), /page 2 does not exist: the text has 2 pages \(0 to 1\)/);
});

test('VS Code extension: the error headers point at the line, as the extension computes it', async () => {
  for (const text of [SYNTAX_ERROR, SYNTAX_ERROR.replace('@startuml\n', '@startuml\n\n\n')]) {
    const res = await post('/svg/0/om80', text, {'Content-Type': 'text/plain; charset=utf-8'});
    assert.equal(res.status, 400);
    const error = res.headers.get('x-plantuml-diagram-error');
    assert.match(error, /^<stdin>:\d+:\d+: error: /);
    // The extension's parsePlantumlError: +1 for the @startuml line, plus the
    // blank lines right after it, indexes the diagram's lines.
    const lines = text.split('\n');
    let line = Number(res.headers.get('x-plantuml-diagram-error-line')) + 1;
    for (let i = 1; i < lines.length && !lines[i].trim(); ++i) ++line;
    assert.equal(lines[line - 1], 'Gateway -> -> UserSvc');
    assert.equal(line, Number(/^<stdin>:(\d+):/.exec(error)[1]));
  }
});

test('PlantUML server: /uml/ gives the text back; /txt/, /map/ are 501 with a clear text', async () => {
  const encoded = plantumlEncoder.encode(PAGED);
  const uml = await get('/uml/' + encoded);
  assert.equal(uml.status, 200);
  assert.equal(uml.body.toString(), PAGED);
  for (const kind of ['txt', 'utxt', 'map']) {
    const res = await get(`/${kind}/${encoded}`);
    assert.equal(res.status, 501);
    assert.match(res.body.toString(), /^diagc does not make .*; ask for \/svg\/, \/png\/ or \/pdf\//);
  }
});

test('Kroki: /health, and diagram_options theme from JSON, query and header', async () => {
  const health = await get('/health');
  assert.equal(health.status, 200);
  assert.equal(JSON.parse(health.body.toString()).status, 'pass');
  const text = readFileSync(path.join(ROOT, 'examples/architecture.puml'), 'utf8');
  const expected = cli(['-', '-o', '-', '--theme', 'dark'], text).stdout;
  const plain = cli(['-', '-o', '-'], text).stdout;
  assert.ok(!expected.equals(plain));
  const answers = [
    await post('/', JSON.stringify({diagram_source: text, diagram_type: 'plantuml', output_format: 'svg',
                                    diagram_options: {theme: 'dark'}}), {'Content-Type': 'application/json'}),
    await get(`/plantuml/svg/${krokiEncode(text)}?theme=dark`),
    await get(`/plantuml/svg/${krokiEncode(text)}`, {'Kroki-Diagram-Options-Theme': 'dark'}),
    await post('/plantuml/svg', text, {'Content-Type': 'text/plain', 'Kroki-Diagram-Options-Theme': 'dark'}),
  ];
  for (const res of answers) {
    assert.equal(res.status, 200, res.body.toString());
    assert.ok(res.body.equals(expected), 'themed SVG differs from diagc --theme dark');
  }
  const unknown = await post('/plantuml/svg?theme=cerulean', text, {'Content-Type': 'text/plain'});
  assert.equal(unknown.status, 400);
  assert.match(unknown.body.toString(), /unknown theme "cerulean"; themes: .*dark/);
  const image = await get(`/plantuml/svg/${krokiEncode(text)}?theme=cerulean`);  // an error picture, as GETs get
  assert.equal(image.status, 400);
  assert.match(image.body.toString(), /unknown theme &quot;cerulean&quot;/);
});

test('POST bodies of any Content-Type up to the limit (curl -d sends form-urlencoded)', async () => {
  const text = '@startuml\n' + "' padding the diagram past 8 KiB\n".repeat(1000) + '[A] --> [B]\n@enduml\n';
  assert.ok(text.length > 30000);
  const expected = cli(['-', '-o', '-'], text);
  const res = await post('/svg', text, {'Content-Type': 'application/x-www-form-urlencoded'});
  assert.equal(res.status, expected.status === 0 ? 200 : 400, res.body.toString());
  assert.ok(res.body.equals(expected.status === 0 ? expected.stdout : expected.stderr));
});

test('a second serve or --watch on a port in use fails with "port in use"', async () => {
  const port = new URL(base).port;
  const second = spawnSync(DIAGC, ['serve', '--port', port], {timeout: 20000});
  assert.equal(second.status, 3);
  assert.match(second.stderr.toString(), new RegExp(`error: port ${port} on 127\\.0\\.0\\.1 is in use`));
  const dir = mkdtempSync(path.join(tmpdir(), 'diagc-watch-'));
  writeFileSync(path.join(dir, 'w.puml'), '@startuml\n[A] --> [B]\n@enduml\n');
  const watch = spawnSync(DIAGC, [path.join(dir, 'w.puml'), '--watch', '--port', port], {timeout: 20000});
  assert.equal(watch.status, 3);
  assert.match(watch.stderr.toString(), new RegExp(`error: port ${port} on 127\\.0\\.0\\.1 is in use`));
});

test('--host 0.0.0.0 warns; --token and --allow-origin guard the server', async () => {
  const open = await startServer(['--host', '0.0.0.0', '--workers', '1']);
  open.child.kill('SIGTERM');
  assert.match(open.banner, /warning: 0\.0\.0\.0 is reachable from other machines.*--token, --allow-origin, or a reverse proxy/);
  const {child, url, banner} = await startServer(
      ['--workers', '1', '--token', 's3cret', '--allow-origin', 'https://docs.example']);
  try {
    assert.doesNotMatch(banner, /warning/);
    const encoded = plantumlEncoder.encode(SYNTAX_ERROR);
    const denied = await fetch(`${url}/svg/${encoded}`);
    assert.equal(denied.status, 401);
    assert.match(await denied.text(), /needs its token/);
    assert.equal((await fetch(`${url}/s3cret/svg/${encoded}`)).status, 400);  // the diagram's own error
    assert.equal((await fetch(`${url}/svg/${encoded}`, {headers: {Authorization: 'Bearer s3cret'}})).status, 400);
    assert.equal((await fetch(`${url}/s3cretx/svg/${encoded}`)).status, 401);
    assert.equal((await fetch(`${url}/s3`)).status, 401);
    const page = await fetch(`${url}/s3cret`);  // the editor, whose requests keep the token
    assert.equal(page.status, 200);
    assert.match(await page.text(), /location\.pathname/);
    assert.equal((await fetch(`${url}/healthz`)).status, 200);  // probes need no secret
    const foreign = await fetch(`${url}/s3cret/svg/${encoded}`, {headers: {Origin: 'https://evil.example'}});
    assert.equal(foreign.status, 403);
    const allowed = await fetch(`${url}/s3cret/svg/${encoded}`, {headers: {Origin: 'https://docs.example'}});
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://docs.example');
  } finally {
    child.kill('SIGTERM');
  }
});

test('Kroki dbml: GET and POST agree with the CLI on a .dbml file', async () => {
  const text = 'Table users {\n  id integer [pk]\n  name varchar\n}\nTable posts {\n  id integer [pk]\n' +
               '  user_id integer [ref: > users.id]\n}\n';
  const dir = mkdtempSync(path.join(tmpdir(), 'diagc-serve-'));
  writeFileSync(path.join(dir, 'schema.dbml'), text);
  const expected = cli([path.join(dir, 'schema.dbml'), '-o', '-'], '');
  const viaGet = await get('/dbml/svg/' + krokiEncode(text));
  const viaPost = await post('/dbml/svg', text, {'Content-Type': 'text/plain'});
  for (const res of [viaGet, viaPost]) {
    assert.equal(res.status, expected.status === 0 ? 200 : 400, res.body.toString());
    if (expected.status === 0) assert.ok(res.body.equals(expected.stdout));
  }
});

test('POST bodies: /svg, /plantuml/svg, /plantuml/svg with JSON, and POST / JSON agree', async () => {
  const text = readFileSync(path.join(ROOT, 'examples/architecture.puml'), 'utf8');
  const answers = [
    await post('/svg', text),
    await post('/plantuml/svg', text, {'Content-Type': 'text/plain'}),
    await post('/plantuml/svg', JSON.stringify({diagram_source: text}), {'Content-Type': 'application/json'}),
    await post('/', JSON.stringify({diagram_source: text, diagram_type: 'plantuml', output_format: 'svg'}),
               {'Content-Type': 'application/json'}),
  ];
  for (const res of answers) {
    assert.equal(res.status, answers[0].status);
    assert.ok(res.body.equals(answers[0].body));
  }
  const pdf = await post('/', JSON.stringify({diagram_source: text, diagram_type: 'plantuml', output_format: 'pdf'}),
                         {'Content-Type': 'application/json'});
  assert.equal(pdf.status, pipelineWorks ? 200 : 400);
  if (pipelineWorks) {
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(pdf.body.subarray(0, 4).toString(), '%PDF');
  }
});

test('JSON POST errors: not JSON, missing fields, unknown type', async () => {
  const notJson = await post('/', '{nope', {'Content-Type': 'application/json'});
  assert.equal(notJson.status, 400);
  assert.match(notJson.body.toString(), /not a JSON object/);
  const noSource = await post('/', JSON.stringify({diagram_type: 'plantuml'}));
  assert.equal(noSource.status, 400);
  assert.match(noSource.body.toString(), /"diagram_source"/);
  const noType = await post('/', JSON.stringify({diagram_source: 'x'}));
  assert.equal(noType.status, 400);
  assert.match(noType.body.toString(), /"diagram_type"/);
  const d2 = await post('/', JSON.stringify({diagram_source: 'a -> b', diagram_type: 'd2'}));
  assert.equal(d2.status, 400);
  assert.match(d2.body.toString(), /"d2" is not supported by diagc; supported types: plantuml, dbml, mermaid/);
});

test('Kroki\'s Mermaid routes render Mermaid', async () => {
  let res = await get('/mermaid/svg/' + krokiEncode('graph TD; A[Start]-->B{OK?}'));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /image\/svg\+xml/);
  assert.match(res.body.toString(), /<g class="node diamond" id="B">\s*<title>B<\/title>/);
  res = await post('/', JSON.stringify({diagram_source: 'sequenceDiagram\nA->>B: hi', diagram_type: 'mermaid'}));
  assert.equal(res.status, 200);
  assert.match(res.body.toString(), /<g class="message[^"]*"[^>]*>\s*<title>hi<\/title>/);
  res = await post('/mermaid/svg', 'erDiagram\nA ||--o{ B : has\nA oops');
  assert.equal(res.status, 400);
  assert.match(res.body.toString(), /<stdin>:3:3: error: unexpected "oops"/);
});

test('unknown diagram type or output format is a 400 that names what is supported', async () => {
  let res = await get('/d2/svg/' + krokiEncode('a -> b'));
  assert.equal(res.status, 400);
  assert.match(res.body.toString(), /diagram type "d2" is not supported by diagc/);
  res = await get('/nonsense/svg/abc');
  assert.equal(res.status, 400);
  assert.match(res.body.toString(), /unknown diagram type "nonsense"; supported types: plantuml, dbml, mermaid/);
  res = await get('/plantuml/jpeg/' + krokiEncode('@startuml\nA\n@enduml'));
  assert.equal(res.status, 400);
  assert.match(res.body.toString(), /output format "jpeg" is not supported; supported formats: svg, png, pdf/);
  res = await post('/dbml/txt', 'Table a {}');
  assert.equal(res.status, 400);
  res = await get('/no/such');
  assert.equal(res.status, 404);
  assert.match(res.body.toString(), /no such endpoint/);
});

test('bad encoding → 400 that says so', async () => {
  const res = await get('/plantuml/svg/notvalid', {Accept: 'text/plain'});
  assert.equal(res.status, 400);
  const kroki = await get('/dbml/svg/notvalid');
  assert.equal(kroki.status, 400);
  assert.match(kroki.body.toString(), /not a valid Kroki \(zlib \+ base64url\) or PlantUML/);
});

test('syntax error → 400 with the CLI\'s diagnostics, as text and as a JSON list', async () => {
  const expected = cli(['-', '-o', '-'], SYNTAX_ERROR);
  assert.equal(expected.status, 1);
  const text = await post('/svg', SYNTAX_ERROR);
  assert.equal(text.status, 400);
  assert.match(text.headers.get('content-type'), /^text\/plain/);
  assert.equal(text.body.toString(), expected.stderr.toString());
  assert.ok(text.headers.get('x-plantuml-diagram-error').startsWith('<stdin>:'));

  const expectedJson = cli(['-', '-o', '-', '--diagnostics-format', 'json'], SYNTAX_ERROR).stderr.toString()
      .trim().split('\n').map(line => JSON.parse(line));
  const json = await post('/svg', SYNTAX_ERROR, {Accept: 'application/json'});
  assert.equal(json.status, 400);
  assert.equal(json.headers.get('content-type'), 'application/json');
  const list = JSON.parse(json.body.toString());
  assert.ok(Array.isArray(list) && list.length > 0);
  assert.deepEqual(list, expectedJson);
  for (const d of list) {
    for (const field of ['file', 'line', 'column', 'end_line', 'end_column', 'severity', 'code', 'message']) {
      assert.ok(field in d, `diagnostic lacks "${field}"`);
    }
  }
});

test('GET /svg and /png of a broken diagram → 400 with an error image', async () => {
  const encoded = plantumlEncoder.encode(SYNTAX_ERROR);
  const svg = await get('/svg/' + encoded);
  assert.equal(svg.status, 400);
  const message = cli(['-', '-o', '-'], SYNTAX_ERROR).stderr.toString().split('\n')[0];
  if (svg.headers.get('content-type') === 'image/svg+xml') {
    assert.match(svg.body.toString(), /<svg/);
    // the first diagnostic line is drawn as text (XML-escaped)
    const firstWords = /^[a-z ]+/.exec(message.split(': error: ')[1])[0];
    assert.ok(svg.body.toString().includes(firstWords), 'error image lacks the diagnostic');
  } else {
    // the render stage is not merged yet: RenderSvg makes no bytes, text is the fallback
    assert.ok(!pipelineWorks);
    assert.equal(svg.body.toString(), cli(['-', '-o', '-'], SYNTAX_ERROR).stderr.toString());
  }
  const png = await get('/png/' + encoded);
  assert.equal(png.status, 400);
  if (png.headers.get('content-type') === 'image/png') assert.equal(png.body.subarray(1, 4).toString(), 'PNG');
  else assert.ok(!pipelineWorks);
  const bad = await get('/svg/notvalid');
  assert.equal(bad.status, 400);
});

test('!include of a file is refused: 400, no file contents leak', async () => {
  const res = await post('/svg', '@startuml\n!include /etc/passwd\n[A] --> [B]\n@enduml\n');
  assert.equal(res.status, 400);
  assert.doesNotMatch(res.body.toString(), /root:/);
  const url = await post('/svg', '@startuml\n!includeurl http://127.0.0.1:1/x\n@enduml\n');
  assert.equal(url.status, 400);
});

test('limits: body → 413, URL → 414, decoded text → 413', async () => {
  const big = await post('/svg', '@startuml\n' + "' pad\n".repeat(400000) + '@enduml\n');
  assert.equal(big.status, 413);
  assert.match(big.body.toString(), /larger than the limit of 1048576 bytes/);
  const longUrl = await get('/svg/' + 'A'.repeat(9000));
  assert.equal(longUrl.status, 414);
  // 1.3 MB of comments deflate to a short URL: the bounded inflation refuses it
  const bomb = plantumlEncoder.encode('@startuml\n' + "' aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n".repeat(40000) + '@enduml\n');
  assert.ok(bomb.length < 8000, `bomb URL is ${bomb.length} bytes`);
  const inflated = await get('/svg/' + bomb, {Accept: 'text/plain'});
  assert.equal(inflated.status, 413);
  assert.match(inflated.body.toString(), /decoded diagram is \d+ bytes, more than the limit/);
});

test('ETag and If-None-Match → 304; Cache-Control on answers', async () => {
  const encoded = plantumlEncoder.encode(readFileSync(path.join(ROOT, 'examples/architecture.puml'), 'utf8'));
  const first = await get('/svg/' + encoded);
  const etag = first.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{32}"$/);
  assert.ok(first.headers.get('cache-control'));
  const again = await get('/svg/' + encoded);
  assert.equal(again.headers.get('etag'), etag, 'ETag must be stable');
  assert.ok(again.body.equals(first.body));
  const notModified = await get('/svg/' + encoded, {'If-None-Match': etag});
  assert.equal(notModified.status, 304);
  assert.equal(notModified.body.length, 0);
  const png = await get('/png/' + encoded, {'If-None-Match': etag});
  assert.notEqual(png.status, 304, 'another format has another ETag');
});

test('time limit: a runaway diagram → 504 after the limit, while another request is served', async () => {
  const spin = "@startuml\n' diagc-test-hook: spin\n@enduml\n";
  await settledMetrics(base, 2);  // both workers up, whatever earlier tests crashed or timed out
  const started = Date.now();
  let slowDone = false;
  const slow = post('/svg', spin).then(res => { slowDone = true; return res; });
  await waitForBusyWorkers(base, 1);
  const quick = await post('/svg', SYNTAX_ERROR + "' other\n");
  assert.equal(quick.status, 400);
  assert.ok(!slowDone, 'the other worker answered while the runaway one spun');
  const res = await slow;
  const elapsed = (Date.now() - started) / 1000;
  assert.equal(res.status, 504);
  assert.match(res.body.toString(), /longer than the 2 s time limit/);
  // Never early; the upper bound only proves the spin was stopped at all
  // (it never ends by itself), so it is loose enough for a loaded machine.
  assert.ok(elapsed >= TIME_LIMIT_S - 0.1 && elapsed < TIME_LIMIT_S + LOOSE_SLACK_S, `took ${elapsed} s`);
  // the killed worker was replaced: two jobs still run side by side
  const [a, b] = await Promise.all([post('/svg', SYNTAX_ERROR + "'a\n"), post('/svg', SYNTAX_ERROR + "'b\n")]);
  assert.equal(a.status, 400);
  assert.equal(b.status, 400);
});

test('a large real diagram is answered, done or stopped at the time limit', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'diagc-serve-'));
  execFileSync('python3', [path.join(ROOT, 'bench/gen_component.py'), '4000', path.join(dir, 'n')]);
  const started = Date.now();
  const res = await post('/svg', readFileSync(path.join(dir, 'n.puml')));
  const elapsed = (Date.now() - started) / 1000;
  assert.ok([200, 400, 413, 504].includes(res.status), `status ${res.status}`);
  assert.ok(elapsed < TIME_LIMIT_S + LOOSE_SLACK_S, `took ${elapsed} s`);
});

test('a crashing renderer → 503; the server keeps serving', async () => {
  const crash = await post('/svg', "@startuml\n' diagc-test-hook: crash\n@enduml\n");
  assert.equal(crash.status, 503);
  assert.match(crash.body.toString(), /crashed/);
  assert.equal((await get('/healthz')).status, 200);
  assert.equal((await post('/svg', SYNTAX_ERROR)).status, 400);
});

test('a memory-hungry renderer → 503 at the memory limit, however slow the machine', async () => {
  // A small limit is reached after one 64 MiB block, and no time limit can
  // race it (a VM faulting pages at 300 MB/s once got 504 here at 768 MiB in 2 s).
  const {child, url} = await startServer(['--workers', '1', '--memory-limit-mb', '128', '--time-limit', '600'],
                                         {DIAGC_SERVE_TEST_HOOKS: '1'});
  try {
    const hog = await fetch(`${url}/svg`, {method: 'POST', body: "@startuml\n' diagc-test-hook: alloc\n@enduml\n"});
    assert.equal(hog.status, 503);
    assert.match(await hog.text(), /128 MiB memory limit/);
    const after = await fetch(`${url}/svg`, {method: 'POST', body: SYNTAX_ERROR});
    assert.equal(after.status, 400, 'the replaced worker renders');
    const metrics = await settledMetrics(url, 1);
    assert.match(metrics, /^diagc_worker_restarts_total\{reason="memory"\} 1$/m);
    assert.match(metrics, /^diagc_workers\{state="alive"\} 1$/m);
  } finally {
    child.kill('SIGTERM');
  }
});

test('workers past --recycle-mb are replaced between jobs, unseen by clients', async () => {
  const {child, url} = await startServer(['--workers', '1', '--recycle-mb', '1']);
  try {
    const text = readFileSync(path.join(ROOT, 'examples/architecture.puml'), 'utf8');
    const expected = cli(['-', '-o', '-'], text);
    for (let i = 0; i < 4; ++i) {
      const res = await fetch(`${url}/svg`, {method: 'POST', body: text + `' ${i}\n`});
      assert.equal(res.status, expected.status === 0 ? 200 : 400);
    }
    const metrics = await settledMetrics(url, 1);  // the fourth's successor is up
    assert.match(metrics, /^diagc_worker_restarts_total\{reason="recycled"\} 4$/m);
    assert.match(metrics, /^diagc_workers\{state="alive"\} 1$/m);
  } finally {
    child.kill('SIGTERM');
  }
});

test('/metrics: requests by route and status, errors, latency, in-flight, restarts', async () => {
  // Its own server: the counts are of this test's requests alone, whatever
  // the other tests did (or failed to do) before it.
  const {child, url} = await startServer(['--workers', '2', '--time-limit', '1'], {DIAGC_SERVE_TEST_HOOKS: '1'});
  try {
    const encoded = plantumlEncoder.encode(SYNTAX_ERROR);
    for (let i = 0; i < 2; ++i) assert.equal((await fetch(`${url}/svg/${encoded}`)).status, 400);  // a miss, a hit
    assert.equal((await fetch(url + '/', {method: 'POST', body: '{nope'})).status, 400);
    assert.equal((await fetch(`${url}/svg/${'A'.repeat(9000)}`)).status, 414);
    for (const hook of ['crash', 'spin']) {
      const res = await fetch(`${url}/svg`, {method: 'POST', body: `@startuml\n' diagc-test-hook: ${hook}\n@enduml\n`});
      assert.equal(res.status, hook === 'crash' ? 503 : 504);
    }
    const text = await settledMetrics(url, 2);
    assert.match(text, /^diagc_http_requests_total\{route="plantuml_get",status="400"\} 2$/m);
    assert.match(text, /^diagc_http_requests_total\{route="kroki_json",status="400"\} 1$/m);
    assert.match(text, /^diagc_http_requests_total\{route="other",status="414"\} 1$/m);
    assert.match(text, /^diagc_http_errors_total\{route="plantuml_post",class="5xx"\} 2$/m);
    assert.match(text, /^diagc_http_errors_total\{route="plantuml_get",class="4xx"\} 2$/m);
    const observed = Number(/^diagc_http_request_duration_seconds_bucket\{le="\+Inf"\} (\d+)$/m.exec(text)[1]);
    assert.ok(observed >= 6, `${observed} requests in the latency histogram`);  // and the /metrics polls
    assert.match(text, /^diagc_http_requests_in_flight 1$/m);  // this request
    assert.match(text, /^diagc_worker_restarts_total\{reason="timeout"\} 1$/m);
    assert.match(text, /^diagc_worker_restarts_total\{reason="crash"\} 1$/m);
    assert.match(text, /^diagc_workers\{state="alive"\} 2$/m);
    assert.match(text, /^diagc_cache_requests_total\{result="hit"\} 1$/m);
  } finally {
    child.kill('SIGTERM');
  }
});

test('SIGTERM: in-flight request is answered, server exits 0, workers are reaped', async () => {
  // Its own server, so that no worker of it is being replaced after another test's crash.
  const {child, url} = await startServer(['--workers', '2', '--time-limit', String(TIME_LIMIT_S)],
                                         {DIAGC_SERVE_TEST_HOOKS: '1'});
  await settledMetrics(url, 2);
  const workers = childrenOf(child.pid);
  assert.equal(workers.length, 2, 'two worker processes');
  let stderr = '';
  child.stderr.on('data', chunk => { stderr += chunk; });
  const exited = new Promise(resolve => child.on('exit', (code, signal) => resolve({code, signal})));
  const inFlight = fetch(`${url}/svg`, {method: 'POST', body: "@startuml\n' diagc-test-hook: spin\n@enduml\n"});
  await waitForBusyWorkers(url, 1);  // the job is in a worker, not still on its way
  child.kill('SIGTERM');
  const res = await inFlight;
  assert.equal(res.status, 504);
  const {code} = await exited;
  assert.equal(code, 0);
  for (const pid of workers) assert.ok(!alive(pid), `worker ${pid} still alive`);
  assert.match(stderr, /stopped/);
});
