// The chat's conversation tools end to end in Debian's Chromium (playwright-core, headless) against QUIRE_URL, at
// 1366×850 and 390×844: after long answers the composer is inside the viewport, the phone drawer opens and closes,
// Copy puts the answer with its sources on the clipboard, Export downloads Markdown with numbered sources (and JSON),
// Regenerate and Edit replace the last exchange, search finds message content, pin, and axe-core finds no serious or
// critical violations on the chat page. Screenshots: gateway-service/target/e2e/chat-*.png. Exit code 0 = all passed.
// QUIRE_E2E_SERVER_CHECKS=0 skips the checks that need this branch's chat-agent (stored replacement, content search,
// stored pin), for a run against an older backend.
import { readFileSync, rmSync } from 'node:fs';
import { BASE, OUT, axeSource, launch, pageProblems, reporter, runSteps, workspaceWithPdf } from './harness.mjs';

const SERVER_CHECKS = process.env.QUIRE_E2E_SERVER_CHECKS !== '0';
const AXE = axeSource();
rmSync(`${OUT}/chat-failure.png`, { force: true });
const { log, check } = reporter('e2e-chat');

/** A new workspace over the API, with a knowledge base holding one indexed PDF. */
async function workspace() {
  const lines = [];
  for (let i = 1; i <= 14; i++) {
    lines.push(
      `Rule ${i} of the aurora observatory: visitors of the observatory keep to the marked paths, and the observatory ` +
        `staff explain rule ${i} at the entrance before the guided tour of the observatory dome begins.`,
    );
  }
  return workspaceWithPdf({
    tag: 'chat',
    tenantName: 'E2E chat workspace',
    kbName: 'Observatory',
    filename: 'observatory-rules.pdf',
    pages: [
      ['Northern Lights Observatory - Visitor Rules', 'The aurora observatory opens at nine in the evening.'],
      ['Visitor rules', ...lines.slice(0, 7)],
      ['More visitor rules', ...lines.slice(7)],
    ],
    check,
  });
}

const browser = await launch();
const { problems, watch: watchProblems } = pageProblems();
function watch(page, name) {
  page.setDefaultTimeout(20_000);
  return watchProblems(page, name);
}

/** The composer's box lies entirely inside the viewport. */
async function composerInView(page) {
  const box = await page.locator('form.composer').boundingBox();
  const vp = page.viewportSize();
  return !!box && box.y >= 0 && box.y + box.height <= vp.height + 0.5 && box.x >= 0 && box.x + box.width <= vp.width + 0.5;
}

/** Sends a question through the composer and waits until its answer is done. */
async function ask(page, question) {
  const before = await page.locator('.msg.assistant').count();
  const box = page.locator('textarea#message');
  await box.fill(question);
  await box.press('Enter');
  await waitForAnswer(page, before + 1);
}

async function waitForAnswer(page, count) {
  await page.waitForFunction(
    (n) => {
      const as = [...document.querySelectorAll('.msg.assistant')];
      const a = as[as.length - 1];
      return as.length === n && a.getAttribute('data-status') !== 'streaming' && a.querySelector('.answer-actions');
    },
    count,
    { timeout: 90_000 },
  );
  const last = page.locator('.msg.assistant').last();
  check((await last.getAttribute('data-status')) === 'done', 'the answer finished with done');
}

async function axe(page, what) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  log(`axe on ${what}: ${result.length} violations (${result.map((v) => `${v.id}/${v.impact}`).join(', ') || 'none'})`);
  check(bad.length === 0, `axe-core: 0 serious/critical violations on ${what}` + (bad.length ? ': ' + JSON.stringify(bad) : ''));
}

let page;
const failureShot = () => page?.screenshot({ path: `${OUT}/chat-failure.png` });
await runSteps({ tag: 'e2e-chat', log, check, problems, browser, failureShot }, async () => {
  const who = await workspace();
  const desktop = await browser.newContext({ viewport: { width: 1366, height: 850 }, acceptDownloads: true });
  await desktop.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  page = watch(await desktop.newPage(), 'desktop');
  const shot = (name) => page.screenshot({ path: `${OUT}/chat-${name}.png` });

  await page.goto(BASE + '/');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByLabel('Password').press('Enter');
  await page.locator('textarea#message').waitFor();
  await page.waitForFunction(() => !document.querySelector('.thread-head .badge.warn'), null, { timeout: 20_000 });
  await axe(page, 'the empty chat (1366×850)');

  // --- long answers: the message list scrolls, the composer stays in view -------------------------------------
  await ask(page, 'What are the visitor rules of the aurora observatory?');
  await page.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
  const convId = page.url().split('/').pop();
  await ask(page, 'Which rules does the observatory staff explain at the entrance?');
  const list = await page.locator('.messages').evaluate((el) => ({ sh: el.scrollHeight, ch: el.clientHeight }));
  check(list.sh > list.ch, `the answers overflow the message list (${list.sh} > ${list.ch} px), which scrolls`);
  check(await composerInView(page), 'after long answers the composer is inside the 1366×850 viewport');
  check((await page.evaluate(() => document.scrollingElement.scrollHeight - window.innerHeight)) <= 1, 'the page itself does not scroll');
  await shot('01-long-answer-desktop');
  await axe(page, 'the chat with answers (1366×850)');

  // --- copy ----------------------------------------------------------------------------------------------------
  const lastAnswer = page.locator('.msg.assistant').last();
  await lastAnswer.getByRole('button', { name: 'Copy answer' }).click();
  await lastAnswer.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  check(copied.includes('**Sources**') && copied.includes('1. observatory-rules.pdf'), 'Copy puts the answer with its numbered sources on the clipboard');

  // --- export ----------------------------------------------------------------------------------------------------
  await page.getByText('Export', { exact: true }).click();
  const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Markdown (.md)' }).click()]);
  const mdText = readFileSync(await md.path(), 'utf8');
  check(md.suggestedFilename().endsWith('.md'), `the Markdown export downloads as ${md.suggestedFilename()}`);
  check(
    mdText.includes('## Question') && mdText.includes('## Answer') && /\*\*Sources\*\*\n\n1\. observatory-rules\.pdf/.test(mdText),
    'the Markdown export has the questions, the answers and their numbered sources',
  );
  check(/\[1\]/.test(mdText), 'the exported answers keep their [n] markers');
  await page.getByText('Export', { exact: true }).click();
  const [js] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'JSON (.json)' }).click()]);
  const exported = JSON.parse(readFileSync(await js.path(), 'utf8'));
  check(exported.id === convId && exported.messages.length === 4 && exported.messages[1].citations.length > 0, 'the JSON export has the 4 messages with citations');

  // --- regenerate ------------------------------------------------------------------------------------------------
  const answers = await page.locator('.msg.assistant').count();
  const oldId = await page.locator('.msg.assistant').last().getAttribute('data-message-id');
  await page.locator('.msg.assistant').last().getByRole('button', { name: 'Regenerate answer' }).click();
  await waitForAnswer(page, answers);
  const newId = await page.locator('.msg.assistant').last().getAttribute('data-message-id');
  check(!!newId && newId !== oldId, `Regenerate replaces the last answer on screen (${answers} answers, new id ${newId?.slice(0, 8)})`);
  check(await composerInView(page), 'the composer is still in view after regenerating');
  await shot('02-regenerated');

  // --- edit and resend (Arrow Up in the empty composer) ----------------------------------------------------------
  await page.locator('textarea#message').focus();
  await page.keyboard.press('ArrowUp');
  const edit = page.getByRole('textbox', { name: 'Edit your question' });
  check(await edit.evaluate((el) => el === document.activeElement), 'Arrow Up in the empty composer opens the last question for editing, with focus');
  await edit.fill('Which rule does the staff explain first?');
  await edit.press('Enter');
  await waitForAnswer(page, answers);
  check(
    (await page.locator('.msg.user').last().textContent())?.includes('Which rule does the staff explain first?'),
    'Edit and resend replaces the last question and its answer',
  );
  check(await page.locator('textarea#message').evaluate((el) => el === document.activeElement), 'focus returns to the composer after resending');

  if (SERVER_CHECKS) {
    await page.reload();
    await page.locator('.msg.assistant').first().waitFor();
    const stored = await page.locator('.msg.assistant').count();
    const storedQuestions = await page.locator('.msg.user').allTextContents();
    check(stored === answers, `after a reload the stored conversation has ${stored} answers (regenerate and edit replaced, not appended)`);
    check(storedQuestions[storedQuestions.length - 1].includes('Which rule does the staff explain first?'), 'the stored last question is the edited one');

    // search in content, not only titles
    await page.getByRole('searchbox', { name: 'Search conversations' }).fill('marked paths');
    await page.locator('.conversations .match').first().waitFor();
    check((await page.locator('.conversations .match').first().textContent()).toLowerCase().includes('marked paths'), 'search finds the conversation by its answer text, with a snippet');
    await page.getByRole('searchbox', { name: 'Search conversations' }).fill('');
  }

  // --- pin -------------------------------------------------------------------------------------------------------
  // a row's "⋯" menu button takes room only while the row is hovered, focused or open (styles.css): hover it as a
  // mouse would, open the menu, choose Pin
  const firstRow = page.locator('.conversations li').first();
  const pinnedHref = await firstRow.locator('a').getAttribute('href');
  await firstRow.hover();
  const rowMenuButton = firstRow.getByRole('button', { name: /^Actions for / });
  await rowMenuButton.click();
  await firstRow.getByRole('menu').getByRole('menuitem', { name: 'Pin', exact: true }).click();
  await page.locator('.conversations li.pinned').first().waitFor();
  const pinnedRow = page.locator('.conversations li.pinned').first();
  await pinnedRow.hover();
  await pinnedRow.getByRole('button', { name: /^Actions for / }).click();
  const unpin = pinnedRow.getByRole('menu').getByRole('menuitem', { name: 'Unpin', exact: true });
  await unpin.waitFor();
  check(
    (await pinnedRow.locator('a').getAttribute('href')) === pinnedHref && (await unpin.isVisible()),
    'a conversation can be pinned (its row is marked and its menu now offers Unpin)',
  );
  await page.keyboard.press('Escape');
  await pinnedRow.getByRole('menu').waitFor({ state: 'detached' });
  check(
    await pinnedRow.getByRole('button', { name: /^Actions for / }).evaluate((el) => el === document.activeElement),
    "Escape closes the row's menu and focus returns to its button",
  );
  await axe(page, 'the chat after the conversation tools (1366×850)');

  // --- phone: 390×844 ---------------------------------------------------------------------------------------------
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  // the session is restored from the refresh cookie, which the new context does not have: sign in again
  const p2 = watch(await phone.newPage(), 'phone');
  await p2.goto(`${BASE}/chat/${convId}`);
  await p2.getByLabel('Email').fill(who.email);
  await p2.getByLabel('Password').fill(who.password);
  await p2.getByLabel('Password').press('Enter');
  await p2.locator('textarea#message').waitFor();
  if (!new URL(p2.url()).pathname.endsWith(convId)) await p2.goto(`${BASE}/chat/${convId}`);
  await p2.locator('.msg.assistant').last().waitFor();
  await p2.waitForFunction(() => !document.querySelector('.thread-head .badge.warn'), null, { timeout: 20_000 });
  await ask(p2, 'What are all the visitor rules of the observatory?');
  check(await composerInView(p2), 'after a long answer the composer is inside the 390×844 viewport');
  check((await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)) <= 1, 'no horizontal scrolling at 390 px');
  await p2.screenshot({ path: `${OUT}/chat-03-long-answer-phone.png` });
  await axe(p2, 'the chat at 390×844');
  const toggle = p2.getByRole('button', { name: 'Conversations' });
  await toggle.click();
  const drawer = p2.getByRole('dialog', { name: 'Conversations' });
  await drawer.waitFor();
  check(await drawer.isVisible(), 'the phone drawer opens');
  check(await drawer.evaluate((el) => el.contains(document.activeElement)), 'the open drawer has focus');
  if (SERVER_CHECKS) {
    check((await drawer.locator('li.pinned').count()) === 1, 'the pin was stored: a fresh page lists the conversation as pinned');
  }
  await p2.screenshot({ path: `${OUT}/chat-04-drawer-open-phone.png` });
  await axe(p2, 'the open drawer at 390×844');
  await p2.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
  check(await toggle.evaluate((el) => el === document.activeElement), 'Escape closes the drawer and focus returns to its button');
  await toggle.click();
  await p2.getByTestId('drawer-backdrop').click({ position: { x: 370, y: 400 } });
  await drawer.waitFor({ state: 'detached' });
  check(true, 'a tap on the backdrop closes the drawer');
  await p2.screenshot({ path: `${OUT}/chat-05-drawer-closed-phone.png` });
});
