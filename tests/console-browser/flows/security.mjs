// Security (issue #9, "Done when" 3): every console route without a session redirects to the login
// page (plain HTTP and in the browser); a form POST without the CSRF token is refused with 403 and
// changes nothing; an HTML body with script cannot run script in the console; no key, token or
// secret appears in anything the run received.
import { readFileSync } from 'node:fs';
import { assert, collected, config, newPage, readSecret, secrets, state, step, until, url } from '../lib/harness.mjs';
import { connectionFacts, cookieHeader, http, messageStatus, sendMessage } from '../lib/gateway.mjs';
import { visit } from '../lib/pages.mjs';
import { signedInPage } from './login.mjs';
import { runId } from './messages.mjs';
import { openMailbox, openSandboxMessage } from './sandbox.mjs';

function consoleRoutes() {
  const id = state.messageId || '00000000-0000-0000-0000-000000000000';
  const mailbox = `/ui/sandbox/${config.tenant}/mailboxes/${encodeURIComponent(config.recipient)}`;
  const get = ['/ui', '/ui/', '/ui/overview', '/ui/messages', '/ui/messages?state=queued', `/ui/messages/${id}`,
    '/ui/connections', '/ui/connections/demo', '/ui/sandbox', `/ui/sandbox/${config.tenant}`,
    `${mailbox}?folder=inbox`, `${mailbox}?folder=sentitems`, '/ui/no-such-page'];
  for (const full of [state.sandboxMessageUrl, state.bodyUrl, state.attachmentUrl]) {
    if (full) get.push(new URL(full).pathname + new URL(full).search);
  }
  const post = [`/ui/messages/${id}/retry`, `/ui/messages/${id}/cancel`, '/ui/connections/demo/test',
    '/ui/connections/demo/secret'];
  return { get, post };
}

// /ui and /ui/ first redirect to /ui/overview (which then redirects to the login page).
function loginTarget(location, path) {
  const target = new URL(location || '', config.baseUrl);
  if ((path === '/ui' || path === '/ui/') && target.pathname === '/ui/overview') return target;
  return target.pathname === '/ui/login' ? target : null;
}

const formHeaders = { 'Content-Type': 'application/x-www-form-urlencoded' };

export async function securityFlows(browser) {
  await step('s1 without a session every console route answers 303 to /ui/login (plain HTTP)', async () => {
    const { get, post } = consoleRoutes();
    const wrong = [];
    for (const [method, path] of [...get.map((p) => ['GET', p]), ...post.map((p) => ['POST', p])]) {
      for (const cookie of [undefined, 'gp_session=forged-session-id']) {
        const answer = await http(path, { method, headers: { ...(cookie ? { Cookie: cookie } : {}),
          ...(method === 'POST' ? formHeaders : {}) }, body: method === 'POST' ? 'secret=x&csrf=x' : undefined });
        if (answer.status !== 303 || !loginTarget(answer.headers.location, path)) {
          wrong.push(`${method} ${path}${cookie ? ' (forged cookie)' : ''}: ${answer.status} ${answer.headers.location || ''}`);
        }
        if (!answer.headers['content-security-policy']) wrong.push(`${method} ${path}: no CSP header`);
      }
    }
    assert(wrong.length === 0, wrong.join('; '));
  });

  await step('s2 without a session the browser lands on the login page, and signing in returns to the page', async () => {
    const page = await newPage(browser, 'no session');
    try {
      for (const path of consoleRoutes().get.filter((p) => !p.includes('/body') && !p.includes('/attachments/'))) {
        await page.goto(url(path));
        assert(new URL(page.url()).pathname === '/ui/login', `${path}: the browser is at ${page.url()}`);
      }
      const target = `/ui/messages/${state.messageId}`;
      await page.goto(url(target));
      const next = new URL(page.url()).searchParams.get('next');
      assert(next === target, `next is ${next}, not ${target}`);
      await page.fill('#token', readSecret(config.tokenFile));
      await page.locator('#login-form').getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.pathname === target, { timeout: 15000 });
    } finally {
      await page.context().close();
    }
  });

  await step('s3 a form POST without the CSRF token is refused (403) and changes nothing', async () => {
    const page = state.page;
    const id = await sendMessage({ subject: `console-browser ${runId}: csrf`, text: 'due in an hour',
      sendAt: new Date(Date.now() + 3600000).toISOString() });
    const cookie = await cookieHeader(page.context());
    const before = await connectionFacts('demo');
    const refused = [];
    for (const [path, body] of [[`/ui/messages/${id}/cancel`, ''], [`/ui/messages/${id}/cancel`, 'csrf=not-the-token'],
      ['/ui/connections/demo/secret', 'secret=not-a-real-secret-value&expires=2031-01-31'], ['/ui/connections/demo/test', ''], ['/ui/logout', '']]) {
      const answer = await http(path, { method: 'POST', headers: { Cookie: cookie, ...formHeaders }, body });
      if (answer.status !== 403) refused.push(`POST ${path} [${body.replace(/=.*/, '=…')}]: ${answer.status}`);
    }
    assert(refused.length === 0, `not refused with 403: ${refused.join('; ')}`);
    assert((await messageStatus(id)).status === 'queued', 'the message is no longer queued after the refused cancel');
    const after = await connectionFacts('demo');
    assert(after.secretExpiresOn === before.secretExpiresOn && after.updated === before.updated,
      `the refused rotate changed the connection: ${JSON.stringify({ before, after })}`);
    const still = await http('/ui/overview', { headers: { Cookie: cookie } });
    assert(still.status === 200, `the session ended after a refused logout (${still.status})`);
    const login = await http('/ui/login', { method: 'POST', headers: formHeaders,
      body: new URLSearchParams({ token: readSecret(config.tokenFile), next: '/ui/overview' }).toString() });
    assert(login.status === 403 || login.status === 401, `a login POST without its CSRF token answered ${login.status}`);
    assert(!/gp_session=/.test(login.headers['set-cookie'] || ''), 'a login POST without its CSRF token got a session');
    // With the page's own token, the buttons work: Cancel, then Retry.
    await page.goto(url(`/ui/messages/${id}`));
    assert((await page.locator('#message-state').innerText()).trim() === 'queued', 'the message page does not say queued');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await until('the message cancelled', async () => (await messageStatus(id)).status === 'cancelled', { ms: 10000 });
    await page.goto(url(`/ui/messages/${id}`));
    await visit(page, 'message (cancelled)');
    await page.getByRole('button', { name: 'Retry' }).click();
    await until('the message queued again', async () => (await messageStatus(id)).status === 'queued', { ms: 10000 });
    await page.goto(url(`/ui/messages/${id}`));
    await page.getByRole('button', { name: 'Cancel' }).click();
    await until('the message cancelled again', async () => (await messageStatus(id)).status === 'cancelled', { ms: 10000 });
  });

  await step('s4 an HTML body with script, an onerror image and a javascript: link runs no script', async () => {
    const subject = `console-browser ${runId}: <img src=x onerror="window.__gpXss='subject';alert('subject')">`;
    const html = `<p>hostile ${runId}</p><script>window.__gpXss='script';console.log('gp-xss-ran');alert('script')</script>` +
      `<img src="x" onerror="window.__gpXss='img';console.log('gp-xss-ran');alert('img')">` +
      `<a id="js" href="javascript:window.__gpXss='link';console.log('gp-xss-ran');alert('link')">click me</a>` +
      `<svg onload="window.__gpXss='svg';alert('svg')"></svg>`;
    const id = await sendMessage({ subject, html });
    await until('the hostile message delivered', async () => (await messageStatus(id)).status === 'delivered', { ms: 60000 });
    const page = await signedInPage(browser, 'hostile', readSecret(config.tokenFile), '/ui/messages');
    try {
      const marker = () => page.evaluate(() => window.__gpXss);
      const subjectCell = page.locator(`table#messages tr[data-message-id="${id}"] .subject`);
      if ((await subjectCell.count()) > 0) {
        assert((await subjectCell.innerText()).includes('<img src=x'), 'the subject is not shown as text on Messages');
      }
      assert(await page.locator('main img').count() === 0, 'the subject became an <img> on Messages');
      await page.goto(url(`/ui/messages/${id}`));
      assert((await page.locator('#message-facts').innerText()).includes('<img src=x'), 'the subject is not shown as text on the message page');
      assert(await page.locator('main img').count() === 0, 'the subject became an <img> on the message page');
      await openMailbox(page, config.recipient);
      assert(await page.locator('main img').count() === 0, 'the subject became an <img> in the mailbox');
      await openSandboxMessage(page, `console-browser ${runId}: <img`);
      const frame = page.locator('iframe#mail-body');
      assert(await frame.getAttribute('sandbox') === '', 'the body iframe is not sandbox=""');
      const shown = await page.frameLocator('iframe#mail-body').locator('body').innerText({ timeout: 10000 });
      assert(shown.includes(`hostile ${runId}`) && shown.includes('click me'), `the hostile body is not shown: ${shown.slice(0, 200)}`);
      await visit(page, 'sandbox message (hostile body)');
      // A click on the javascript: link (blocked: the frame may not run script).
      await page.frameLocator('iframe#mail-body').locator('a#js').click({ timeout: 5000 }).catch(() => {});
      await page.waitForTimeout(1500);
      assert(await marker() === undefined, `script ran in the console: window.__gpXss = ${await marker()}`);
      assert(page.events.dialogs.length === 0, `dialogs opened: ${page.events.dialogs}`);
      const ran = page.events.console.filter((m) => m.includes('gp-xss-ran'));
      assert(ran.length === 0, `the hostile script logged: ${ran}`);
      const frameCsp = collected.filter((c) => new URL(c.url).pathname.endsWith('/body')).map((c) => c.headers['content-security-policy']).pop();
      assert(/sandbox/.test(frameCsp || ''), `the body's CSP has no sandbox: ${frameCsp}`);
    } finally {
      await page.context().close();
    }
  });
}

// The last step: nothing the browser or the plain HTTP checks received holds a secret, nor the log.
export async function secretScan() {
  await step('s5 no API key, token or secret in any page, header or log', async () => {
    assert(secrets.size >= 4, `only ${secrets.size} secrets known`);
    const found = [];
    for (const item of collected) {
      const haystacks = [item.url, item.body, ...Object.values(item.headers || {})];
      for (const [name, value] of secrets) {
        if (haystacks.some((h) => typeof h === 'string' && h.includes(value))) found.push(`${name} in ${item.where} ${item.url}`);
      }
    }
    const log = readFileSync(config.serveLog, 'utf8');
    for (const [name, value] of secrets) if (log.includes(value)) found.push(`${name} in the gateway's log`);
    assert(found.length === 0, found.join('; '));
    console.log(`     scanned ${collected.length} answers (bodies and headers) and the gateway's log for ${secrets.size} secrets`);
  });

  await step('s6 no inline script, style or handler in the console\'s HTML, no CSP violation', async () => {
    const page = state.page;
    const bad = [...page.events.console, ...page.events.errors].filter((m) => /Content Security Policy|Refused to/i.test(m));
    const pages = collected.filter((c) => new URL(c.url).pathname.startsWith('/ui/') && !new URL(c.url).pathname.endsWith('/body') &&
      /text\/html/.test(c.headers['content-type'] || ''));
    for (const c of pages) {
      if (/<script(?![^>]*\ssrc=)[^>]*>/i.test(c.body)) bad.push(`inline <script> in ${c.url}`);
      if (/<[a-z][^>]*\sstyle\s*=/i.test(c.body)) bad.push(`style attribute in ${c.url}`);
      if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(c.body)) bad.push(`on* handler attribute in ${c.url}`);
      if (!/script-src 'self'/.test(c.headers['content-security-policy'] || '')) bad.push(`no strict CSP on ${c.url}`);
    }
    assert(pages.length > 10, `only ${pages.length} console pages collected`);
    assert(bad.length === 0, bad.slice(0, 5).join('; '));
  });
}
