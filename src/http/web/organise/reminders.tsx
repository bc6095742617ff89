/** @module Reminders planned and sent for an event, and the outbox (filled in once src/notify lands). */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { CalendarEvent } from '../../../domain/event.js';
import type { WebEnv } from '../env.js';

export async function reminderPanel(_c: Context<WebEnv>, _event: CalendarEvent): Promise<Child> {
  return null;
}
