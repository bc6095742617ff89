/**
 * @module E-mails about a meeting's papers: the agenda sent to members when it is published, and
 * the draft minutes when they are ready for approval. They are outbox rows (reminder_deliveries,
 * kinds 'agenda' and 'minutes') inserted in the same batch as the change that causes them, so the
 * dispatcher sends them like any reminder (retries, lease, delivery log) and src/notify/compose.ts
 * renders them at send time. The key (rule, event, occurrence, recipient) with rule "agenda:<n>"
 * or "minutes:<n>" makes each sending happen once per person.
 */
import type { CompiledQuery } from 'kysely';
import type { Store } from '../db/store.js';
import type { CalendarEvent } from '../domain/event.js';
import { recipientViewer } from '../domain/reminders.js';
import { canSee } from '../domain/visibility.js';
import { insertPlannedStatements, type PlannedDelivery } from '../notify/outbox.js';
import type { MeetingKey } from './meeting.js';

export interface NoticeRecipient {
  personId: string;
  email: string;
}

/**
 * The members a meeting's notices go to: everyone in its group who may see the meeting and has
 * not paused or unsubscribed from everything, nor from the group's emails.
 */
export async function noticeRecipients(store: Store, event: CalendarEvent): Promise<NoticeRecipient[]> {
  if (!event.groupId) return [];
  const groupId = event.groupId;
  const rows = await store.db
    .selectFrom('group_members')
    .innerJoin('people', 'people.id', 'group_members.person_id')
    .leftJoin('reminder_preferences', 'reminder_preferences.person_id', 'people.id')
    .leftJoin('reminder_subscriptions', (join) =>
      join.onRef('reminder_subscriptions.person_id', '=', 'people.id').on('reminder_subscriptions.topic', '=', `group:${groupId}`),
    )
    .select([
      'people.id',
      'people.email',
      'people.organisation_id',
      'reminder_preferences.paused',
      'reminder_preferences.unsubscribed_at as unsubscribed_all',
      'reminder_subscriptions.unsubscribed_at as unsubscribed_group',
    ])
    .where('group_members.group_id', '=', groupId)
    .orderBy('people.email')
    .execute();
  return rows
    .filter((r) => r.paused !== 1 && !r.unsubscribed_all && !r.unsubscribed_group)
    .filter((r) => canSee(recipientViewer({ hasOrganisation: r.organisation_id !== null, groupIds: [groupId] }), event))
    .map((r) => ({ personId: r.id, email: r.email.toLowerCase() }));
}

/**
 * Outbox rows for one notice to each recipient. `usefulUntil` is stored as the row's
 * occurrence_start, which the dispatcher's catch-up rule reads as "too late after this": the
 * meeting's start for an agenda, the approving meeting (or four weeks) for minutes.
 */
export function noticeStatements(
  store: Store,
  opts: {
    kind: 'agenda' | 'minutes';
    revision: number;
    key: MeetingKey;
    recipients: NoticeRecipient[];
    now: string;
    usefulUntil: string;
  },
): CompiledQuery[] {
  const planned: PlannedDelivery[] = opts.recipients.map((r) => ({
    rule: `${opts.kind}:${opts.revision}`,
    eventId: opts.key.eventId,
    occurrence: opts.key.occurrence,
    recipient: r.email,
    personId: r.personId,
    kind: opts.kind,
    dueAt: opts.now,
    occurrenceStart: opts.usefulUntil,
  }));
  return insertPlannedStatements(store, planned, opts.now);
}
