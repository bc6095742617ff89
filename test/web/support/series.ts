/** A weekly training series written straight to the store, for browser tests of series edits. */
import { createEvent } from '../../../src/db/events.js';
import type { CalendarEvent, EventFields } from '../../../src/domain/event.js';
import type { WebServer } from './server.js';

/**
 * A published, public one-hour training series at Wolverton Library, first at `startsAt` (UTC
 * instant), repeating by `rrule` (null: a one-off), created by "test-setup" at the server's clock;
 * `overrides` replace any field (another kind, an all-day `when`, a group).
 */
export function weeklyTraining(
  server: WebServer,
  title: string,
  rrule: string | null,
  startsAt: string,
  overrides: Partial<EventFields> = {},
): Promise<CalendarEvent> {
  return createEvent(
    server.handle.store,
    {
      kind: 'training',
      title,
      description: '',
      location: 'Wolverton Library',
      links: [],
      when: { allDay: false, startsAt, endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString().replace('.000', '') },
      timezone: 'Europe/London',
      rrule,
      themes: [],
      organisationId: null,
      groupId: null,
      parentId: null,
      visibility: 'public',
      status: 'published',
      ...overrides,
    },
    { actor: 'test-setup', now: server.clock() },
  );
}
