/**
 * A pass renders what every reminder of one occurrence shares once (with stand-ins for the signed
 * token and the ATTENDEE line) and fills in each email's own: these prove each member still gets
 * exactly the email, links and invitation made for them alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getEvent } from '../../src/db/events.js';
import { renderInvitation } from '../../src/feeds/ics.js';
import { LinkSigner, signingKey } from '../../src/notify/links.js';
import { makeWorld, ORGANISER_EMAIL, type World } from './support/world.js';

// The last address is long enough that its ATTENDEE line folds at another place than the stand-in's.
const MEMBERS = [
  'iag-member-1@example.org',
  'iag-member-2@example.org',
  'iag-member-3@example.org',
  'iag-member-4@example.org',
  'independent-advisory-group-member-with-a-long-address@partner-organisation.example.org',
];

describe('reminders of one meeting sent in one pass', () => {
  let w: World;
  let meetingId: string;
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-10-01T09:00:00Z', members: MEMBERS });
    meetingId = (await w.createMeeting({ start: '2022-11-02T18:00', end: '2022-11-02T20:00' })).id;
    const pass = await w.dispatch('2022-10-26T17:00:00Z');
    expect(pass.sent).toBe(MEMBERS.length);
  });
  afterAll(() => w.close());

  it('gives each member an invitation naming them as the attendee, byte for byte what is rendered for them alone', async () => {
    const event = (await getEvent(w.t.handle.store, meetingId))!;
    for (const email of MEMBERS) {
      const [mail] = await w.sink.parsedFor(email);
      const part = mail!.attachments.find((a) => a.contentType.startsWith('text/calendar'));
      expect(part, `the reminder to ${email} has an invitation`).toBeDefined();
      const own = renderInvitation({
        event,
        recurrenceId: null,
        method: 'REQUEST',
        organizer: { name: 'Independent Advisory Group', email: ORGANISER_EMAIL },
        attendees: [{ email }],
        publicUrl: w.deps.config.publicUrl,
        sequence: event.sequence,
      });
      expect(part!.content.toString('utf8')).toBe(own);
      expect(part!.content.toString('utf8')).not.toContain('invitation.invalid');
    }
  });

  it('signs each member’s links for that member, and no stand-in text reaches anyone', async () => {
    const signer = new LinkSigner(await signingKey(w.t.handle.store, w.deps.config.secretKey));
    const people = new Map<string, string>();
    for (const email of MEMBERS) {
      const [mail] = await w.sink.parsedFor(email);
      const body = `${mail!.text}\n${mail!.html}\n${mail!.headers.get('list-unsubscribe') as string}`;
      expect(body).not.toMatch(/slot/);
      const tokens = new Set(
        [...body.matchAll(/\/(?:api\/)?email\/(?:unsubscribe|preferences|apologies)\/([A-Za-z0-9_.-]+)/g)].map((m) => m[1]!),
      );
      expect(tokens.size, `one token in every link to ${email}`).toBe(1);
      const claim = await signer.verify([...tokens][0]!);
      expect(claim).not.toBeNull();
      people.set(email, claim!.personId);
      const person = await w.t.handle.store.db.selectFrom('people').select('email').where('id', '=', claim!.personId).executeTakeFirst();
      expect(person?.email).toBe(email);
    }
    expect(new Set(people.values()).size).toBe(MEMBERS.length);
  });
});

describe('signed links', () => {
  it('are the same HMAC-SHA256 Web Crypto computes, so tokens from Node and Workers verify on either', async () => {
    const secret = 'a partnership signing key';
    const token = await new LinkSigner(secret).sign({ personId: 'p-1', deliveryId: 'd-1' });
    const [body, mac] = token.split('.');
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const expected = Buffer.from(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body))).toString('base64url');
    expect(mac).toBe(expected.slice(0, 32));
    expect(JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'))).toEqual({ personId: 'p-1', deliveryId: 'd-1' });
  });
});
