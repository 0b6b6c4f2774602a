// Accessibility of the knowledge, admin, sign-up and invitation pages in Debian's Chromium (playwright-core,
// headless) against a running app at QUIRE_URL (the gateway, or `vite preview` proxying to it): axe-core on each
// page and open dialog must find no serious or critical violation, and the keyboard must work: Tab stays inside an
// open dialog, Escape closes it and focus returns to its opener, arrows move between table rows. Screenshots and
// axe's findings go to gateway-service/target/e2e/a11y-*. Exit code 0 = all passed.
import { writeFileSync } from 'node:fs';
import { makePdf } from './pdf.mjs';
import { BASE, OUT, axeSource, launch, reporter } from './harness.mjs';

const AXE = axeSource();
const { log, check, failures } = reporter('a11y', { collect: true });

const browser = await launch();
// axe is evaluated through the DevTools protocol; bypassCSP lets it run under the gateway's script-src 'self' too
const context = await browser.newContext({ viewport: { width: 1366, height: 850 }, bypassCSP: true });
const page = await context.newPage();
page.setDefaultTimeout(20_000);
page.on('pageerror', (e) => failures.push('page error: ' + e.message));

const findings = {};
let passed = 0;
/** Runs axe on the page as it is now; serious and critical violations fail. */
async function axe(name, p = page) {
  await p.evaluate(AXE);
  const result = await p.evaluate(() =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
  );
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  findings[name] = result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
  await p.screenshot({ path: `${OUT}/a11y-${name}.png`, fullPage: true });
  check(!bad.length, `${name}: no serious or critical axe violation` + (bad.length ? ` (${bad.map((v) => `${v.id}×${v.nodes.length}`).join(', ')})` : ''));
  if (!bad.length) passed++;
}

const focused = () => page.evaluate(() => document.activeElement?.closest('[role=dialog]') !== null);
/** Tab and Shift+Tab many times: focus never leaves the open dialog; Escape closes it and focus goes back. */
async function keyboardDialog(name, opener) {
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab');
    if (!(await focused())) return check(false, `${name}: Tab stays inside the dialog`);
  }
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Tab');
  check(await focused(), `${name}: Tab and Shift+Tab stay inside the dialog`);
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  check(await opener.evaluate((el) => el === document.activeElement), `${name}: Escape closes it and focus returns to its opener`);
}

try {
  // --- sign-up --------------------------------------------------------------------------------------------------
  await page.goto(BASE + '/');
  await page.locator('input[type=email]').waitFor();
  await axe('sign-in');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('group', { name: 'Plan' }).waitFor();
  check((await page.getByRole('radio').count()) >= 1, 'sign-up offers the plans');
  await axe('sign-up');
  const email = `a11y-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  await page.getByLabel('Workspace name').fill('A11y workspace');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a long enough password');
  const pro = page.getByRole('radio', { name: /Pro/ });
  if (await pro.count()) await pro.check();
  await page.getByLabel('Password').press('Enter');
  await page.waitForURL(/\/chat/);
  check(true, 'signed up through the keyboard (Enter)');

  // --- knowledge ------------------------------------------------------------------------------------------------
  await page.goto(BASE + '/knowledge');
  await page.getByRole('heading', { name: 'No knowledge bases yet' }).waitFor();
  await axe('knowledge-empty');
  const create = page.getByRole('button', { name: 'Create a knowledge base' });
  await create.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'New knowledge base' });
  await dialog.waitFor();
  check(await dialog.getByLabel('Name').evaluate((el) => el === document.activeElement), 'the create dialog takes focus on its first field');
  await dialog.locator('summary', { hasText: 'Chunking' }).click();
  await axe('knowledge-create-dialog');
  await keyboardDialog('create dialog', create);
  await create.click();
  await dialog.getByLabel('Name').fill('Accessible handbook');
  await dialog.getByLabel('Language').selectOption('english');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await page.waitForURL(/\/knowledge\/[0-9a-f-]{36}$/);
  await page.locator('input#upload-files').setInputFiles([
    { name: 'guide.pdf', mimeType: 'application/pdf', buffer: makePdf([['Opening hours', 'The dome opens at nine.']]) },
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('Notes about the dome and its opening hours.\n') },
    { name: 'tool.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ' + '\0'.repeat(200)) },
  ]);
  await page.locator('.uploads li[data-status=done]').nth(1).waitFor({ timeout: 60_000 });
  await page.locator('.uploads li[data-status=failed]').waitFor({ timeout: 60_000 });
  const refused = page.locator('.uploads li[data-status=failed]');
  check((await refused.getByRole('button', { name: 'Retry' }).count()) === 0, 'a refused file offers no Retry');
  const reason = (await refused.locator('.reason').textContent()) ?? '';
  check(reason.length > 20, `a refused file says why: "${reason}"`);
  const row = page.locator('table.docs tbody tr', { hasText: 'guide.pdf' });
  await row.waitFor();
  await axe('knowledge-documents');
  // arrows move between the rows' first controls
  await page.locator('table.docs tbody tr', { hasText: 'notes.txt' }).waitFor();
  const boxes = page.locator('table.docs tbody input[type=checkbox]');
  await boxes.first().focus();
  await page.keyboard.press('ArrowDown');
  check(await boxes.nth(1).evaluate((el) => el === document.activeElement), 'ArrowDown moves to the next row of the documents table');
  await page.keyboard.press('ArrowUp');
  check(await boxes.first().evaluate((el) => el === document.activeElement), 'ArrowUp moves back');
  const preview = row.getByRole('button', { name: 'Preview' });
  await preview.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('dialog', { name: 'guide.pdf' }).waitFor();
  await page.getByRole('heading', { name: 'Versions' }).waitFor();
  await axe('knowledge-document-page');
  await keyboardDialog('document page', preview);

  // --- admin ----------------------------------------------------------------------------------------------------
  for (const tab of ['usage', 'plan', 'users', 'keys', 'audit']) {
    await page.goto(BASE + '/admin/' + tab);
    await page.locator('main section').first().waitFor();
    await page.waitForLoadState('networkidle');
    await axe('admin-' + tab);
  }
  // --- connectors -----------------------------------------------------------------------------------------------
  await page.goto(BASE + '/connectors');
  await page.getByRole('heading', { name: 'Connectors' }).waitFor();
  await page.waitForLoadState('networkidle');
  await axe('connectors');
  const addConnector = page.getByRole('button', { name: 'Add connector' });
  await addConnector.click();
  await page.getByRole('dialog', { name: 'Add a connector' }).waitFor();
  await page.getByRole('dialog').locator('select').first().selectOption('s3');
  check((await page.getByRole('dialog').locator('input[type=password]').count()) >= 1, 'a connector secret is a password field');
  await axe('connectors-add-dialog');
  await keyboardDialog('add-connector dialog', addConnector);

  await page.goto(BASE + '/admin/users');
  const add = page.getByRole('button', { name: 'Add user' });
  await add.click();
  await page.getByRole('dialog', { name: 'Add user' }).waitFor();
  await axe('admin-add-user-dialog');
  await keyboardDialog('add-user dialog', add);
  await add.click();
  const invited = `invited-${Date.now()}@example.com`;
  await page.getByRole('dialog').getByLabel('Email').fill(invited);
  await page.getByRole('dialog').getByRole('button', { name: 'Add' }).click();
  const link = await page.getByTestId('invitation-link').evaluate((el) => el.value ?? el.textContent);
  check(/\/invite\//.test(link), 'adding a user without a password gives an invitation link');
  await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  await page.locator('table tbody tr', { hasText: invited }).waitFor();
  check((await page.locator('table tbody tr select').count()) === 2, 'the users table lists the owner and the invited user');

  // --- invitation page (another browser, signed out) --------------------------------------------------------------
  const invitee = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
  const ipage = await invitee.newPage();
  await ipage.goto(link.replace(/^https?:\/\/[^/]+/, BASE));
  await ipage.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
  await axe('invite', ipage);
  await ipage.getByLabel('New password').fill('another long password');
  await ipage.getByLabel('Repeat the password').fill('another long password');
  await ipage.getByLabel('Repeat the password').press('Enter');
  await ipage.waitForURL(/\/chat/);
  check(true, 'the invitation is redeemed through its page with the keyboard and lands in the chat');
  await invitee.close();
} catch (e) {
  failures.push('error: ' + (e?.stack ?? e));
  log('error', e);
  await page.screenshot({ path: `${OUT}/a11y-failure.png`, fullPage: true }).catch(() => undefined);
} finally {
  writeFileSync(`${OUT}/a11y-findings.json`, JSON.stringify(findings, null, 2));
  await browser.close();
}
log(`${passed} pages without serious or critical violations; findings in target/e2e/a11y-findings.json`);
if (failures.length) {
  log('failures:\n - ' + failures.join('\n - '));
  process.exit(1);
}
log('all passed');
