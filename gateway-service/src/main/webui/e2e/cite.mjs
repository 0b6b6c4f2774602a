// Answers that keep identifiers and citations that open at the passage, in Debian's Chromium (playwright-core,
// headless) against QUIRE_URL: a workspace with a three-page PDF naming Z_BUF_ERROR and asn1_der_decoding (set up
// over the API); the chat's answer shows both identifiers verbatim (no emphasis eaten their underscores); a citation
// opens the document's page with the cited PDF page rendered by pdf.js and the passage marked on it and in the
// extracted text. Run against a vite preview (no CSP of its own), the gateway's CSP is put on the page so pdf.js
// runs under the same policy as in production. Screenshots: gateway-service/target/e2e/cite-*.png. Exit 0 = passed.
import { rmSync } from 'node:fs';
import { BASE, OUT, axeSource, launch, pageProblems, reporter, workspaceWithPdf } from './harness.mjs';

const AXE = axeSource();
rmSync(`${OUT}/cite-failure.png`, { force: true });
const { log, check } = reporter('e2e-cite');

/** A new workspace over the API, with a knowledge base holding the indexed three-page PDF. */
async function workspace() {
  const who = await workspaceWithPdf({
    tag: 'cite',
    tenantName: 'E2E citations',
    kbName: 'Library notes',
    filename: 'library-notes.pdf',
    pages: [
      ['Library integration notes', 'These notes collect what the build team learned about two C libraries.', 'Read them before upgrading.'],
      [
        'Compression with zlib',
        'The inflate function returns Z_BUF_ERROR when no progress was possible,',
        'for example when the output buffer is full; call inflate again with more room.',
        'Z_BUF_ERROR is not fatal and the stream can continue.',
      ],
      [
        'Certificates with libtasn1',
        'The function asn1_der_decoding decodes a DER encoded value into an ASN.1 structure.',
        'When asn1_der_decoding fails it returns an error code and fills the error description.',
      ],
    ],
    check,
  });
  // the gateway's CSP (any API answer carries it): put on the page when the UI comes from a vite preview
  const csp = (await fetch(BASE + '/api/v1/plans')).headers.get('content-security-policy');
  return { ...who, csp };
}

// a page fulfilled by route() (to carry the CSP, below) counts as a public origin for Chromium's local network
// access checks, which would then refuse its socket to 127.0.0.1: the checks are off for this test only
const browser = await launch(['--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests']);
const { problems, watch } = pageProblems();
const consoleLines = [];
let exit = 0;
let page;
try {
  const who = await workspace();
  const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
  if (who.csp) {
    await context.route('**/*', async (route) => {
      if (route.request().resourceType() !== 'document') return route.fallback();
      const resp = await route.fetch();
      const headers = resp.headers();
      if (!headers['content-security-policy']) headers['content-security-policy'] = who.csp;
      return route.fulfill({ response: resp, headers });
    });
  }
  page = watch(await context.newPage());
  page.setDefaultTimeout(30_000);
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleLines.push(`${m.type()}: ${m.text()}`);
  });
  const shot = (name) => page.screenshot({ path: `${OUT}/cite-${name}.png` });

  await page.goto(BASE + '/');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByLabel('Password').press('Enter');
  const box = page.locator('textarea#message');
  await box.waitFor();
  await page.waitForFunction(() => !document.querySelector('.thread-head .badge.warn'), null, { timeout: 20_000 });

  // --- the answer keeps both identifiers verbatim -----------------------------------------------------------------
  await box.fill('When does inflate return Z_BUF_ERROR, and what does asn1_der_decoding do?');
  await box.press('Enter');
  await page.waitForFunction(
    () => {
      const a = [...document.querySelectorAll('.msg.assistant')].pop();
      return a && a.getAttribute('data-status') !== 'streaming' && a.querySelector('.answer-actions');
    },
    null,
    { timeout: 90_000 },
  );
  const answer = page.locator('.msg.assistant').last();
  check((await answer.getAttribute('data-status')) === 'done', 'the answer finished with done');
  // the answer's own text (not the tool call list, which repeats the question)
  const shown = await answer.locator('.markdown').innerText();
  log('answer:', shown.replace(/\s+/g, ' ').slice(0, 400));
  check(shown.includes('Z_BUF_ERROR'), 'the answer shows Z_BUF_ERROR verbatim');
  check(shown.includes('asn1_der_decoding'), 'the answer shows asn1_der_decoding verbatim');
  check((await answer.locator('em, strong').filter({ hasText: /^(BUF|der)$/ }).count()) === 0, 'no underscore of an identifier became emphasis');
  await shot('01-answer');

  // --- a citation opens the viewer at its page, the passage marked ------------------------------------------------
  const cites = answer.locator('.markdown button.cite');
  check((await answer.locator('.markdown code').filter({ hasText: /^(Z_BUF_ERROR|asn1_der_decoding)$/ }).count()) > 0, 'identifiers render as code');
  check((await cites.count()) > 0, `the answer has citation buttons (${await cites.count()})`);
  // the citation of the passage about Z_BUF_ERROR: page 2 when chunks keep their pages
  let chosen = null;
  for (let i = 0; i < (await cites.count()) && !chosen; i++) {
    await cites.nth(i).click();
    const dialog = page.getByRole('dialog');
    const passage = (await dialog.locator('.passage').textContent()) ?? '';
    if (passage.includes('Z_BUF_ERROR') || passage.includes('asn1_der_decoding')) chosen = { dialog, passage };
    else await dialog.getByRole('button', { name: 'Close' }).click();
  }
  check(!!chosen, 'a citation shows a passage naming an identifier of the question');
  const pageText = (await chosen.dialog.locator('p.muted').first().textContent()) ?? '';
  const cited = Number(/Page (\d+)/.exec(pageText)?.[1]);
  check(cited >= 2, `the citation names its page (${pageText.trim()})`);
  await shot('02-citation');
  await chosen.dialog.getByRole('link', { name: `Open the document at page ${cited}` }).click();
  await page.waitForURL(/\/knowledge\/.+\?doc=.+&page=\d+&passage=/);

  const pdfPage = page.locator(`[data-testid=pdf-page][data-page="${cited}"]`);
  await pdfPage.waitFor({ timeout: 30_000 });
  check(
    (await page.getByRole('img', { name: `Page ${cited} of the original PDF` }).count()) === 1,
    `the viewer shows page ${cited} of the original PDF`,
  );
  const inked = await page.locator('.pdf-canvas canvas').evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 128 && d[i + 3] > 0) dark++;
    return dark;
  });
  check(inked > 500, `pdf.js drew the page's text on the canvas (${inked} dark pixels)`);
  const marks = page.getByTestId('pdf-mark');
  check((await marks.count()) > 0, `the passage is marked on the rendered page (${await marks.count()} text items)`);
  const vp = page.viewportSize();
  const mb = await marks.first().boundingBox();
  check(!!mb && mb.y >= 0 && mb.y + mb.height <= vp.height, `the marked passage is scrolled into view (top ${Math.round(mb?.y ?? -1)} px)`);
  const canvasBox = await page.locator('.pdf-canvas canvas').boundingBox();
  check(mb.x >= canvasBox.x && mb.x + mb.width <= canvasBox.x + canvasBox.width + 1, 'the mark lies on the page');
  const textMark = (await page.getByTestId('cited-text').textContent()) ?? '';
  check(
    textMark.includes('Z_BUF_ERROR') || textMark.includes('asn1_der_decoding'),
    `the passage is marked in the extracted text too: "${textMark.replace(/\s+/g, ' ').slice(0, 80)}"`,
  );
  await shot('03-viewer-at-passage');
  // axe-core on the viewer (evaluated through the DevTools protocol, which the page's CSP does not govern)
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3)}`);
  });
  check(violations.length === 0, 'axe-core: 0 serious/critical violations on the viewer' + (violations.length ? ': ' + violations.join('; ') : ''));
  // turning the pages: the page before the cited one has no marks, and the way back marks the passage again
  await page.getByRole('button', { name: 'Previous page' }).click();
  await page.locator(`[data-testid=pdf-page][data-page="${cited - 1}"]`).waitFor();
  check((await marks.count()) === 0, `Previous page shows page ${cited - 1}, unmarked`);
  await page.getByRole('button', { name: `back to the cited page ${cited}` }).click();
  await pdfPage.waitFor();
  await marks.first().waitFor();
  check((await marks.count()) > 0, `back at page ${cited} the passage is marked again`);
  check(problems.length === 0, 'no page errors and no CSP violations' + (problems.length ? ': ' + problems.join(' | ') : ''));
} catch (e) {
  exit = 1;
  console.error('[e2e-cite] FAILED:', e.message);
  if (problems.length) console.error('[e2e-cite] problems:', problems.join('\n'));
  if (consoleLines.length) console.error('[e2e-cite] console:\n' + consoleLines.slice(-20).join('\n'));
  await page?.screenshot({ path: `${OUT}/cite-failure.png` }).catch(() => undefined);
} finally {
  await browser.close();
}
process.exit(exit);
