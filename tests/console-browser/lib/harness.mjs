// The browser tests' harness: named steps, the environment run.sh sets, Debian's chromium
// through playwright-core, and a record of every answer the browser or the plain HTTP checks
// received (bodies and headers), scanned for secrets at the end (docs/console.md, "Tested in a
// browser").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export function env(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run the tests through run.sh)`);
  return value;
}

// Secret values live only in files; they are read here and never printed.
export function readSecret(path) {
  return readFileSync(path, 'utf8').trim();
}

export const config = {
  bin: env('GP_BIN'),
  dataDir: env('GP_DATA_DIR'),
  sandboxDir: env('GP_SANDBOX_DIR'),
  baseUrl: env('GP_BASE_URL').replace(/\/$/, ''),
  work: env('GP_WORK'),
  screenshots: env('GP_SCREENSHOT_DIR'),
  serveLog: env('GP_SERVE_LOG'),
  tokenFile: env('GP_CONSOLE_TOKEN_FILE'),
  tenant: '3f6e1c2a-7b8d-4e59-9a1c-2d4b6f8e0a13',
  client: '8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d',
  sender: 'references@company.com',
  recipient: 'pat@company.com',
};
config.demoKeyFile = join(config.dataDir, 'demo.key');
config.operatorKeyFile = join(config.dataDir, 'operator.key');
config.demoSecretFile = join(config.sandboxDir, 'secrets', 'slapfive-email-automation.secret');

// Every secret the run handles, by name: none may appear in an answer. Rotated secrets join later.
export const secrets = new Map();
export function addSecret(name, value) {
  if (value && value.length >= 8) secrets.set(name, value);
}

// --- steps: each runs once, in order; a failure is recorded with the step's name and the run
// goes on (later steps that need its result fail on their own).
const results = [];
export const state = { visited: [] };  // what one step leaves for the next (ids, pages, URLs seen)

export async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false, error });
    console.log(`FAIL ${name}: ${error && error.stack ? error.stack : error}`);
  }
}

export function summary() {
  const failed = results.filter((r) => !r.ok);
  if (failed.length) {
    console.log('\nfailed steps:');
    for (const r of failed) console.log(`  - ${r.name}: ${String(r.error && r.error.message).split('\n')[0]}`);
  }
  console.log(`\nconsole-browser: ${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length;
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// Polls `probe` (async, returns a truthy value when done) every `every` ms for at most `ms`.
export async function until(what, probe, { ms = 60000, every = 500 } = {}) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, every));
  }
}

// --- everything received, for the secret scan.
export const collected = [];  // {where, url, status, headers, body}
export function collect(where, url, status, headers, body) {
  collected.push({ where, url, status, headers, body: body ?? '' });
}

// Records every answer a page receives (documents, assets, frames, fetches of the live refresh).
export function recordResponses(page) {
  page.on('response', async (response) => {
    let body = '';
    try {
      const status = response.status();
      if (status < 300 || status >= 400) body = (await response.body()).toString('latin1');
    } catch {
      // downloads and aborted requests have no body to read
    }
    collect('browser', response.url(), response.status(), await response.allHeaders().catch(() => ({})), body);
  });
}

// --- the browser.
export async function launchBrowser() {
  const args = ['--disable-dev-shm-usage', '--disable-gpu'];
  if (process.getuid && process.getuid() === 0) args.push('--no-sandbox');
  return chromium.launch({
    executablePath: process.env.GP_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args,
  });
}

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 375, height: 812 };

// A fresh context (no cookies) with CSP left on, dialogs and console messages recorded.
export async function newPage(browser, name) {
  const context = await browser.newContext({ viewport: desktop, acceptDownloads: true });
  const page = await context.newPage();
  page.events = { dialogs: [], console: [], errors: [] };
  page.on('dialog', async (dialog) => {
    page.events.dialogs.push(`${name}: ${dialog.type()} ${dialog.message()}`);
    await dialog.dismiss().catch(() => {});
  });
  page.on('console', (msg) => page.events.console.push(`${name}: ${msg.type()} ${msg.text()}`));
  page.on('pageerror', (err) => page.events.errors.push(`${name}: ${err.message}`));
  recordResponses(page);
  return page;
}

export function url(path) {
  return config.baseUrl + path;
}
