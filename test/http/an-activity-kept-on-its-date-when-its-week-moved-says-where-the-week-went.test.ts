/**
 * A partner activity kept on its date when its one-off campaign week moved away says on its page
 * where the week went, and where it is after it moves again (ADR 287), rather than "Part of <week>
 * (25–31 January)" while it is on the 19th, or "outside the week's dates", which is what an
 * activity that never was inside the week says (an exhibition before it). One inside the week names
 * the week's dates as before. Runs on SQLite, D1 and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../support/app.js';

describe('an activity of a moved week', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp({ now: '2026-12-01T09:00:00Z' });
  });
  afterAll(() => t.close());

  const pageText = async (id: string) =>
    (await (await t.app.request(`/events/${id}`)).text())
      .replace(/<script[\s\S]*?<\/script>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ');

  it('kept on its date: the page says where the week moved, and follows it when it moves again', async () => {
    const week = (
      await t.call('POST', '/api/events', {
        kind: 'campaign_week',
        title: 'Scam Awareness Week',
        visibility: 'public',
        start: '2027-01-18',
        end: '2027-01-24',
      })
    ).body.id;
    const activity = async (title: string, start: string) =>
      (
        await t.call('POST', '/api/events', {
          kind: 'activity',
          title,
          visibility: 'public',
          parentId: week,
          start,
          end: start.replace('T10', 'T12'),
        })
      ).body.id as string;
    const kept = await activity('Bank branch stall', '2027-01-19T10:00');
    const before = await activity('Poster exhibition', '2027-01-12T10:00');
    const moved = await t.call('PATCH', `/api/events/${week}`, { start: '2027-01-25', end: '2027-01-31', activities: 'keep' });
    expect(moved.status).toBe(200);
    const later = await activity('Library talk', '2027-01-27T10:00');

    expect(await pageText(kept)).toContain(
      'Part of Scam Awareness Week (18–24 January 2027) The week moved to 25–31 January 2027; this activity stays on its own date.',
    );
    // Never inside the week: that is what "outside" means.
    expect(await pageText(before)).toContain('Part of Scam Awareness Week (25–31 January 2027) This activity is outside the week’s dates.');
    const insidePage = await pageText(later);
    expect(insidePage).toContain('Part of Scam Awareness Week (25–31 January 2027)');
    expect(insidePage).not.toContain('outside the week’s dates');

    // Moved again, both kept: each says where the week is now, from the dates it was inside.
    const again = await t.call('PATCH', `/api/events/${week}`, { start: '2027-02-01', end: '2027-02-07', activities: 'keep' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(await pageText(kept)).toContain(
      'Part of Scam Awareness Week (18–24 January 2027) The week moved to 1–7 February 2027; this activity stays on its own date.',
    );
    expect(await pageText(later)).toContain(
      'Part of Scam Awareness Week (25–31 January 2027) The week moved to 1–7 February 2027; this activity stays on its own date.',
    );
  });
});
