/**
 * The e-mailed one-time sign-in link: the way in that wrong passwords typed by someone else cannot
 * block. It works once, for 15 minutes, only its hash is stored, asking for one reveals no
 * accounts, and asking is limited so nobody can flood an inbox with them.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, findLogin, setDisabled } from '../../src/db/users.js';
import { hashPassword } from '../../src/domain/password.js';
import { makeTestApp, type TestApp } from '../support/app.js';
import { TEST_COST } from './support/cost.js';
import { Session } from './support/jar.js';

const OWNER = { email: 'community-safety-manager@example.org', password: 'a long enough passphrase' };

describe('signing in with a link sent by email', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true, now: '2022-10-03T09:00:00Z' });
    await createUser(
      t.handle.store,
      { email: OWNER.email, role: 'organiser', passwordHash: await hashPassword(OWNER.password, TEST_COST), groupIds: [] },
      { actor: 'test', now: t.clock() },
    );
  });
  afterAll(() => t.close());

  /** Asks for a link as a browser would; returns the page and the link the email carried, if one was sent. */
  async function askForLink(email: string, browser = new Session(t.app)) {
    const sentBefore = t.sent.length;
    const page = await browser.post('/signin/link', { email }, '/signin/link');
    await new Promise((resolve) => setTimeout(resolve, 50)); // the email goes out after the answer
    const mail = t.sent.slice(sentBefore).find((m) => m.to.includes(email));
    const url = mail ? /https:\/\/calendar\.example\.org(\/signin\/link\/\S+)/.exec(mail.text)?.[1] : undefined;
    return { page, mail, path: url };
  }

  it('emails a link that opens a page with a button, and signs in once pressed', async () => {
    const { page, mail, path } = await askForLink(OWNER.email);
    expect(page.status).toBe(200);
    expect(page.text).toContain('a sign-in link is on its way');
    expect(mail!.subject).toBe('Your sign-in link for the Community Safety Partnership calendar');
    expect(mail!.text).toContain('The link works once, for 15 minutes.');
    const browser = new Session(t.app);
    const opened = await browser.get(path!);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain(`Sign in as ${OWNER.email}`);
    expect(opened.headers.get('Referrer-Policy')).toBe('same-origin');
    expect((await browser.get('/organise')).status).toBe(303); // opening the link signed nobody in
    const signedIn = await browser.post(path!, {});
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('Location')).toBe('/organise');
    expect((await browser.get('/organise')).status).toBe(200);
    // Used up: a second press, or the same link in another browser, does nothing.
    const again = await new Session(t.app).post(path!, {}, '/signin/link');
    expect(again.status).toBe(404);
    expect(again.text).toContain('This sign-in link has expired or been used');
  });

  it('keeps only the SHA-256 of the link’s token', async () => {
    const { path } = await askForLink(OWNER.email);
    const token = path!.split('/').at(-1)!;
    const rows = await t.handle.store.db.selectFrom('sign_in_links').select('token_hash').execute();
    expect(rows.map((r) => r.token_hash)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('stops working after 15 minutes', async () => {
    const { path } = await askForLink(OWNER.email);
    t.clock.advance(15 * 60_000 + 1_000);
    expect((await new Session(t.app).get(path!)).status).toBe(404);
    expect((await new Session(t.app).post(path!, {}, '/signin/link')).status).toBe(404);
  });

  it('gets the owner in while the password path is slowed down by someone else’s guesses', async () => {
    t.clock.advance(60 * 60_000);
    for (let i = 0; i < 8; i++) {
      await new Session(t.app).post('/signin', { email: OWNER.email, password: `someone else guessing ${i}` });
      t.clock.advance(1_000);
    }
    const slowed = await new Session(t.app).post('/signin', { email: OWNER.email, password: OWNER.password });
    expect(slowed.status).toBe(429);
    expect(slowed.text).toContain('get a sign-in link by email');
    const { path } = await askForLink(OWNER.email);
    const browser = new Session(t.app);
    await browser.get(path!);
    expect((await browser.post(path!, {})).status).toBe(303);
    // Proving ownership by email resets the password path too.
    expect((await new Session(t.app).post('/signin', { email: OWNER.email, password: OWNER.password })).status).toBe(303);
  });

  it('answers the same for an address without an account, or a disabled one, and sends nothing', async () => {
    t.clock.advance(60 * 60_000);
    const ghost = await askForLink('nobody-here@example.org');
    const real = await askForLink(OWNER.email);
    expect(ghost.mail).toBeUndefined();
    expect(ghost.page.status).toBe(real.page.status);
    expect(ghost.page.text.replace('nobody-here@example.org', 'X')).toBe(real.page.text.replace(OWNER.email, 'X'));
    await createUser(
      t.handle.store,
      {
        email: 'former-officer@example.org',
        role: 'viewer',
        passwordHash: await hashPassword('a long old passphrase', TEST_COST),
        groupIds: [],
      },
      { actor: 'test', now: t.clock() },
    );
    const former = (await findLogin(t.handle.store, 'former-officer@example.org'))!.user;
    const { path } = await askForLink(former.email);
    await setDisabled(t.handle.store, former, true, { actor: 'test', now: t.clock() });
    expect((await askForLink(former.email)).mail).toBeUndefined();
    expect((await new Session(t.app).post(path!, {}, '/signin/link')).status).toBe(404);
  });

  it('sends at most three links to an account in 15 minutes, answering further requests the same', async () => {
    t.clock.advance(60 * 60_000);
    const asked = [];
    for (let i = 0; i < 5; i++) asked.push(await askForLink(OWNER.email));
    expect(asked.map((a) => Boolean(a.mail))).toEqual([true, true, true, false, false]);
    expect(new Set(asked.map((a) => a.page.status))).toEqual(new Set([200]));
    t.clock.advance(15 * 60_000 + 1_000);
    expect((await askForLink(OWNER.email)).mail).toBeDefined();
  });

  it('refuses an address that is not an email, naming the field', async () => {
    const res = await new Session(t.app).post('/signin/link', { email: 'not an email' }, '/signin/link');
    expect(res.status).toBe(400);
    expect(res.text).toContain('must be an email address like someone@example.org');
  });
});
