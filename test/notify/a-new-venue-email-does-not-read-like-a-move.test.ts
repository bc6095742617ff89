/**
 * A date whose venue alone changes is e-mailed as a new venue at the same time ("New venue: …,
 * now at …"), not as "Changed: …, now <the same time>", which reads like a move; a date that moves
 * keeps "Changed: …, now …". Through a real SMTP sink.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, type World } from './support/world.js';

describe('a change of venue only', () => {
  let w: World;
  let series: { id: string };
  beforeAll(async () => {
    w = await makeWorld({ now: '2022-09-01T09:00:00Z' });
    series = await w.createMeeting({ start: '2022-09-21T18:00', end: '2022-09-21T20:00', rrule: 'FREQ=MONTHLY;BYDAY=3WE' });
    await w.dispatch('2022-10-12T17:00:00Z'); // the week-before reminder of 19 October
  });
  afterAll(() => w.close());

  it('says the venue is new and the time is not, in the subject and the body', async () => {
    w.t.clock.set('2022-10-13T10:00:00Z');
    const moved = await w.t.call('PUT', `/api/events/${series.id}/occurrences/2022-10-19T18:00`, { location: 'Bletchley Library' });
    expect(moved.status).toBe(200);
    expect((await w.dispatch('2022-10-13T10:01:00Z')).sent).toBe(2);
    const mail = (await w.sink.parsedFor('iag-member-1@example.org'))[1]!;
    expect(mail.subject).toBe('New venue: Independent Advisory Group meeting, Wed 19 Oct, 18:00, now at Bletchley Library');
    expect(mail.subject).not.toContain(', now Wed');
    expect(mail.text).toContain('Independent Advisory Group meeting has a new venue.');
    expect(mail.text).toContain('The date and time are unchanged; only the venue is new.');
    expect(mail.text).toContain('Where: Bletchley Library');
    expect(mail.text).not.toContain('When:  Wednesday 19 October 2022, 18:00–20:00\n       (was');
    expect(mail.html).toContain('has a new venue');
    if (process.env.SAFERCAL_EMAIL_OUT) writeFileSync(process.env.SAFERCAL_EMAIL_OUT, String(mail.html));
  });

  it('still says "Changed: …, now …" when the date itself moves', async () => {
    w.t.clock.set('2022-10-14T10:00:00Z');
    const moved = await w.t.call('PUT', `/api/events/${series.id}/occurrences/2022-10-19T18:00`, {
      start: '2022-10-20T18:00',
      end: '2022-10-20T20:00',
      location: 'Bletchley Library',
    });
    expect(moved.status).toBe(200);
    await w.dispatch('2022-10-14T10:01:00Z');
    const mail = (await w.sink.parsedFor('iag-member-1@example.org')).at(-1)!;
    expect(mail.subject).toBe('Changed: Independent Advisory Group meeting, now Thu 20 Oct, 18:00');
    expect(mail.text).toContain('has moved');
  });
});
