/**
 * Every page of the web app (public, subscribe, opened from an email, and the organisers'
 * workspace) answers its status with a page heading with the app on this project's backend (D1 or
 * PostgreSQL), and each page's email links and forms were made through that backend. On SQLite the
 * two every-page sweeps open the same pages in Chromium and also check reflow and axe, which read
 * only the HTML and CSS; so this file runs in node-on-d1 and node-on-postgres (ADR 107). It asks
 * over HTTP as a browser does (cookies, the sign-in form with its CSRF token) instead of in
 * Chromium: what the backend changes is the server's answer, and Chromium took ~0.2 s of CPU per
 * page to draw what no assertion here reads (ADR 272).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyPage, type EveryPage } from './support/every-page.js';
import { ACCOUNTS, startWebServer, type WebServer } from './support/server.js';

describe(`every page on ${process.env.SAFERCAL_TEST_DB ?? 'sqlite'}`, () => {
  let server: WebServer;
  let pages: EveryPage;
  /** The cookies a browser would hold, by name. */
  const cookies = new Map<string, string>();

  beforeAll(async () => {
    server = await startWebServer();
    pages = await everyPage(server);
    // Building the page list on the local D1 (a reminder pass, forms, e-mails) took 36 s alone at load 16.
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  /** A request as a JavaScript-free browser sends it: HTML wanted, the cookies it holds, redirects followed or not. */
  async function request(path: string, init: { method?: string; form?: Record<string, string>; redirect?: RequestRedirect } = {}) {
    const headers: Record<string, string> = { Accept: 'text/html' };
    if (cookies.size) headers.Cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.form) Object.assign(headers, { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url });
    const res = await fetch(`${server.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.form && new URLSearchParams(init.form).toString(),
      redirect: init.redirect ?? 'follow',
    });
    for (const line of res.headers.getSetCookie()) {
      const [name, ...value] = line.split(';')[0]!.split('=');
      cookies.set(name!.trim(), value.join('='));
    }
    return { status: res.status, redirected: res.redirected ? new URL(res.url).pathname : '', text: await res.text() };
  }

  /** The error pages support/every-page.ts lists on purpose, with the status each must answer. */
  const ERROR_PAGES: Record<string, number> = {
    '/feeds?kind=parade': 400,
    '/no-such-page': 404,
    '/email/preferences/not-a-real-link': 404,
  };

  /**
   * Each path that did not answer its status (200 unless an error page) with a page heading, or
   * was sent elsewhere (a workspace page sends a visitor to sign in), with what it answered.
   */
  async function failures(paths: string[]): Promise<string[]> {
    const wrong: string[] = [];
    for (const path of paths) {
      const { status, redirected, text } = await request(path);
      const headings = text.match(/<h1[\s>]/g)?.length ?? 0;
      if (status !== (ERROR_PAGES[path] ?? 200) || headings === 0 || redirected)
        wrong.push(`${path}: ${status}, ${headings} h1${redirected ? `, sent to ${redirected}` : ''}`);
    }
    return wrong;
  }

  it('opens every public and subscribe page, and every page opened from an email', { timeout: 600_000 }, async () => {
    expect(await failures([...pages.public, ...pages.emailLinks])).toEqual([]);
  });

  it('opens every page of the organisers’ workspace, signed in as an administrator', { timeout: 600_000 }, async () => {
    const form = await request('/signin');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '';
    const signedIn = await request('/signin', {
      method: 'POST',
      form: { _csrf: csrf, email: ACCOUNTS.admin.email, password: ACCOUNTS.admin.password },
      redirect: 'manual',
    });
    expect(signedIn.status, signedIn.text).toBe(303);
    expect(await failures([...pages.workspace, `/events/${pages.ids.iag}`])).toEqual([]);
  });
});
