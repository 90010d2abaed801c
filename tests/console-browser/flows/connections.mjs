// Flows d and e (issue #9, "Done when" 1): the doctor on a connection whose mailbox is outside the
// app's Exchange scope (docs/doctor.md, mailbox-access), and a lane paused by an expired secret
// and resumed by a secret pasted into the rotate form.
import { join } from 'node:path';
import { addSecret, assert, config, readSecret, state, step, until, url } from '../lib/harness.mjs';
import { addGuideConnection, messageStatus, sandboxAdmin, sendMessage } from '../lib/gateway.mjs';
import { visit } from '../lib/pages.mjs';
import { runId } from './messages.mjs';

const lane = `demo/${config.sender}`;

async function openConnection(page, name) {
  await page.goto(url('/ui/connections'));
  await until(`connection ${name} on the Connections page`, async () => {
    if ((await page.locator(`table#connections tr[data-connection="${name}"]`).count()) === 1) return true;
    await page.reload();
    return false;
  }, { ms: 15000, every: 1000 });
  await page.locator(`table#connections tr[data-connection="${name}"] a[href$="/ui/connections/${name}"]`).first().click();
  await page.waitForURL((u) => u.pathname === `/ui/connections/${name}`);
}

// Reloads `path` until `probe(page)` holds (a lane's state changes on the engine's schedule).
async function reloadUntil(page, path, what, probe, ms = 90000) {
  await page.goto(url(path));
  return until(what, async () => {
    if (await probe(page)) return true;
    await page.reload();
    return false;
  }, { ms, every: 1500 });
}

async function laneState(page, selector) {
  const cell = page.locator(`${selector} .lane-state`);
  return (await cell.count()) ? (await cell.first().innerText()).trim() : null;
}

export async function doctorFlows() {
  const page = state.page;
  const name = 'outside-scope';

  await step('d1 sandbox: the guide app loses its tenant-wide grant; a connection for pat@ (outside the scope)', async () => {
    // As tests/e2e/doctor_e2e_test.cpp MakeRbacOnly: only the Exchange RBAC scope on the senders
    // group authorizes mailboxes now, and pat@company.com is not in that group.
    await sandboxAdmin('app', 'revoke-consent', config.client);
    await sandboxAdmin('app', 'remove-permission', config.client, 'Mail.Send');
    await sandboxAdmin('app', 'remove-permission', config.client, 'Mail.ReadWrite');
    await addGuideConnection(name, config.recipient);
  });

  await step('d2 Connections: the list and a connection page', async () => {
    await openConnection(page, 'demo');
    await page.goto(url('/ui/connections'));
    const row = page.locator('table#connections tr[data-connection="demo"]');
    assert((await row.locator('.tenant').innerText()).includes(config.tenant) ||
      (await row.locator('.tenant').innerText()).includes('company'), 'the demo row shows no tenant');
    assert((await row.locator('.client-id').innerText()).includes(config.client), 'the demo row shows no client ID');
    assert((await row.locator('.mailbox').innerText()).includes(config.sender), 'the demo row shows no mailbox');
    assert((await row.locator('.credential').innerText()).trim() === 'client secret', 'the demo credential is not "client secret"');
    assert((await row.locator('.expiry').innerText()).trim() !== '', 'the demo row shows no expiry');
    assert(['active', 'idle'].includes(await laneState(page, 'table#connections tr[data-connection="demo"]')), 'the demo lane is not active or idle');
    await visit(page, 'connections');
    await openConnection(page, name);
    const facts = await page.locator('dl#connection-facts').innerText();
    assert(facts.includes(config.recipient) && facts.includes(config.client), 'dl#connection-facts lacks the mailbox or client ID');
    const secret = page.locator('form#rotate-secret input#secret');
    assert(await secret.getAttribute('type') === 'password' && await secret.getAttribute('autocomplete') === 'off',
      'the rotate form\'s secret field is not type=password autocomplete=off');
    assert((await page.locator('label[for="secret"]').innerText()).includes('New client secret'), 'no label "New client secret"');
    await visit(page, 'connection');
  });

  await step('d3 Doctor: Test shows mailbox-access failed with its fix', async () => {
    await page.getByRole('button', { name: 'Test' }).click();
    await page.locator('ol#doctor-checks').waitFor({ timeout: 60000 });
    assert(await page.locator('main#main > h1').innerText() === `Doctor: ${name}`, 'the h1 is not "Doctor: <name>"');
    const check = page.locator('ol#doctor-checks li[data-check="mailbox-access"]');
    assert(await check.count() === 1, 'no mailbox-access check');
    assert(await check.getAttribute('data-status') === 'fail', `mailbox-access is ${await check.getAttribute('data-status')}`);
    assert(await check.locator('.check-title').count() === 1, 'the check has no .check-title');
    assert(await check.locator('.badge.status-fail').count() === 1, 'the check has no .badge.status-fail');
    const cause = await check.locator('.cause').innerText();
    assert(cause.includes(config.recipient), `the cause does not name ${config.recipient}: ${cause}`);
    const fix = await check.locator('pre .fix, .fix pre, pre.fix, .fix').first().innerText();
    assert(fix.includes('Add-DistributionGroupMember'), `the fix lacks Add-DistributionGroupMember: ${fix}`);
    for (const id of ['tenant', 'app', 'credential']) {
      assert(await page.locator(`ol#doctor-checks li[data-check="${id}"][data-status="pass"]`).count() === 1, `check ${id} did not pass`);
    }
    assert((await page.locator('#doctor-verdict').innerText()).includes(`${name} cannot send`), 'the verdict is not "cannot send"');
    await visit(page, 'doctor result');
  });
}

export async function laneFlows() {
  const page = state.page;
  const paused = (p) => laneState(p, `#lanes tr[data-lane="${lane}"]`).then((s) => s === 'paused');

  await step('e1 sandbox: the clock moves 400 days on, the demo secret expires; a message is sent', async () => {
    await sandboxAdmin('settings', '--set', `clockOffsetSeconds=${400 * 86400}`);
    state.pausedId = await sendMessage({ subject: `console-browser ${runId}: paused`, text: 'sent while the secret is expired' });
  });

  await step('e2 Overview: the lane is paused with the reason and the fix', async () => {
    await reloadUntil(page, '/ui/overview', `lane ${lane} paused on Overview`, paused);
    const row = page.locator(`#lanes tr[data-lane="${lane}"]`);
    const reason = await row.locator('.reason').innerText();
    assert(/7000222|expired/i.test(reason), `the reason does not say the secret expired: ${reason}`);
    assert((await row.locator('.fix').innerText()).trim() !== '', 'the paused lane has no fix');
    assert(await row.locator('pre .fix, pre.fix, .fix pre').count() >= 1, 'the fix is not in a <pre>');
    assert((await page.locator('#paused-lanes').innerText()).includes('demo'), '#paused-lanes does not list demo');
    assert((await messageStatus(state.pausedId)).status === 'queued', 'the message is not queued while paused');
    await visit(page, 'overview (paused)');
  });

  await step('e3 Connections: the lane is paused, with reason and fix on the connection page', async () => {
    await reloadUntil(page, '/ui/connections', 'demo paused on Connections',
      async (p) => (await laneState(p, 'table#connections tr[data-connection="demo"]')) === 'paused', 15000);
    await visit(page, 'connections (paused)');
    await openConnection(page, 'demo');
    assert((await page.locator('main .reason').first().innerText()).trim() !== '', 'no .reason on the connection page');
    assert((await page.locator('main .fix').first().innerText()).trim() !== '', 'no .fix on the connection page');
    await visit(page, 'connection (paused)');
  });

  await step('e4 rotate: a new secret from the sandbox, pasted into the rotate form', async () => {
    const file = join(config.work, 'rotated.secret');
    const made = await sandboxAdmin('app', 'add-secret', config.client, '--name', `rotated-${runId}`, '--value-file', file);
    const secret = readSecret(file);
    addSecret('rotated client secret', secret);
    await page.fill('form#rotate-secret input#secret', secret);
    const end = /"endDateTime"\s*:\s*"(\d{4}-\d\d-\d\d)/.exec(made.stdout);
    const expires = page.locator('form#rotate-secret input[name="expires"]');
    if (end && (await expires.count()) === 1) await expires.fill(end[1]);
    await page.locator('form#rotate-secret').getByRole('button', { name: 'Rotate secret' }).click();
    await page.waitForLoadState('load');
    assert(new URL(page.url()).pathname === '/ui/connections/demo', `after rotating the page is ${page.url()}`);
    assert(await page.locator('p#notice[role="status"]').count() === 1, 'no notice after rotating');
    assert(!(await page.content()).includes(secret), 'the new secret is echoed in the page');
    const field = page.locator('form#rotate-secret input#secret');
    assert((await field.count()) === 0 || (await field.inputValue()) === '', 'the secret field is not empty after rotating');
    await visit(page, 'connection (rotated)');
  });

  await step('e5 the lane resumes and the message is delivered', async () => {
    await until('the paused message delivered', async () => (await messageStatus(state.pausedId)).status === 'delivered',
      { ms: 120000, every: 1000 });
    await reloadUntil(page, '/ui/overview', `lane ${lane} active on Overview`,
      async (p) => (await laneState(p, `#lanes tr[data-lane="${lane}"]`)) === 'active', 30000);
    assert((await page.locator('#paused-lanes').innerText()).match(/No paused lanes/i), '#paused-lanes does not say "No paused lanes"');
    await visit(page, 'overview (resumed)');
    await page.goto(url(`/ui/messages/${state.pausedId}`));
    assert((await page.locator('#message-state').innerText()).trim() === 'delivered', 'the message page does not say delivered');
  });
}
