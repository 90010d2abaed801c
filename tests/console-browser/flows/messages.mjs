// Flow b (issue #9, "Done when" 1): a message sent through the REST API with the demo key shows
// on the Messages page as queued and turns delivered there without a reload (the live refresh);
// the filters find it; its page shows its facts and attempts.
import { randomBytes } from 'node:crypto';
import { assert, config, state, step, until, url } from '../lib/harness.mjs';
import { sendMessage } from '../lib/gateway.mjs';
import { visit } from '../lib/pages.mjs';

export const runId = Date.now().toString(36);

// Text of the .state badge in the message's row of the Messages page, or null without a row.
async function rowState(page, id) {
  const cell = page.locator(`table#messages tr[data-message-id="${id}"] .state`);
  if ((await cell.count()) === 0) return null;
  return (await cell.innerText()).trim();
}

export async function messageFlows() {
  const page = state.page;

  await step('b1 send a message through the REST API (demo key), due in 20 s', async () => {
    state.attachment = randomBytes(3000);
    state.subject = `console-browser ${runId}: watch it`;
    state.bodyText = `Hello from the browser tests ${runId}`;
    state.messageId = await sendMessage({
      subject: state.subject,
      html: `<p>${state.bodyText}</p><p><b>bold</b> and <i>italic</i></p>`,
      attachments: [{ name: 'data.bin', contentType: 'application/octet-stream',
        contentBytes: state.attachment.toString('base64') }],
      sendAt: new Date(Date.now() + 20000).toISOString(),
    });
  });

  await step('b2 Messages: the message is queued, then delivered by the live refresh', async () => {
    const id = state.messageId;
    await page.goto(url('/ui/messages'));
    assert(await page.locator('main#main > h1').innerText() === 'Messages', 'the h1 is not Messages');
    const refresh = Number(await page.locator('main#main').getAttribute('data-refresh'));
    assert(refresh > 0, 'Messages is not live (data-refresh)');
    const first = await rowState(page, id);
    assert(first === 'queued', `the message's state is ${first}, not queued`);
    const row = page.locator(`table#messages tr[data-message-id="${id}"]`);
    assert((await row.locator('.connection').innerText()).includes('demo'), 'the row does not name connection demo');
    assert((await row.locator('.from').innerText()).includes(config.sender), 'the row does not name the sender');
    const recipients = (await row.locator('.recipients').innerText()).trim();
    assert(recipients.includes(config.recipient) || recipients === '1', `the row's recipients are "${recipients}"`);
    assert((await row.locator('.created').innerText()).trim() !== '', 'the row has no created time');
    assert(await row.locator('.state .badge.state-queued, .badge.state-queued').count() >= 1, 'no .badge.state-queued');
    assert(await row.locator(`a[href$="/ui/messages/${id}"]`).count() >= 1, 'no link to the message page');
    await visit(page, 'messages');
    const navigations = [];
    const onNav = (frame) => { if (frame === page.mainFrame()) navigations.push(frame.url()); };
    page.on('framenavigated', onNav);
    try {
      await until('the row to show delivered (live refresh, no reload)', async () => (await rowState(page, id)) === 'delivered',
        { ms: 90000, every: 500 });
    } finally {
      page.off('framenavigated', onNav);
    }
    assert(navigations.length === 0, `the page reloaded instead of refreshing in place: ${navigations}`);
    await visit(page, 'messages');
  });

  await step('b3 Messages: the filters find the delivered message', async () => {
    const form = page.locator('form.filters#message-filters');
    for (const field of ['state', 'connection', 'sender', 'recipient', 'after', 'before']) {
      const input = form.locator(`[name="${field}"]`);
      assert(await input.count() === 1, `the filter form has no field ${field}`);
      const id = await input.getAttribute('id');
      assert(id && (await form.locator(`label[for="${id}"]`).count()) === 1, `the filter ${field} has no label`);
    }
    await form.locator('select[name="state"]').selectOption('delivered');
    await form.locator('[name="recipient"]').fill(config.recipient);
    await form.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((u) => u.searchParams.get('state') === 'delivered');
    assert(await rowState(page, state.messageId) === 'delivered', 'the filtered list lacks the message');
    await form.locator('select[name="state"]').selectOption('failed');
    await form.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL((u) => u.searchParams.get('state') === 'failed');
    assert(await rowState(page, state.messageId) === null, 'state=failed still lists the delivered message');
    await visit(page, 'messages (filtered)');
  });

  await step('b4 Message page: facts and the attempt', async () => {
    const id = state.messageId;
    await page.goto(url('/ui/messages'));
    await page.locator(`table#messages tr[data-message-id="${id}"] a[href$="/ui/messages/${id}"]`).first().click();
    await page.waitForURL((u) => u.pathname === `/ui/messages/${id}`);
    assert((await page.locator('#message-state').innerText()).trim() === 'delivered', 'the state is not delivered');
    const facts = await page.locator('dl#message-facts').innerText();
    for (const fact of [id, 'demo', config.sender, config.recipient]) {
      assert(facts.includes(fact), `dl#message-facts lacks ${fact}`);
    }
    const attempt = page.locator('table#attempts tr[data-attempt="1"]');
    assert(await attempt.count() === 1, 'no attempt 1');
    const text = await attempt.innerText();
    assert(/sent/.test(text) && /202/.test(text), `attempt 1 is not "sent" with 202: ${text}`);
    assert(await page.getByRole('button', { name: 'Retry' }).count() === 0, 'Retry shown for a delivered message');
    assert(await page.getByRole('button', { name: 'Cancel' }).count() === 0, 'Cancel shown for a delivered message');
    state.visited.push(page.url());
    await visit(page, 'message');
  });
}
