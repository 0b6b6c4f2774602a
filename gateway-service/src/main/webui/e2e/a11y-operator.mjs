// Accessibility of the operator's pages in Debian's Chromium (playwright-core, headless) against a running app at
// QUIRE_URL: signs in as the platform operator (QUIRE_PLATFORM_ADMIN_EMAIL / QUIRE_PLATFORM_ADMIN_PASSWORD, which
// `scripts/secrets.sh exec` provides) and runs axe-core on the tenants page: no serious or critical violation.
// Exit code 0 = all passed; screenshots and findings in gateway-service/target/e2e/a11y-operator-*.
import { writeFileSync } from 'node:fs';
import { BASE, OUT, axeSource, launch, reporter } from './harness.mjs';

const AXE = axeSource();
const EMAIL = process.env.QUIRE_PLATFORM_ADMIN_EMAIL ?? 'operator@quire.local';
const PASSWORD = process.env.QUIRE_PLATFORM_ADMIN_PASSWORD;
const { log, check, failures } = reporter('a11y-operator', { collect: true });
if (!PASSWORD) {
  console.error('[a11y-operator] QUIRE_PLATFORM_ADMIN_PASSWORD is not set: run through scripts/secrets.sh exec');
  process.exit(2);
}

const browser = await launch();
const findings = {};
try {
  for (const [width, height, name] of [
    [1366, 850, 'desktop'],
    [390, 844, 'phone'],
  ]) {
    const context = await browser.newContext({ viewport: { width, height }, bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => failures.push('page error: ' + e.message));
    await page.goto(BASE + '/');
    await page.locator('input[type=email]').fill(EMAIL);
    await page.locator('input[type=password]').fill(PASSWORD);
    await page.locator('input[type=password]').press('Enter');
    await page.locator('main table').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.evaluate(AXE);
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
    );
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    findings[name] = result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    await page.screenshot({ path: `${OUT}/a11y-operator-tenants-${name}.png`, fullPage: true });
    check(!bad.length, `tenants page (${name}): no serious or critical axe violation` + (bad.length ? ` (${bad.map((v) => v.id).join(', ')})` : ''));
    await context.close();
  }
} catch (e) {
  failures.push('error: ' + e.message);
} finally {
  writeFileSync(`${OUT}/a11y-operator-findings.json`, JSON.stringify(findings, null, 2));
  await browser.close();
}
if (failures.length) {
  log('failures:\n - ' + failures.join('\n - '));
  process.exit(1);
}
log('all passed');
