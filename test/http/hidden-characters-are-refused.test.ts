/**
 * Text with characters that cannot be seen or that reorder what is seen is refused wherever it
 * comes in through the API, with a message naming the field and the character: a title carrying
 * U+202E (right-to-left override) would otherwise reach email subjects reading differently from
 * what it is; NUL in a cancellation reason or a feed label would reach the audit log and feeds.
 * Multi-line text keeps its tabs and line breaks; right-to-left scripts keep their direction marks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

const RLO = '\u202e';

const meeting = (overrides: Record<string, unknown> = {}) => ({
  kind: 'deadline',
  title: 'Strategic assessment refresh due',
  start: '2026-03-31',
  ...overrides,
});

describe('hidden characters sent to the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ demo: true });
  });
  afterAll(() => t.close());

  async function countOf(table: 'events' | 'organisations' | 'feed_subscriptions' | 'people'): Promise<number> {
    const row = await t.handle.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  it('refuses a title with a right-to-left override, saying which character and why', async () => {
    const before = await countOf('events');
    const res = await t.call('POST', '/api/events', meeting({ title: `Board meeting ${RLO}gnp.exe` }));
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({
      field: 'title',
      message: 'contains a right-to-left override character (U+202E), which could disguise the text; remove it',
    });
    expect(await countOf('events')).toBe(before);
  });

  it('refuses every embedding, override and isolate, control characters (C0, DEL, C1) and broken surrogates', async () => {
    const refused: [string, string, RegExp][] = [
      ['title', 'Isolated \u2067text\u2069', /right-to-left isolate character \(U\+2067\)/],
      ['title', 'Embedded \u202atext\u202c', /left-to-right embedding character \(U\+202A\)/],
      ['location', 'Council Chamber\u202d', /left-to-right override character \(U\+202D\)/],
      ['description', 'Agenda\u0000attached', /control character \(U\+0000, NUL\)/],
      ['description', 'Bell\u0007', /control character \(U\+0007\)/],
      ['location', 'Room\u007f', /control character \(U\+007F, DEL\)/],
      ['title', 'Next\u0085line', /control character \(U\+0085\)/],
      ['title', 'Tab\there', /control character \(U\+0009, tab\)/],
      ['title', 'Two\u2028lines', /must be a single line/],
      ['description', 'Broken \ud800 text', /broken character \(an unpaired surrogate, U\+D800\)/],
      // Invisible format characters: the title would differ from the title it shows.
      ['title', 'Board\u200bmeeting', /contains a zero-width space \(U\+200B\), which cannot be seen; remove it/],
      ['location', 'Council\ufeffChamber', /zero-width no-break space \(byte order mark\) \(U\+FEFF\)/],
      ['title', 'Panel\u180emeeting', /Mongolian vowel separator \(U\+180E\)/],
      ['description', 'Agenda\u2060attached', /word joiner \(U\+2060\)/],
    ];
    for (const [field, value, message] of refused) {
      const res = await t.call('POST', '/api/events', meeting({ [field]: value }));
      expect(res.status, `${field}: ${JSON.stringify(value)}`).toBe(400);
      expect(res.body.error.field).toBe(field);
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('keeps tabs and line breaks in a description and direction marks in right-to-left text', async () => {
    const res = await t.call(
      'POST',
      '/api/events',
      meeting({ title: 'اجتماع المجموعة الاستشارية\u200f (IAG)', description: 'Agenda:\n\t1. Apologies\r\n\t2. Minutes' }),
    );
    expect(res.status).toBe(201);
    expect(res.body.title).toBe('اجتماع المجموعة الاستشارية\u200f (IAG)');
    expect(res.body.description).toBe('Agenda:\n\t1. Apologies\r\n\t2. Minutes');
    // Persian needs the zero-width non-joiner (U+200C), emoji sequences the joiner (U+200D).
    const persian = await t.call(
      'POST',
      '/api/events',
      meeting({ title: 'نشست گروه مشورتی می\u200cشود', location: 'Hall \u{1F469}\u200d\u{1F4BB}' }),
    );
    expect([persian.status, persian.body.title]).toEqual([201, 'نشست گروه مشورتی می\u200cشود']);
  });

  it('refuses the soft hyphen, grapheme joiner, tag characters, noncharacters and the braille blank, but keeps emoji flags and variants', async () => {
    // Each was accepted in a title that then looked like another (issue 14); by Unicode property
    // (Default_Ignorable_Code_Point, Noncharacter_Code_Point), not a list of cases.
    const before = await countOf('events');
    const refused: [string, string][] = [
      [
        'Hate cri\u00adme week',
        'title contains a soft hyphen (U+00AD), which cannot be seen (word processors leave it where a word may break); remove it',
      ],
      ['Hate\u034f crime week', 'title contains a combining grapheme joiner (U+034F), which cannot be seen; remove it'],
      [
        'Hate crime week\u{E0069}\u{E0067}\u{E006E}\u{E006F}\u{E0072}\u{E0065}',
        'title contains a tag character (U+E0069), which cannot be seen; remove it',
      ],
      ['Hate crime week\ufffe', 'title contains a noncharacter (U+FFFE), which is not text; remove it'],
      ['Hate crime week\uffff', 'title contains a noncharacter (U+FFFF), which is not text; remove it'],
      ['Hate crime week\ufdd0', 'title contains a noncharacter (U+FDD0), which is not text; remove it'],
      ['Hate crime week\u{10FFFF}', 'title contains a noncharacter (U+10FFFF), which is not text; remove it'],
      ['Hate\u2800crime week', 'title contains a braille pattern blank (U+2800), which shows as blank; remove it'],
      ['Hate crime\u17b4 week', 'title contains an invisible formatting character (U+17B4), which cannot be seen; remove it'],
    ];
    for (const [title, message] of refused) {
      const res = await t.call('POST', '/api/events', meeting({ title }));
      expect([res.status, res.body.error], JSON.stringify(title)).toEqual([
        400,
        { field: 'title', message: message.replace(/^title /, '') },
      ]);
    }
    expect(await countOf('events')).toBe(before);
    // Real text keeps them: the flag of Wales (an emoji tag sequence), an emoji with its
    // presentation selector (U+FE0F), a Han character with an ideographic variation selector.
    for (const title of [
      'Cymru \u{1F3F4}\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F} week',
      'Volunteers \u2764\ufe0f',
      '\u845b\u{E0100}飾区 visit',
    ]) {
      const res = await t.call('POST', '/api/events', meeting({ title }));
      expect([res.status, res.body.title]).toEqual([201, title]);
    }
  });

  it('refuses a JSON body whose bytes are not UTF-8, rather than storing U+FFFD', async () => {
    const before = await countOf('events');
    const json = new TextEncoder().encode(JSON.stringify(meeting({ title: 'Board meeting ~' })));
    json[json.indexOf(0x7e)] = 0xff; // "~" becomes a byte no UTF-8 text holds
    const res = await t.app.request('/api/events', {
      method: 'POST',
      body: json,
      headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' },
    });
    expect([res.status, ((await res.json()) as { error: unknown }).error]).toEqual([
      400,
      { field: 'body', message: 'is not valid UTF-8 text: send it encoded as UTF-8' },
    ]);
    expect(await countOf('events')).toBe(before);
  });

  it('refuses an RFC 2047 encoded-word in a title, which a mail program would decode in the subject', async () => {
    const before = await countOf('events');
    const res = await t.call('POST', '/api/events', meeting({ title: 'Panel =?utf-8?q?=E2=80=AEfdp=2Eexe?= review' }));
    expect([res.status, res.body.error]).toEqual([
      400,
      { field: 'title', message: 'contains an encoded-word ("=?…?="), which an email program would show as other text; remove it' },
    ]);
    expect(await countOf('events')).toBe(before);
    // A description never becomes a subject: there it is only text.
    const described = await t.call('POST', '/api/events', meeting({ description: 'Subject lines look like =?utf-8?q?this?= inside' }));
    expect(described.status).toBe(201);
  });

  it("refuses NUL, overrides, control characters and broken text in an edit's reason, and leaves the event as it was", async () => {
    const group = (await t.call('GET', '/api/groups')).body.groups[0];
    const created = await t.call('POST', '/api/events', {
      kind: 'meeting',
      groupId: group.id,
      title: 'IAG monthly meeting',
      start: '2026-04-15T18:00',
      end: '2026-04-15T20:00',
      rrule: 'FREQ=MONTHLY;COUNT=6',
    });
    expect([created.status, created.body.errors]).toEqual([201, undefined]);
    const dates = (await t.call('GET', `/api/occurrences?from=2026-04-01&to=2026-10-31&q=IAG%20monthly`)).body.occurrences;
    const refused: [string, RegExp][] = [
      ['venue\u0000closed', /control character \(U\+0000, NUL\)/],
      [`Moved ${RLO}gnitsoh`, /right-to-left override character \(U\+202E\)/],
      ['bell\u0007 and esc\u001b[31m red', /control character \(U\+0007\)/],
      ['Broken \ud800 text', /unpaired surrogate/],
    ];
    for (const [reason, message] of refused)
      for (const [method, body] of [
        ['PATCH', { location: 'College', reason }],
        ['PUT', { ...created.body, location: 'College', reason }],
        ['PATCH', { location: 'College', reason, dates: 'following', from: dates[2].recurrenceId }],
      ] as const) {
        const res = await t.call(method, `/api/events/${created.body.id}`, body);
        expect([method, JSON.stringify(reason), res.status, res.body.error?.field]).toEqual([
          method,
          JSON.stringify(reason),
          400,
          'reason',
        ]);
        expect(res.body.error.message).toMatch(message);
      }
    const after = (await t.call('GET', `/api/events/${created.body.id}`)).body;
    expect([after.location, after.sequence]).toEqual([created.body.location, created.body.sequence]);
  });

  it('refuses NUL in a cancellation reason and leaves the event as it was', async () => {
    const created = await t.call('POST', '/api/events', meeting());
    const res = await t.call('POST', `/api/events/${created.body.id}/cancel`, { reason: 'venue\u0000unavailable' });
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('reason');
    expect(res.body.error.message).toMatch(/NUL/);
    expect((await t.call('GET', `/api/events/${created.body.id}`)).body.status).toBe('published');
  });

  it('refuses NUL in a private feed label and creates no feed', async () => {
    const partner = (await t.call('GET', '/api/organisations')).body.organisations[0];
    const before = await countOf('feed_subscriptions');
    const res = await t.call('POST', '/api/feed-subscriptions', { partner: partner.id, label: 'Fire\u0000Rescue' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ field: 'label', message: expect.stringMatching(/NUL/) });
    expect(await countOf('feed_subscriptions')).toBe(before);
  });

  it('refuses them in the directory, occurrence notes and email addresses too', async () => {
    const orgs = await countOf('organisations');
    const org = await t.call('POST', '/api/organisations', { name: `Fire ${RLO}and Rescue`, kind: 'fire' });
    expect(org.status).toBe(400);
    expect(org.body.error.field).toBe('name');
    expect(await countOf('organisations')).toBe(orgs);

    const group = (await t.call('GET', '/api/groups')).body.groups[0];
    const member = await t.call('POST', `/api/groups/${group.id}/members`, {
      email: 'new-member@example.org',
      role: 'Member',
      displayName: 'Youth\u0000seat',
    });
    expect(member.status).toBe(400);
    expect(member.body.error.field).toBe('displayName');

    const people = await countOf('people');
    const subscribe = await t.call(
      'POST',
      '/api/email/subscribe',
      { email: `someone${RLO}@example.org`, topic: 'digest' },
      { auth: false },
    );
    expect(subscribe.status).toBe(400);
    expect(subscribe.body.error.field).toBe('email');
    expect(await countOf('people')).toBe(people);

    const series = (await t.call('GET', '/api/events?kind=meeting&limit=500')).body.events.find((e: { rrule: string | null }) => e.rrule);
    const next = (await t.call('GET', `/api/occurrences?from=2022-09-01&to=2023-08-31`)).body.occurrences.find(
      (o: { eventId: string }) => o.eventId === series.id,
    );
    const moved = await t.call('PUT', `/api/events/${series.id}/occurrences/${next.recurrenceId}`, {
      status: 'cancelled',
      note: `Room unavailable ${RLO}`,
    });
    expect(moved.status).toBe(400);
    expect(moved.body.error.field).toBe('note');
  });
});
