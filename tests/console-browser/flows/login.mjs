// Flow a (issue #9, "Done when" 1): signing in with the console admin token and with an admin API
// key (operator.key); a wrong token and a non-admin key (the demo key) are refused with 401.
import { assert, config, newPage, readSecret, state, step, url } from '../lib/harness.mjs';
import { visit } from '../lib/pages.mjs';

// Fills the login form and submits it; returns the POST's answer.
export async function submitLogin(page, token) {
  await page.fill('#token', token);
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/ui/login' && r.request().method() === 'POST'),
    page.locator('#login-form').getByRole('button', { name: 'Sign in' }).click(),
  ]);
  await page.waitForLoadState('load');
  return response;
}

// A new signed-in page (its own context) at `next`.
export async function signedInPage(browser, name, token, next = '/ui/overview') {
  const page = await newPage(browser, name);
  await page.goto(url(`/ui/login?next=${encodeURIComponent(next)}`));
  await submitLogin(page, token);
  await page.waitForURL((u) => u.pathname === next, { timeout: 15000 });
  return page;
}

async function expectRefused(page, typed, what) {
  const response = await submitLogin(page, typed);
  assert(response.status() === 401, `${what}: the login answered ${response.status()}, not 401`);
  assert(new URL(page.url()).pathname === '/ui/login', `${what}: left the login page for ${page.url()}`);
  await page.locator('p.error[role="alert"]').waitFor({ timeout: 5000 });
  assert(await page.locator('#login-form').count() === 1, `${what}: the form is not shown again`);
  const html = await page.content();
  assert(!html.includes(typed), `${what}: the typed value is echoed in the page`);
  assert(!(await page.context().cookies()).some((c) => c.name === 'gp_session'), `${what}: a session cookie was set`);
}

export async function loginFlows(browser) {
  const adminToken = readSecret(config.tokenFile);
  const page = await newPage(browser, 'main');
  state.page = page;

  await step('a1 login page: /ui/overview without a session shows the login form', async () => {
    await page.goto(url('/ui/overview'));
    const here = new URL(page.url());
    assert(here.pathname === '/ui/login', `landed on ${page.url()}, not /ui/login`);
    assert(here.searchParams.get('next') === '/ui/overview', `next is ${here.searchParams.get('next')}`);
    const token = page.locator('#login-form[method="post"][action="/ui/login"] input#token');
    assert(await token.getAttribute('type') === 'password', 'the token field is not type=password');
    assert(await token.getAttribute('autocomplete') === 'current-password', 'the token field lacks autocomplete=current-password');
    assert(await page.locator('label[for="token"]').innerText() === 'Admin token or API key', 'no label "Admin token or API key"');
    assert(await page.locator('#login-form input[type="hidden"][name="next"]').count() === 1, 'no hidden next');
    assert(await page.locator('#login-form input[type="hidden"][name="csrf"]').count() === 1, 'no hidden csrf');
    assert((await page.context().cookies()).some((c) => c.name === 'gp_login'), 'no gp_login pre-session cookie');
    await visit(page, 'login', { signedIn: false });
  });

  await step('a2 a wrong token is refused (401, the form again, nothing echoed)', async () => {
    await expectRefused(page, 'gpc_this-is-not-the-token-0000000000000000000000', 'wrong token');
    await visit(page, 'login refused', { signedIn: false });
  });

  await step('a3 a non-admin API key (the demo key) cannot sign in', async () => {
    await expectRefused(page, readSecret(config.demoKeyFile), 'demo key');
  });

  await step('a4 sign in with the console admin token: Overview', async () => {
    await submitLogin(page, adminToken);
    await page.waitForURL((u) => u.pathname === '/ui/overview', { timeout: 15000 });
    assert(await page.locator('main#main > h1').innerText() === 'Overview', 'the h1 is not Overview');
    const current = await page.locator('nav[aria-label="Console"] a[aria-current="page"]').getAttribute('href');
    assert(current && current.endsWith('/ui/overview'), `the current nav link is ${current}`);
    const session = (await page.context().cookies()).find((c) => c.name === 'gp_session');
    assert(session, 'no gp_session cookie');
    assert(session.httpOnly && session.sameSite === 'Strict' && !session.secure && session.path === '/ui',
      `cookie flags: ${JSON.stringify({ ...session, value: undefined })}`);
    for (const state of ['queued', 'sending', 'delivered', 'failed', 'expired', 'cancelled']) {
      const card = page.locator(`#state-counts .card[data-state="${state}"] .figure`);
      assert(await card.count() === 1, `no #state-counts card for ${state}`);
      assert(/^\d/.test((await card.innerText()).trim()), `the ${state} figure is not a number`);
    }
    assert(await page.locator('#activity svg#activity-chart[role="img"][aria-labelledby]').count() === 1, 'no activity chart');
    assert(await page.locator('#activity details table.data').count() === 1, 'no activity table in <details>');
    for (const q of ['p50', 'p99']) {
      assert(await page.locator(`#latency .figure[data-quantile="${q}"]`).count() === 1, `no ${q} latency`);
    }
    assert(await page.locator('#causes').count() === 1, 'no #causes');
    assert(await page.locator('#lanes').count() === 1, 'no #lanes');
    assert(await page.locator('#paused-lanes').count() === 1, 'no #paused-lanes');
    assert(Number(await page.locator('main#main').getAttribute('data-refresh')) > 0, 'Overview is not live (data-refresh)');
    await visit(page, 'overview');
  });

  await step('a5 sign in with an admin API key (operator.key)', async () => {
    const other = await signedInPage(browser, 'api key', readSecret(config.operatorKeyFile));
    try {
      assert(await other.locator('main#main > h1').innerText() === 'Overview', 'the h1 is not Overview');
      const header = await other.locator('header').innerText();
      assert(/API key/.test(header), `the header does not name the API key principal: ${header}`);
      await visit(other, 'overview (API key)');
    } finally {
      await other.context().close();
    }
  });
}
