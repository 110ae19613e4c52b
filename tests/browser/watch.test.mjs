// Drives `diagc --watch` in a real headless Chromium: edit the file, see the
// picture change in place; break it, see the error overlay; fix it, see it
// recover.  usage: node watch.test.mjs PATH/TO/diagc
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const diagc = process.argv[2];
const dir = mkdtempSync(join(tmpdir(), 'diagc_watch_'));
const file = join(dir, 'live.puml');
const GOOD = '@startuml\n[Web App] as web\ndatabase "Users" as db\nweb --> db\n@enduml\n';
const EDITED = GOOD.replace('@enduml', '[Billing] as bill\nweb --> bill\n@enduml');
const PAGES = '@startuml\nAlice -> Bob : one\nnewpage\nBob -> Alice : two\n@enduml\n' +
              '@startuml second\n[A] --> [B]\n@enduml\n';
const BROKEN = '@startuml\n[Web App] as web\nweb -> -> db\n@enduml\n';

let passed = 0, failed = 0;
function check(name, ok, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name} ${detail}`); }
}

writeFileSync(file, GOOD);
const server = spawn(diagc, ['--watch', file, '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
const url = await new Promise((resolve, reject) => {
  let err = '';
  const timer = setTimeout(() => reject(new Error('no preview URL: ' + err)), 10000);
  server.stderr.on('data', chunk => {
    err += chunk;
    const m = err.match(/preview at (http:\/\/127\.0\.0\.1:\d+\/)/);
    if (m) { clearTimeout(timer); resolve(m[1]); }
  });
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage();
  await page.goto(url);
  const svgText = () => page.evaluate(() => document.querySelector('#diagram').textContent);
  // Waits for what a save must lead to, as the page shows it: never for a
  // time, nor for "some new version" (a compile of a half-written file would
  // be one). Only never getting there fails, after a bound far above need.
  const until = async (name, predicate) => {
    try {
      await page.waitForFunction(predicate, null, { timeout: 30000 });
      check(name, true);
    } catch (e) {
      check(name, false, String(e).split('\n')[0]);
    }
  };
  const shows = (text, state) => `document.body.dataset.state === '${state}' && ` +
      `document.querySelector('#diagram').textContent.includes('${text}')`;

  await until('first picture shows', shows('Web App', 'ok'));
  check('node group present', await page.locator('#diagram g.node').count() >= 2);

  // A marker on window survives only if the page is not reloaded.
  await page.evaluate(() => { window.__marker = 42; });
  writeFileSync(file, EDITED);
  await until('edit appears', shows('Billing', 'ok'));
  check('updated in place, no reload', await page.evaluate(() => window.__marker === 42));

  writeFileSync(file, BROKEN);
  await until('error overlay shows file:line:col',
              () => /live\.puml:3:\d+: error:/.test(document.querySelector('#overlay').textContent));
  check('overlay visible', await page.locator('#overlay').isVisible());
  check('last good picture kept under the error', (await svgText()).includes('Billing'));

  writeFileSync(file, GOOD);
  await until('recovers after the fix',
              `${shows('Web App', 'ok')} && !document.querySelector('#diagram').textContent.includes('Billing')`);
  check('overlay hidden again', !(await page.locator('#overlay').isVisible()));

  // Several diagrams and sequence pages: every one is shown, captioned.
  writeFileSync(file, PAGES);
  await until('every diagram and page shows', () => document.querySelectorAll('#diagram svg').length === 3);
  const captions = await page.locator('#diagram figcaption').allTextContents();
  check('pages captioned with their file names',
        JSON.stringify(captions) === JSON.stringify(['live.svg', 'live_001.svg', 'second.svg']), captions);
} catch (e) {
  check('browser session', false, String(e));
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
