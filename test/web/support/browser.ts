/** Debian's Chromium driven by playwright-core (no browser download), and axe-core injected into pages. */
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

/** How every test launches Debian's Chromium (no browser download; no sandbox inside containers). */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/**
 * A Chromium for one test file (or script): a connection to the test run's one shared Chromium
 * when the project started it (test/support/chromium-global-setup.ts; launching costs ~3.5
 * CPU-seconds, so once per run instead of once per file), else a Chromium of its own. Close it
 * when done: closing a connection closes the contexts this file opened and leaves the shared
 * browser running for the other files. Each file opens its own contexts (cookies, storage).
 */
export async function openChromium(): Promise<Browser> {
  const wsEndpoint = process.env.VITEST ? (await import('vitest')).inject('chromiumWsEndpoint') : undefined;
  if (wsEndpoint) return chromium.connect(wsEndpoint);
  return chromium.launch(CHROMIUM_LAUNCH);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * A context whose pages may run axe-core: the pages' CSP forbids every script, axe included, so it
 * bypasses CSP, and it evaluates axe in every document it opens (Playwright's init script, sent to
 * the browser once) instead of sending the 550 KB script over the wire for each check, which cost
 * 0.5–1.1 s per page, more than axe's own run. The pages ship no script, so what they render is
 * what a JavaScript-free browser renders.
 */
export async function axeContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'en-GB', ...options, bypassCSP: true });
  await context.addInitScript({ path: AXE_PATH });
  return context;
}

/**
 * Whether this project runs axe: on SQLite (the `node` project) only. axe reads only the HTML and
 * CSS a page renders, and a web file that also runs on D1 or PostgreSQL renders the same pages
 * from the same calendar there; its other assertions check what that backend stored and shows
 * (ADR 107 for whole files, ADR 263 for the axe checks inside the form files).
 */
export const AXE_ON_THIS_BACKEND = !process.env.SAFERCAL_TEST_DB;

/**
 * Runs axe-core on the page against WCAG 2.0/2.1/2.2 A and AA. The page should come from
 * `axeContext`; in any other context created with bypassCSP, axe is injected on the spot.
 * On D1 and PostgreSQL it runs nothing and answers [] (AXE_ON_THIS_BACKEND).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!AXE_ON_THIS_BACKEND) return [];
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    // resultTypes: only violations get their full node details (axe's documented speed-up).
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
}

export function describeViolations(url: string, violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${url}: ${v.id} (${v.impact}) ${v.help}\n${v.nodes
          .slice(0, 5)
          .map((n) => `   ${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
}

export async function signIn(page: Page, base: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email address').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await Promise.all([
    page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 20_000 }),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/** Types an ISO date ('2022-11-02') into a GOV.UK date input (the Day, Month and Year boxes of the group named `label`). */
export async function fillDate(page: Page | Locator, label: string | RegExp, iso: string): Promise<void> {
  const [year, month, day] = iso.split('-');
  const group = page.getByRole('group', { name: label }).first();
  await group.getByLabel('Day').fill(day ? String(Number(day)) : '');
  await group.getByLabel('Month').fill(month ? String(Number(month)) : '');
  await group.getByLabel('Year').fill(year ?? '');
}

/** The day, month and year shown in a GOV.UK date input, as an ISO date ('' when empty). */
export async function readDate(page: Page, label: string | RegExp): Promise<string> {
  const group = page.getByRole('group', { name: label }).first();
  const [day, month, year] = await Promise.all(['Day', 'Month', 'Year'].map((l) => group.getByLabel(l).inputValue()));
  return year ? `${year}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}` : '';
}

/** How far the page scrolls sideways at its current width: 0 when it reflows (WCAG 2.2 SC 1.4.10). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * What is wrong with the page a JavaScript-free browser is showing now: sideways scrolling at its
 * width (reflow), and axe's violations of its HTML, run in `axePage` (a context that may inject
 * axe) on the same origin (on SQLite only: AXE_ON_THIS_BACKEND). For pages that answer a form,
 * which cannot simply be opened again.
 */
export async function problemsOf(page: Page, axePage: Page, label: string): Promise<string[]> {
  const problems: string[] = [];
  const overflow = await sidewaysOverflow(page);
  if (overflow > 0) problems.push(`${label}: scrolls ${overflow}px sideways at ${page.viewportSize()?.width}px`);
  if (!AXE_ON_THIS_BACKEND) return problems;
  const url = new URL(page.url());
  if (new URL(axePage.url() === 'about:blank' ? 'http://x' : axePage.url()).origin !== url.origin)
    await axePage.goto(`${url.origin}/healthz`);
  await axePage.setViewportSize(page.viewportSize() ?? { width: 320, height: 640 });
  await axePage.setContent(await page.content(), { waitUntil: 'load' });
  const violations = describeViolations(label, await axeViolations(axePage));
  if (violations) problems.push(violations);
  return problems;
}
