// Flow c (issue #9, "Done when" 1): the delivered message in the sandbox — the tenant, the
// recipient's Inbox, the message page with its body in a sandboxed iframe, and the attachment
// download (bytes as sent, served as an attachment).
import { readFileSync } from 'node:fs';
import { assert, collect, config, state, step, until, url } from '../lib/harness.mjs';
import { visit } from '../lib/pages.mjs';

// Opens Sandbox → the tenant → the mailbox's folder; returns nothing, leaves the page there.
export async function openMailbox(page, address, folder = 'inbox', { check = false } = {}) {
  await page.goto(url('/ui/sandbox'));
  await page.locator(`table#tenants tr[data-tenant="${config.tenant}"] a`).first().click();
  await page.waitForURL((u) => u.pathname === `/ui/sandbox/${config.tenant}`);
  if (check) await checkTenant(page);
  await page.locator(`#mailboxes tr[data-mailbox="${address}"] a`).first().click();
  await page.waitForURL((u) => decodeURIComponent(u.pathname).endsWith(`/mailboxes/${address}`));
  if (folder !== 'inbox') {
    await page.locator('nav#folders').getByRole('link', { name: 'Sent Items' }).click();
    await page.waitForURL((u) => u.searchParams.get('folder') === folder);
  }
}

async function checkTenant(page) {
  for (const section of ['#apps', '#service-principals', '#scopes', '#role-assignments', '#access-policies', '#mailboxes']) {
    assert(await page.locator(section).count() === 1, `the tenant page has no ${section}`);
  }
  const apps = await page.locator('#apps').innerText();
  assert(apps.includes(config.client) && apps.includes('SlapFive Email Automation'), 'the app is not listed in #apps');
  assert((await page.locator('#scopes').innerText()).includes('SlapFive Email Senders Scope'), 'the scope is not listed');
  assert((await page.locator('#role-assignments').innerText()).includes('Application Mail.Send'), 'the role assignment is not listed');
  await visit(page, 'tenant');
}

// The row of `subject` in table#mail, polled through reloads (the copy may take a moment).
async function mailRow(page, subject) {
  return until(`"${subject}" in table#mail`, async () => {
    const row = page.locator('table#mail tr[data-mail-id]').filter({ hasText: subject });
    if ((await row.count()) >= 1) return row.first();
    await page.reload();
    return null;
  }, { ms: 30000, every: 1000 });
}

export async function openSandboxMessage(page, subject) {
  const row = await mailRow(page, subject);
  await row.locator('.subject a').first().click();
  await page.waitForURL((u) => u.pathname.includes('/messages/'));
}

export async function sandboxFlows() {
  const page = state.page;

  await step('c1 Sandbox: the tenants, the tenant page, the recipient\'s Inbox lists the message', async () => {
    await page.goto(url('/ui/sandbox'));
    const current = await page.locator('nav[aria-label="Console"] a[aria-current="page"]').getAttribute('href');
    assert(current && current.endsWith('/ui/sandbox'), `the current nav link is ${current}`);
    assert(await page.locator(`table#tenants tr[data-tenant="${config.tenant}"]`).count() === 1, 'the tenant is not listed');
    await visit(page, 'sandbox');
    await openMailbox(page, config.recipient, 'inbox', { check: true });
    const inbox = page.locator('nav#folders a[aria-current="page"]');
    assert((await inbox.innerText()).trim() === 'Inbox', 'the Inbox tab is not current');
    const row = await mailRow(page, state.subject);
    assert((await row.locator('.from').innerText()).includes(config.sender), 'the mail row does not show the sender');
    assert((await row.locator('.to').innerText()).includes(config.recipient), 'the mail row does not show the recipient');
    assert((await row.locator('.attachments').innerText()).trim() === '1', 'the mail row does not count 1 attachment');
    await visit(page, 'mailbox');
  });

  await step('c2 Sandbox message: headers, the body in a sandboxed iframe', async () => {
    await openSandboxMessage(page, state.subject);
    state.sandboxMessageUrl = page.url();
    const headers = await page.locator('dl#mail-headers').innerText();
    for (const fact of [state.subject, config.sender, config.recipient]) {
      assert(headers.includes(fact), `dl#mail-headers lacks ${fact}`);
    }
    const frame = page.locator('iframe#mail-body');
    assert(await frame.getAttribute('sandbox') === '', `the iframe's sandbox is "${await frame.getAttribute('sandbox')}", not ""`);
    assert(await frame.getAttribute('title') === 'Message body', 'the iframe has no title "Message body"');
    const src = new URL(await frame.getAttribute('src'), page.url());
    assert(src.pathname.endsWith('/body'), `the iframe's src is ${src}`);
    state.bodyUrl = src.toString();
    const body = await page.context().request.get(state.bodyUrl);
    const bodyHeaders = body.headers();
    const text = await body.text();
    collect('browser-request', state.bodyUrl, body.status(), bodyHeaders, text);
    assert(body.status() === 200, `the body answered ${body.status()}`);
    assert(/(^|;)\s*sandbox\b/.test(bodyHeaders['content-security-policy'] || ''), `the body's CSP lacks sandbox: ${bodyHeaders['content-security-policy']}`);
    assert(text.includes(state.bodyText), 'the body route does not answer the message body');
    const shown = await page.frameLocator('iframe#mail-body').locator('body').innerText({ timeout: 10000 });
    assert(shown.includes(state.bodyText), `the iframe does not show the body: ${shown.slice(0, 200)}`);
    await visit(page, 'sandbox message');
  });

  await step('c3 Sandbox message: the attachment downloads as sent', async () => {
    const link = page.locator('ul#attachments a.attachment[download]');
    assert(await link.count() === 1, `${await link.count()} attachment links, not 1`);
    assert((await link.innerText()).includes('data.bin'), 'the attachment link does not name data.bin');
    await link.scrollIntoViewIfNeeded();  // (clicking while Playwright scrolls sometimes lands on nothing)
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), link.click()]);
    const bytes = readFileSync(await download.path());
    assert(Buffer.compare(bytes, state.attachment) === 0, `the download differs from what was sent (${bytes.length} bytes, sent ${state.attachment.length})`);
    const href = new URL(await link.getAttribute('href'), page.url()).toString();
    const answer = await page.context().request.get(href);
    const h = answer.headers();
    collect('browser-request', href, answer.status(), h, '');
    assert(/^attachment;\s*filename=/.test(h['content-disposition'] || ''), `Content-Disposition: ${h['content-disposition']}`);
    assert((h['content-type'] || '').startsWith('application/octet-stream'), `Content-Type: ${h['content-type']}`);
    assert(h['x-content-type-options'] === 'nosniff', `X-Content-Type-Options: ${h['x-content-type-options']}`);
    state.attachmentUrl = href;
  });

  await step('c4 Sandbox: the sender\'s Sent Items holds the message', async () => {
    await openMailbox(page, config.sender, 'sentitems');
    const current = await page.locator('nav#folders a[aria-current="page"]').innerText();
    assert(current.trim() === 'Sent Items', 'the Sent Items tab is not current');
    await mailRow(page, state.subject);
    await visit(page, 'mailbox (sent items)');
  });
}
