// The gateway and its embedded sandbox, outside the browser: the REST API with the demo key (as
// the demo's printed curl does), plain HTTP requests whose answers join the secret scan, and the
// CLI (`graphpost sandbox ...` admin verbs on the demo sandbox, `graphpost connection add`).
// Secret values go through files and the environment, never argv.
import { execFile } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { collect, config, readSecret, url } from './harness.mjs';

// fetch() that records the answer (body and headers) for the secret scan; no redirects followed.
export async function http(path, init = {}) {
  const response = await fetch(url(path), { redirect: 'manual', ...init });
  const body = await response.text();
  const headers = Object.fromEntries(response.headers.entries());
  collect('http', url(path), response.status, headers, body);
  return { status: response.status, headers, body, json: () => JSON.parse(body) };
}

function demoAuth() {
  return { Authorization: `Bearer ${readSecret(config.demoKeyFile)}` };
}

// POST /v1/messages with the demo key: returns the new message's id.
export async function sendMessage(message) {
  const answer = await http('/v1/messages', {
    method: 'POST',
    headers: { ...demoAuth(), 'Content-Type': 'application/json' },
    body: JSON.stringify({ connection: 'demo', from: config.sender, to: [config.recipient], ...message }),
  });
  if (answer.status !== 202) throw new Error(`POST /v1/messages answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  return answer.json().id;
}

export async function messageStatus(id) {
  const answer = await http(`/v1/messages/${id}`, { headers: demoAuth() });
  if (answer.status !== 200) throw new Error(`GET /v1/messages/${id} answered ${answer.status}`);
  return answer.json();
}

// Runs the graphpost binary; its output goes to the work folder's cli.log (never to ours).
export function cli(args, { allowFail = false } = {}) {
  const log = join(config.work, 'cli.log');
  return new Promise((resolve, reject) => {
    execFile(config.bin, args, { timeout: 60000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      appendFileSync(log, `$ graphpost ${args[0]} ... ${args.slice(1, 4).join(' ')}\n${stdout}${stderr}\n`);
      if (error && !allowFail) {
        reject(new Error(`graphpost ${args.slice(0, 5).join(' ')} … failed (${error.code}); see ${log}: ${stderr.slice(-300)}`));
      } else {
        resolve({ code: error ? error.code : 0, stdout, stderr });
      }
    });
  });
}

// `graphpost sandbox --state-dir <demo sandbox> ARGS...`, the running demo sandbox's admin CLI.
export function sandboxAdmin(...args) {
  return cli(['sandbox', '--json', '--state-dir', config.sandboxDir, ...args]);
}

// A connection through the demo sandbox with the guide app's generated secret (read from its file).
export function addGuideConnection(name, mailbox) {
  return cli(['--data-dir', config.dataDir, 'connection', 'add', name, '--tenant', config.tenant,
    '--client-id', config.client, '--user-id', mailbox, '--secret-file', config.demoSecretFile,
    '--sandbox', '--sandbox-dir', config.sandboxDir]);
}

// `graphpost connection --json show NAME`: what the store holds (the secret only as "set").
export async function connectionFacts(name) {
  const { stdout } = await cli(['--data-dir', config.dataDir, 'connection', '--json', 'show', name]);
  const facts = JSON.parse(stdout);
  return { secretExpiresOn: facts.secretExpiresOn, updated: facts.updated };
}

// The session cookie of a signed-in browser context as a Cookie header.
export async function cookieHeader(context) {
  const cookies = await context.cookies(url('/ui/'));  // the session cookie's Path is /ui
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
