// What every browser script shares: where the app and Chromium are, where screenshots go, the check/log reporter,
// Chromium's launch, axe-core's source, a new workspace over the API with one indexed PDF, the page-error and CSP
// watcher (pageProblems) and the run's ending (runSteps: last check, failure screenshot, browser closed, exit code).
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makePdf } from './pdf.mjs';

export const BASE = (process.env.QUIRE_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
export const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../target/e2e');
export const INDEX_TIMEOUT = Number(process.env.QUIRE_E2E_INDEX_TIMEOUT_MS ?? 180_000);
mkdirSync(OUT, { recursive: true });

/** axe-core's source, evaluated into a page to run it there. */
export const axeSource = () => readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * A script's log and check: a failed check throws (stop at the first failure), or with {@code collect} is kept in
 * {@code failures} so that one run reports every failing page.
 */
export function reporter(tag, { collect = false } = {}) {
  const failures = [];
  const log = (...a) => console.log(`[${tag}]`, ...a);
  function check(cond, what) {
    if (!cond && !collect) throw new Error('check failed: ' + what);
    if (!cond) failures.push(what);
    log(cond ? 'ok -' : 'FAILED -', what);
  }
  return { log, check, failures };
}

/** Debian's Chromium, headless, quiet; {@code extraArgs} for what one script needs on top. */
export function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...extraArgs,
    ],
  });
}

/**
 * Signs a new workspace up over the API and gives it a knowledge base holding one PDF ({@code pages}: lines per
 * page), waiting until it is indexed. Answers the owner's e-mail, password and token.
 */
export async function workspaceWithPdf({ tag, tenantName, kbName, filename, pages, check }) {
  const email = `e2e-${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const password = 'a long enough password';
  const signup = await fetch(BASE + '/api/v1/auth/signup', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenantName, email, password }),
  });
  check(signup.ok, `sign-up over the API (${signup.status})`);
  const token = (await signup.json()).accessToken;
  const auth = { Authorization: 'Bearer ' + token };
  const kb = await (
    await fetch(BASE + '/api/v1/knowledge-bases', {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: kbName }),
    })
  ).json();
  const form = new FormData();
  form.append('file', new Blob([makePdf(pages)], { type: 'application/pdf' }), filename);
  const up = await fetch(`${BASE}/api/v1/knowledge-bases/${kb.id}/documents`, { method: 'POST', headers: auth, body: form });
  check(up.ok, `upload over the API (${up.status})`);
  const end = Date.now() + INDEX_TIMEOUT;
  let status = '';
  while (Date.now() < end && status !== 'INDEXED' && status !== 'FAILED') {
    const docs = await (await fetch(`${BASE}/api/v1/knowledge-bases/${kb.id}/documents`, { headers: auth })).json();
    status = docs.items?.[0]?.status ?? '';
    if (status !== 'INDEXED') await new Promise((r) => setTimeout(r, 1000));
  }
  check(status === 'INDEXED', 'the document is indexed');
  return { email, password, token };
}

/**
 * The page errors and CSP refusals of the pages {@code watch} is given, for one check at the end and the failure
 * report; {@code name} prefixes each where a script watches more than one page.
 */
export function pageProblems() {
  const problems = [];
  function watch(page, name) {
    const from = name ? `${name}: ` : '';
    page.on('pageerror', (e) => problems.push(`${from}page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`${from}CSP: ${m.text()}`);
    });
    return page;
  }
  return { problems, watch };
}

/**
 * Runs a script's steps, then checks that the watched pages had no errors. On a failure it prints the error and the
 * page problems and takes {@code failureShot} (which may answer nothing: no page yet); the browser is closed either
 * way, and the process exits 0 when all passed, else 1.
 */
export async function runSteps({ tag, log, check, problems, browser, failureShot }, steps) {
  let exit = 0;
  try {
    await steps();
    check(problems.length === 0, 'no page errors or CSP violations' + (problems.length ? ': ' + problems.join('; ') : ''));
    log('all passed; screenshots in', OUT);
  } catch (e) {
    exit = 1;
    console.error(`[${tag}] FAILED:`, e?.stack ?? e);
    if (problems.length) console.error(`[${tag}] page problems:`, problems.join('\n'));
    await failureShot()?.catch(() => {});
  } finally {
    await browser.close();
  }
  process.exit(exit);
}
