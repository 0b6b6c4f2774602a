// The web app end to end in Debian's Chromium (playwright-core, headless) against the running stack at QUIRE_URL:
// sign up, create a knowledge base, upload a PDF until it is indexed, ask a question and watch the answer stream,
// open a citation's passage, rename and delete the conversation, create and revoke an API key, see the usage
// chart. Screenshots of every page go to gateway-service/target/e2e/*.png. Exit code 0 = all passed.
import { rmSync } from 'node:fs';
import { makePdf } from './pdf.mjs';
import { BASE, INDEX_TIMEOUT, OUT, launch, pageProblems, reporter, runSteps } from './harness.mjs';

rmSync(`${OUT}/failure.png`, { force: true });
const { log, check } = reporter('e2e');

const browser = await launch(['--disable-sync', '--disable-default-apps', '--metrics-recording-only']);
const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
const page = await context.newPage();
page.setDefaultTimeout(20_000);
const { problems, watch } = pageProblems();
watch(page);
const shot = (name) => page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true });

await runSteps({ tag: 'e2e', log, check, problems, browser, failureShot: () => shot('failure') }, async () => {
  // --- sign-up -----------------------------------------------------------------------------------------------
  await page.goto(BASE + '/');
  check((await page.title()).includes('Quire'), 'the page title contains Quire');
  await page.locator('input[type=email]').waitFor();
  check((await page.locator('input[type=password]').count()) === 1, 'signed out, / shows a password input');
  await shot('01-sign-in');
  await page.getByRole('button', { name: 'Sign up' }).click();
  const email = `e2e-ui-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  await page.getByLabel('Workspace name').fill('E2E UI workspace');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  await shot('02-sign-up');
  await page.getByLabel('Password').press('Enter');
  await page.locator('textarea#message').waitFor();
  check((await page.locator('input[type=password]').count()) === 0, 'signed in, no password input remains');
  check(new URL(page.url()).pathname.startsWith('/chat'), 'sign-up lands in the chat');
  await shot('03-chat-empty');

  // a reload keeps the session (refresh cookie → new in-memory token) and the SPA route
  await page.reload();
  await page.locator('textarea#message').waitFor();
  check(true, 'a reload restores the session through the refresh cookie');

  // --- knowledge base + upload ----------------------------------------------------------------------------------
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Knowledge' }).click();
  await page.getByRole('button', { name: 'New knowledge base' }).click();
  const dialog = page.getByRole('dialog');
  check(
    await dialog.getByLabel('Name').evaluate((el) => el === document.activeElement),
    'the dialog moves focus to its first field',
  );
  await dialog.getByLabel('Name').fill('Observatory');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/knowledge\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'Observatory' }).waitFor();
  const pdf = makePdf([
    ['Northern Lights Observatory - Visitor Guide', 'Welcome to the observatory near Tromso.'],
    [
      'Opening hours',
      'The aurora observatory opens at nine in the evening from September to March.',
      'Guided sky tours start every hour and last forty minutes.',
    ],
    ['Safety', 'Visitors must wear insulated boots on the frozen viewing platform.'],
  ]);
  await page.locator('input#upload-files').setInputFiles({ name: 'observatory-guide.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.locator('.uploads li[data-status=done]').waitFor({ timeout: 60_000 });
  check(true, 'the upload finished with its progress bar full');
  await shot('04-knowledge-uploading');
  const row = page.locator('table.docs tbody tr', { hasText: 'observatory-guide.pdf' });
  await row.waitFor();
  await row.locator('.status', { hasText: 'INDEXED' }).waitFor({ timeout: INDEX_TIMEOUT });
  check(true, 'the document reached INDEXED in the table');
  await shot('05-knowledge-indexed');
  check(
    (await page.locator('.kb-head .badge').textContent())?.trim() === 'Live',
    'document status arrives over the knowledge base event stream (SSE), not by polling',
  );
  await row.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('dialog').locator('pre.preview', { hasText: 'aurora observatory opens at nine' }).waitFor();
  check(true, 'the preview shows the extracted text');
  await shot('06-document-preview');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  // bulk tag as a server-side job, then filter by the tag
  await row.getByRole('checkbox').check();
  await page.getByRole('toolbar', { name: 'Selected documents' }).getByRole('button', { name: 'Tag…' }).click();
  await page.getByRole('dialog').getByLabel('Tags (comma separated)').fill('astronomy');
  await page.getByRole('dialog').getByRole('button', { name: 'Add tags' }).click();
  await row.locator('td', { hasText: 'astronomy' }).waitFor({ timeout: 30_000 });
  await page.locator('.filters label', { hasText: 'Tag' }).locator('select').selectOption('astronomy');
  await page.locator('table.docs tbody tr', { hasText: 'observatory-guide.pdf' }).waitFor();
  check(true, 'a bulk tag job tags the document and the tag filter finds it');
  await shot('06b-document-tagged');
  await page.locator('.filters label', { hasText: 'Tag' }).locator('select').selectOption('');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('button', { name: 'Download' }).click(),
  ]);
  check(download.suggestedFilename() === 'observatory-guide.pdf', 'download keeps the original file name');

  // --- chat: streaming answer with steps and citations ----------------------------------------------------------
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  const box = page.locator('textarea#message');
  await box.waitFor();
  await page.waitForFunction(() => !document.querySelector('.thread-head .badge.warn'), null, { timeout: 20_000 });
  // record what the answer looks like on every DOM change while it streams
  await page.evaluate(() => {
    window.__snapshots = [];
    new MutationObserver(() => {
      const a = document.querySelector('.msg.assistant[data-status]');
      if (a) window.__snapshots.push({ status: a.getAttribute('data-status'), len: (a.querySelector('.markdown')?.textContent ?? '').length, steps: !!a.querySelector('.steps') });
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await box.fill('When does the aurora observatory open?');
  await box.press('Enter');
  const answer = page.locator('.msg.assistant[data-status]').last();
  await answer.waitFor();
  await page.waitForFunction(
    () => {
      const a = [...document.querySelectorAll('.msg.assistant[data-status]')].pop();
      return a && a.getAttribute('data-status') !== 'streaming';
    },
    null,
    { timeout: 90_000 },
  );
  check((await answer.getAttribute('data-status')) === 'done', 'the answer finished with done');
  const snaps = await page.evaluate(() => window.__snapshots);
  const partial = new Set(snaps.filter((s) => s.status === 'streaming' && s.len > 0).map((s) => s.len));
  check(partial.size >= 2, `the answer streamed into the page (${partial.size} partial lengths seen before done)`);
  check(snaps.some((s) => s.steps), 'the step indicator showed while the answer streamed');
  check(((await answer.locator('.markdown').textContent()) ?? '').length > 20, 'the answer has text');
  await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
  await shot('07-chat-answer');

  const cite = (await answer.locator('button.cite').count()) > 0 ? answer.locator('button.cite').first() : answer.locator('.sources button').first();
  await cite.click();
  const citeDialog = page.getByRole('dialog');
  await citeDialog.waitFor();
  const passage = (await citeDialog.locator('.passage').textContent()) ?? '';
  check(passage.length > 10 && !passage.startsWith('No passage'), `the citation opens its passage: "${passage.slice(0, 60)}…"`);
  check(((await citeDialog.getByRole('heading').textContent()) ?? '').includes('observatory-guide.pdf'), 'the passage names its document');
  await shot('08-citation');
  await page.keyboard.press('Escape');
  await citeDialog.waitFor({ state: 'detached' });
  await answer.getByRole('button', { name: 'Helpful', exact: true }).click();
  await answer.getByRole('status').filter({ hasText: 'Thanks for the feedback' }).waitFor();
  check((await answer.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')) === 'true', 'the thumbs-up feedback was saved');

  // --- rename, then delete the conversation ---------------------------------------------------------------------
  const convId = page.url().split('/').pop();
  const item = page.locator('.conversations li.active');
  await item.getByRole('button', { name: /^Actions for / }).click();
  await item.getByRole('menu').getByRole('menuitem', { name: 'Rename', exact: true }).click();
  const rename = page.getByRole('dialog');
  await rename.getByLabel('Title').fill('Aurora opening hours');
  await rename.getByRole('button', { name: 'Save' }).click();
  await page.locator('.conversations li.active a', { hasText: 'Aurora opening hours' }).waitFor();
  await page.getByRole('heading', { name: 'Aurora opening hours', level: 1 }).waitFor();
  check(true, 'the conversation was renamed');
  await shot('09-chat-renamed');
  const renamed = page.locator('.conversations li.active');
  await renamed.getByRole('button', { name: /^Actions for / }).click();
  await renamed.getByRole('menu').getByRole('menuitem', { name: 'Delete', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await page.waitForURL((u) => u.pathname === '/chat');
  await page.locator(`.conversations a[href="/chat/${convId}"]`).waitFor({ state: 'detached' });
  check(true, 'the conversation was deleted');

  // --- API key: create (secret shown once), revoke --------------------------------------------------------------
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
  await page.getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('button', { name: 'Create API key' }).click();
  await page.getByRole('dialog').getByLabel('Name').fill('e2e key');
  await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
  const secret = ((await page.getByTestId('api-key-secret').textContent()) ?? '').trim();
  check(secret.startsWith('qk_'), 'the new key shows its secret once');
  await shot('10-api-key-created');
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  const keyRow = page.locator('table.keys tbody tr', { hasText: 'e2e key' });
  await keyRow.waitFor();
  check(!((await page.content()).includes(secret)), 'the secret is gone from the page after closing');
  const apiCall = () => fetch(BASE + '/api/v1/knowledge-bases', { headers: { Authorization: 'Bearer ' + secret } }).then((r) => r.status);
  check((await apiCall()) === 200, 'the key works before it is revoked');
  await keyRow.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await keyRow.locator('td', { hasText: 'revoked' }).waitFor();
  let status = 0;
  for (let i = 0; i < 30 && status !== 401; i++) {
    status = await apiCall();
    if (status !== 401) await new Promise((r) => setTimeout(r, 500));
  }
  check(status === 401, 'the revoked key is refused');
  await shot('11-api-keys');

  // --- usage chart, plan, users, audit --------------------------------------------------------------------------
  // each gateway replica reports admitted requests to the ledger every 10 s: revisit the page until they arrived
  let bars = 0;
  for (let i = 0; i < 8 && bars < 1; i++) {
    if (i > 0) {
      await new Promise((r) => setTimeout(r, 3000));
      await page.getByRole('link', { name: 'Plan & limits' }).click();
    }
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.locator('figure.chart svg').first().waitFor();
    bars = await page.locator('figure.chart').first().locator('rect').evaluateAll((rs) => rs.filter((r) => Number(r.getAttribute('height')) > 0).length);
  }
  check((await page.locator('figure.chart').count()) >= 2, 'usage shows request and token charts');
  check(bars >= 1, 'the requests chart shows today\'s requests');
  await shot('12-usage');
  await page.getByRole('link', { name: 'Plan & limits' }).click();
  await page.getByText('Tokens per day').waitFor();
  await shot('13-plan');
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByText(email).waitFor();
  await shot('14-users');
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.locator('section[aria-label="Audit log"] table').waitFor();
  await shot('15-audit');

  // --- phone width ----------------------------------------------------------------------------------------------
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  await page.locator('textarea#message').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, 'no horizontal scrolling at phone width');
  await shot('16-chat-phone');
  await page.setViewportSize({ width: 1280, height: 860 });

  // --- sign out -------------------------------------------------------------------------------------------------
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.locator('input[type=password]').waitFor();
  check(true, 'sign-out returns to the sign-in form');
});
