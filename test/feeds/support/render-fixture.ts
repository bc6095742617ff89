/**
 * Prints the fixture calendar, then a REQUEST and a CANCEL invitation, exactly as served. Run in
 * child processes with different TZ values; the bytes must not change.
 */
import { renderCalendar, renderInvitation } from '../../../src/feeds/ics.js';
import { FIXTURE_NOW, fixtureEvents } from './fixtures.js';

const events = fixtureEvents();
const iag = events[0]!;
const parts = [
  renderCalendar(events, { name: 'Community Safety Partnership', publicUrl: 'https://calendar.example.org', now: FIXTURE_NOW }),
  renderInvitation({
    event: iag,
    method: 'REQUEST',
    organizer: { name: 'IAG clerk', email: 'iag@example.org' },
    attendees: [{ email: 'member@example.org', name: 'IAG member' }],
    publicUrl: 'https://calendar.example.org',
  }),
  renderInvitation({
    event: iag,
    recurrenceId: '2022-10-19T17:00:00Z',
    method: 'CANCEL',
    organizer: { name: 'IAG clerk', email: 'iag@example.org' },
    attendees: [{ email: 'member@example.org' }],
    publicUrl: 'https://calendar.example.org',
    sequence: 4,
  }),
];
process.stdout.write(parts.join('\u0000'));
