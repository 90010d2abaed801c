// What every visited console page is checked for (the page structure of docs/console.md): the
// shell (language, title, skip link, nav, <main> with its <h1>, no inline script or style), a
// full-page screenshot at 1280×800 and at 375×812, no horizontal overflow at either size with the
// nav reachable, and axe-core's accessibility rules (no serious or critical violations).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { assert, config, desktop, phone } from './harness.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let shots = 0;
export const a11y = [];  // one row per page name: {page, url, critical, serious, moderate, minor, ids}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export async function screenshot(page, name, suffix) {
  shots += 1;
  const file = join(config.screenshots, `${String(shots).padStart(2, '0')}-${slug(name)}-${suffix}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// The shell of dom-contract: asserts and returns the page's title text.
export async function checkShell(page, { signedIn = true } = {}) {
  const facts = await page.evaluate(() => {
    const main = document.querySelector('main#main');
    const first = main && main.firstElementChild;
    const nav = document.querySelector('header nav[aria-label="Console"]');
    return {
      lang: document.documentElement.getAttribute('lang'),
      title: document.title,
      skip: !!document.querySelector('a[href="#main"]'),
      main: !!main,
      h1: first && first.tagName === 'H1' ? first.textContent.trim() : null,
      inlineScripts: [...document.scripts].filter((s) => !s.src).length,
      // (axe and the screenshots leave empty style="" attributes behind; the HTML as served is
      // checked too, in security.mjs)
      styleAttributes: document.querySelectorAll('[style]:not([style=""])').length,
      handlerAttributes: [...document.querySelectorAll('*')].filter((e) =>
        [...e.attributes].some((a) => a.name.startsWith('on'))).length,
      stylesheets: [...document.querySelectorAll('link[rel="stylesheet"]')].map((l) => new URL(l.href).pathname),
      navLinks: nav ? [...nav.querySelectorAll('a')].map((a) => new URL(a.href).pathname) : [],
      current: nav ? [...nav.querySelectorAll('a[aria-current="page"]')].map((a) => new URL(a.href).pathname) : [],
      logout: !!document.querySelector('form#logout[action="/ui/logout"]'),
      tablesOutsideWrap: [...document.querySelectorAll('table.data')].filter(
        (t) => !t.parentElement.classList.contains('table-wrap')).length,
    };
  });
  const where = `${page.url()}`;
  assert(facts.lang === 'en', `${where}: <html lang> is ${facts.lang}, not "en"`);
  assert(/ · graphpost$/.test(facts.title), `${where}: title "${facts.title}" does not end in " · graphpost"`);
  assert(facts.skip, `${where}: no skip link to #main`);
  assert(facts.main, `${where}: no <main id="main">`);
  assert(facts.h1 !== null, `${where}: <main> does not start with an <h1>`);
  assert(facts.title.startsWith(facts.h1), `${where}: <h1> "${facts.h1}" is not the title "${facts.title}"`);
  assert(facts.inlineScripts === 0, `${where}: ${facts.inlineScripts} inline <script>`);
  assert(facts.styleAttributes === 0, `${where}: ${facts.styleAttributes} style="" attributes`);
  assert(facts.handlerAttributes === 0, `${where}: ${facts.handlerAttributes} elements with on* attributes`);
  assert(facts.stylesheets.length === 1 && facts.stylesheets[0].startsWith('/ui/assets/console'),
    `${where}: stylesheets ${JSON.stringify(facts.stylesheets)}`);
  assert(facts.tablesOutsideWrap === 0, `${where}: ${facts.tablesOutsideWrap} table.data not in .table-wrap`);
  if (signedIn) {
    for (const path of ['/ui/overview', '/ui/messages', '/ui/connections', '/ui/sandbox']) {
      assert(facts.navLinks.includes(path), `${where}: the nav has no link to ${path}: ${facts.navLinks}`);
    }
    assert(facts.current.length <= 1, `${where}: more than one nav link is aria-current`);
    assert(facts.logout, `${where}: no Sign out form (form#logout)`);
  }
  return facts.title;
}

// No horizontal overflow of the page; every nav link visible and inside the viewport.
async function checkLayout(page, size, signedIn) {
  const facts = await page.evaluate(() => {
    const nav = document.querySelector('header nav[aria-label="Console"]');
    const links = nav ? [...nav.querySelectorAll('a')] : [];
    return {
      width: window.innerWidth,
      doc: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      links: links.map((a) => {
        const r = a.getBoundingClientRect();
        const style = getComputedStyle(a);
        return { text: a.textContent.trim(), left: r.left, right: r.right, w: r.width, h: r.height,
          hidden: style.visibility === 'hidden' || style.display === 'none' };
      }),
    };
  });
  const where = `${page.url()} at ${size.width}×${size.height}`;
  assert(facts.doc <= facts.width && facts.body <= facts.width,
    `${where}: the page scrolls sideways (document ${facts.doc} px, body ${facts.body} px, viewport ${facts.width} px)`);
  if (signedIn) {
    assert(facts.links.length > 0, `${where}: no nav links`);
    for (const l of facts.links) {
      assert(!l.hidden && l.w > 0 && l.h > 0 && l.left >= 0 && l.right <= facts.width + 0.5,
        `${where}: nav link "${l.text}" is not reachable (${JSON.stringify(l)})`);
    }
  }
}

// axe-core, evaluated through the DevTools protocol (Runtime.evaluate), which the page's
// Content-Security-Policy does not govern; a <script> tag would be refused, and CSP stays on.
async function runAxe(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const loaded = await cdp.send('Runtime.evaluate', { expression: `${axeSource};typeof axe` , returnByValue: true });
    assert(loaded.result && loaded.result.value === 'object', `axe-core did not load: ${JSON.stringify(loaded.exceptionDetails || loaded.result)}`);
    // iframes: false — the sandboxed message body runs no script, and is the mail's, not the console's.
    const run = await cdp.send('Runtime.evaluate', {
      expression: `axe.run(document, { iframes: false, resultTypes: ['violations'] }).then((r) => JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))))`,
      awaitPromise: true,
      returnByValue: true,
    });
    assert(!run.exceptionDetails, `axe.run failed: ${JSON.stringify(run.exceptionDetails)}`);
    return JSON.parse(run.result.value);
  } finally {
    await cdp.detach().catch(() => {});
  }
}

async function checkAccessibility(page, name) {
  if (a11y.some((row) => row.page === name)) return;
  const violations = await runAxe(page);
  const count = (impact) => violations.filter((v) => v.impact === impact).length;
  const row = { page: name, url: new URL(page.url()).pathname, critical: count('critical'), serious: count('serious'),
    moderate: count('moderate'), minor: count('minor'), violations };
  a11y.push(row);
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert(bad.length === 0, `axe on ${name} (${row.url}): ${bad.map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(', ')}`).join('; ')}`);
}

// Everything above for the page now shown, named `name` in screenshots and the axe table.
export async function visit(page, name, { signedIn = true } = {}) {
  await page.waitForLoadState('load');
  const title = await checkShell(page, { signedIn });
  await screenshot(page, name, 'desktop');
  await checkLayout(page, desktop, signedIn);
  let failure = null;
  try {
    await checkAccessibility(page, name);
  } catch (error) {
    failure = error;
  }
  await page.setViewportSize(phone);
  try {
    await screenshot(page, name, 'phone');
    await checkLayout(page, phone, signedIn);
  } finally {
    await page.setViewportSize(desktop);
  }
  if (failure) throw failure;
  return title;
}

export function printA11yTable() {
  console.log('\naccessibility (axe-core %s): violations by impact per page', JSON.parse(
    readFileSync(require.resolve('axe-core/package.json'), 'utf8')).version);
  const rows = [['page', 'path', 'critical', 'serious', 'moderate', 'minor', 'rules'],
    ...a11y.map((r) => [r.page, r.url, r.critical, r.serious, r.moderate, r.minor,
      r.violations.map((v) => v.id).join(',') || '-'])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  for (const row of rows) console.log('  ' + row.map((c, i) => String(c).padEnd(widths[i])).join('  '));
}
