// Rebuilds the Mermaid conformance corpus: extracts every diagram from the
// sources (Mermaid's docs pages in sources/, Mermaid's and mermaid-cli's
// READMEs, the @mermaid-js/examples package), then asks the real Mermaid
// (11.x, in headless Chromium through Puppeteer) what it made of each one.
//
//   node tests/mermaid_corpus/regenerate.mjs [MMDC_DIR]
//
// MMDC_DIR holds mermaid-cli, Mermaid and the examples package in
// node_modules, and puppeteer.json: bench/mermaid-cli by default (install it
// with `cd bench/mermaid-cli && PUPPETEER_SKIP_DOWNLOAD=1 npm install`).
//
// Writes <type>/<case>.mmd and <case>.expect.json for flowchart, sequence, er
// and other (types diagc does not draw). Facts come from Mermaid's own parse
// (diagram.db) and a full mermaid.render(); a diagram Mermaid fails to render
// gets "verdict": "reject".
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const mmdcDir = path.resolve(process.argv[2] || process.env.MMDC_DIR || path.join(here, '../../bench/mermaid-cli'));
const require = createRequire(path.join(mmdcDir, 'package.json'));
const puppeteer = require('puppeteer');
const modules = path.join(mmdcDir, 'node_modules');

/// Fenced ```mermaid / ```mermaid-example blocks of a Markdown text.
function fencedBlocks(markdown) {
  const blocks = [];
  const re = /^```(mermaid|mermaid-example)[ \t]*\n([\s\S]*?)^```[ \t]*$/gm;
  for (let m; (m = re.exec(markdown)); ) blocks.push(m[2]);
  return blocks;
}

async function collectSources() {
  const cases = [];
  const add = (prefix, texts) =>
    texts.forEach((text, i) => cases.push({ name: `${prefix}-${String(i + 1).padStart(3, '0')}`, text }));
  for (const file of fs.readdirSync(path.join(here, 'sources')).sort()) {
    add(path.basename(file, '.md'), fencedBlocks(fs.readFileSync(path.join(here, 'sources', file), 'utf8')));
  }
  add('readme-mermaid', fencedBlocks(fs.readFileSync(path.join(modules, 'mermaid/README.md'), 'utf8')));
  add('readme-mermaid-cli',
      fencedBlocks(fs.readFileSync(path.join(modules, '@mermaid-js/mermaid-cli/README.md'), 'utf8')));
  const examples = await import(pathToFileURL(require.resolve('@mermaid-js/examples')));
  for (const diagram of examples.diagramData) {
    add(`examples-${diagram.id}`, (diagram.examples || []).map((e) => e.code.replace(/\s*$/, '\n')));
  }
  return cases;
}

/// Runs in the page: Mermaid's parse and render of one text, reduced to facts.
async function factsInPage(text, n) {
  const firstLine = (s) => String(s ?? '').split(/<br\s*\/?>|\n/i)[0].trim();
  try {
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    const facts = { verdict: 'accept', mermaid_type: diagram.type };
    if (diagram.type === 'flowchart-v2' || diagram.type === 'flowchart') {
      const edges = db.getEdges();
      const clusters = new Set(db.getSubGraphs().map((s) => s.id));
      facts.elements = [...db.getVertices().keys()].filter((id) => !clusters.has(id));
      facts.links = edges.filter((e) => e.stroke !== 'invisible').length;
      facts.clusters = db.getSubGraphs().map((s) => s.id);
    } else if (diagram.type === 'sequence') {
      const actors = db.getActors();
      facts.participants = db.getActorKeys().map((k) => firstLine(actors.get(k).description));
      // Notes (type 2) and activations (no "to") are not messages.
      facts.messages = db.getMessages().filter((m) => m.from && m.to && m.type !== 2).length;
    } else if (diagram.type === 'er') {
      const entities = db.getEntities();
      facts.elements = [...entities.keys()];
      facts.links = db.getRelationships().length;
    }
    await mermaid.render(`corpus${n}`, text);
    return facts;
  } catch (e) {
    return { verdict: 'reject', error: String(e?.message ?? e).split('\n').slice(0, 3).join(' ').slice(0, 300) };
  }
}

const kFolder = { 'flowchart-v2': 'flowchart', flowchart: 'flowchart', sequence: 'sequence', er: 'er' };

/// The folder for a case: Mermaid's type when it accepted it, else a guess
/// from the first keyword (so rejected flowcharts still count as flowcharts).
function folderFor(text, facts) {
  if (facts.mermaid_type) return kFolder[facts.mermaid_type] || 'other';
  const body = text.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/%%.*$/gm, '');
  const word = (body.match(/^\s*([\w-]+)/) || [])[1] || '';
  if (/^(graph|flowchart)/.test(word)) return 'flowchart';
  if (word === 'sequenceDiagram') return 'sequence';
  if (word === 'erDiagram') return 'er';
  return 'other';
}

const cases = await collectSources();
const browser = await puppeteer.launch(JSON.parse(fs.readFileSync(path.join(mmdcDir, 'puppeteer.json'), 'utf8')));
const page = await browser.newPage();
await page.setContent('<!doctype html><body></body>');
await page.addScriptTag({ path: path.join(modules, 'mermaid/dist/mermaid.min.js') });
await page.evaluate(() => mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' }));
const version = JSON.parse(fs.readFileSync(path.join(modules, 'mermaid/package.json'), 'utf8')).version;

for (const folder of new Set(Object.values(kFolder)).add('other')) {
  fs.rmSync(path.join(here, folder), { recursive: true, force: true });
  fs.mkdirSync(path.join(here, folder));
}
const counts = {};
for (const [n, c] of cases.entries()) {
  const facts = await page.evaluate(factsInPage, c.text, n);
  const folder = folderFor(c.text, facts);
  counts[`${folder} ${facts.verdict}`] = (counts[`${folder} ${facts.verdict}`] || 0) + 1;
  fs.writeFileSync(path.join(here, folder, `${c.name}.mmd`), c.text);
  fs.writeFileSync(path.join(here, folder, `${c.name}.expect.json`), JSON.stringify(facts, null, 1) + '\n');
}
await browser.close();
console.log(`mermaid ${version}: ${cases.length} cases`, counts);
