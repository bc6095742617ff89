/**
 * A date moved to another day, cancelled, then restored after another "all dates" time change:
 * people last held it on the moved day, so it comes back there (ADR 170), and "Back on" says that
 * date and time, with the UID and RECURRENCE-ID they hold; the feed agrees (the moved override, no
 * EXDATE). "Back on" for a date moved after its reminder says the time people held, as "Changed"
 * does (ADR 234). The move's note comes back with it (ADR 284). Real SMTP server on loopback, real
 * SQLite, a fake clock; invitations and the feed read with ical.js.
 */
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { mailsSince } from './support/seen-mails.js';
import { makeWorld, type World } from './support/world.js';

const MEMBER = 'iag-member-1@example.org';

describe('a moved date that was cancelled and is restored after the series changed time again', () => {
  let w: World;
  afterEach(() => w.close());

  it('comes back on the moved day, and "Back on" and the feed say so', async () => {
    w = await makeWorld({ now: '2027-04-01T09:00:00Z', members: [MEMBER] });
    // Mondays 10:00–11:00 UK time from 5 April, eight dates; public, so the public feed shows it.
    const series = await w.createMeeting({
      start: '2027-04-05T10:00',
      end: '2027-04-05T11:00',
      rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=8',
      visibility: 'public',
    });
    w.t.clock.set('2027-04-05T12:00:00Z');
    expect(
      (
        await w.t.call('PUT', `/api/events/${series.id}/occurrences/2027-04-12T10:00`, {
          start: '2027-04-13T10:00',
          end: '2027-04-13T11:00',
          location: 'Milton Keynes College',
          note: 'The hall is booked on Mondays',
        })
      ).status,
    ).toBe(200);
    const all = await w.t.call('PATCH', `/api/events/${series.id}`, { dates: 'all', start: '2027-04-05T11:00', end: '2027-04-05T12:00' });
    expect(all.status, JSON.stringify(all.body)).toBe(200);
    const part = all.body.id as string;
    await w.dispatch('2027-04-06T12:00:00Z'); // the week-before reminder of Tue 13 April
    const [reminder] = await mailsSince(w, 0);
    expect(reminder).toMatchObject({
      uid: `${part}@safercal`,
      recurrenceId: '2027-04-12T10:00:00.000Z',
      start: '2027-04-13T09:00:00.000Z',
    });

    w.t.clock.set('2027-04-07T09:00:00Z');
    const cancel = await w.t.call('PUT', `/api/events/${part}/occurrences/2027-04-12T11:00`, {
      status: 'cancelled',
      note: 'The room is needed for a training day',
    });
    expect(cancel.status, JSON.stringify(cancel.body)).toBe(200);
    await w.dispatch('2027-04-07T09:01:00Z');
    // "All dates" of the part to 12:00: the cancelled date is carried to 12 April 12:00.
    w.t.clock.set('2027-04-08T09:00:00Z');
    const noon = await w.t.call('PATCH', `/api/events/${part}`, { dates: 'all', start: '2027-04-12T12:00', end: '2027-04-12T13:00' });
    expect(noon.status, JSON.stringify(noon.body)).toBe(200);
    await w.dispatch('2027-04-08T09:01:00Z');
    const seen = w.sink.received.length;
    expect((await mailsSince(w, 0)).map((m) => m.subject)).toEqual([
      'Reminder: Independent Advisory Group meeting, Tue 13 Apr, 10:00',
      'Cancelled: Independent Advisory Group meeting, Tue 13 Apr, 10:00',
    ]);

    w.t.clock.set('2027-04-09T09:00:00Z');
    const exceptionOf = async () =>
      (await w.t.call('GET', `/api/events/${part}`)).body.exceptions.find((e: any) => e.recurrenceId === '2027-04-12T11:00:00Z');
    expect(await exceptionOf()).toMatchObject({ status: 'cancelled', note: 'The room is needed for a training day' });
    const restored = await w.t.call('DELETE', `/api/events/${part}/occurrences/2027-04-12T12:00`);
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    // Moved again with the move's own words, kept through the cancel and a series edit (ADR 284).
    expect(await exceptionOf()).toMatchObject({
      status: 'moved',
      location: 'Milton Keynes College',
      note: 'The hall is booked on Mondays',
    });
    await w.dispatch('2027-04-09T09:01:00Z');
    const news = await mailsSince(w, seen);
    expect(news.map((m) => [m.subject, m.method, m.uid, m.recurrenceId, m.start])).toEqual([
      [
        'Back on: Independent Advisory Group meeting, Tue 13 Apr, 10:00',
        'REQUEST',
        reminder!.uid,
        reminder!.recurrenceId,
        '2027-04-13T09:00:00.000Z',
      ],
    ]);
    const text = (await w.sink.parse(w.sink.received[seen]!)).text ?? '';
    expect(text).toContain('Tuesday 13 April 2027, 10:00–11:00');
    // The move's note, as the note of the move it comes back to: a restore gives no reason (ADR 287).
    expect(text).toContain('Note on its move: The hall is booked on Mondays');
    expect(text).not.toContain('Reason');
    expect(String((await w.sink.parse(w.sink.received[seen]!)).html)).toContain('Note on its move: The hall is booked on Mondays');
    expect(text).not.toContain('training day');

    // The feed: the date is an override at the moved time, not an EXDATE, and no Monday at 12:00.
    const feed = new ICAL.Component(ICAL.parse((await w.t.call('GET', '/feeds/public.ics')).body as string));
    const vevents = feed.getAllSubcomponents('vevent').filter((v) => v.getFirstPropertyValue('uid') === `${part}@safercal`);
    const master = vevents.find((v) => !v.hasProperty('recurrence-id'))!;
    expect(master.getAllProperties('exdate')).toHaveLength(0);
    const override = vevents.filter((v) => v.hasProperty('recurrence-id')).map((v) => new ICAL.Event(v));
    expect(override.map((e) => [e.recurrenceId!.toJSDate().toISOString(), e.startDate.toJSDate().toISOString()])).toEqual([
      ['2027-04-12T11:00:00.000Z', '2027-04-13T09:00:00.000Z'],
    ]);
  });

  it('"Back on" for a date moved after its reminder says the time people held', async () => {
    w = await makeWorld({ now: '2027-04-01T09:00:00Z', members: [MEMBER] });
    // Thursdays 18:00–19:00 UK time from 1 April.
    const series = await w.createMeeting({ start: '2027-04-01T18:00', end: '2027-04-01T19:00', rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=8' });
    await w.dispatch('2027-04-08T17:30:00Z'); // the week-before reminder of Thu 15 April
    w.t.clock.set('2027-04-09T09:00:00Z');
    const key = `/api/events/${series.id}/occurrences/2027-04-15T18:00`;
    expect((await w.t.call('PUT', key, { start: '2027-04-14T19:00', end: '2027-04-14T20:00' })).status).toBe(200);
    expect((await w.t.call('PUT', key, { status: 'cancelled', note: 'no room' })).status).toBe(200);
    await w.dispatch('2027-04-09T09:01:00Z');
    const seen = w.sink.received.length;
    w.t.clock.set('2027-04-09T10:00:00Z');
    expect((await w.t.call('DELETE', key)).status).toBe(200);
    await w.dispatch('2027-04-09T10:01:00Z');
    const news = await mailsSince(w, seen);
    expect(news.map((m) => m.subject)).toEqual(['Back on: Independent Advisory Group meeting, Wed 14 Apr, 19:00']);
    const text = (await w.sink.parse(w.sink.received[seen]!)).text ?? '';
    expect(text).toContain('Wednesday 14 April 2027, 19:00–20:00');
    expect(text).toContain('(was Thursday 15 April 2027, 18:00–19:00)');
  });

  it('"Back on" after a split that changed the venue says the venue the "Cancelled" e-mail named', async () => {
    w = await makeWorld({ now: '2027-08-01T09:00:00Z', members: [MEMBER] });
    // Tuesdays 18:00–19:00 at the Hall, five dates; everyone was reminded of 17 August.
    const series = await w.createMeeting({
      start: '2027-08-03T18:00',
      end: '2027-08-03T19:00',
      rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=5',
      location: 'Hall',
    });
    await w.dispatch('2027-08-10T17:30:00Z'); // the week-before reminder of Tue 17 August
    w.t.clock.set('2027-08-11T09:00:00Z');
    expect(
      (await w.t.call('PUT', `/api/events/${series.id}/occurrences/2027-08-17T18:00`, { status: 'cancelled', note: 'clash' })).status,
    ).toBe(200);
    // Split before any e-mail about the cancel goes: the later part meets at the Annex.
    const split = await w.t.call('PATCH', `/api/events/${series.id}`, {
      dates: 'following',
      from: '2027-08-17T18:00',
      location: 'Annex',
      reason: 'The Hall is being rewired',
    });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    const part = split.body.id as string;
    await w.dispatch('2027-08-11T09:01:00Z');
    const cancelled = await mailsSince(w, 0);
    expect(cancelled.map((m) => m.subject)).toEqual([
      'Reminder: Independent Advisory Group meeting, Tue 17 Aug, 18:00',
      'Cancelled: Independent Advisory Group meeting, Tue 17 Aug, 18:00',
    ]);
    expect((await w.sink.parse(w.sink.received[1]!)).text).toContain('Hall');
    const seen = w.sink.received.length;
    w.t.clock.set('2027-08-11T10:00:00Z');
    expect((await w.t.call('DELETE', `/api/events/${part}/occurrences/2027-08-17T18:00`)).status).toBe(200);
    await w.dispatch('2027-08-11T10:01:00Z');
    expect((await mailsSince(w, seen)).map((m) => m.subject)).toEqual(['Back on: Independent Advisory Group meeting, Tue 17 Aug, 18:00']);
    const text = (await w.sink.parse(w.sink.received[seen]!)).text ?? '';
    expect(text).toContain('Annex');
    expect(text).toContain('(was Hall)');
    // The split's reason, as "Changed" and "Cancelled" quote it; the restore gives none, the cancel's is past (issue 10).
    expect(text).toContain('Reason for the change to the series: The Hall is being rewired');
    expect(String((await w.sink.parse(w.sink.received[seen]!)).html)).toContain(
      'Reason for the change to the series: The Hall is being rewired',
    );
    expect(text).not.toContain('clash');
  });
});
