/**
 * @module The "it has moved" email sent to people already reminded, with the old time or place
 * beside the new; and the "Back on" email to people told it was cancelled, when it is restored.
 */
import { paragraphs, shell } from './layout.js';
import {
  apologiesHtml,
  apologiesText,
  CALENDAR_NOTE,
  detailsHtml,
  detailsText,
  footerHtml,
  footerText,
  type EventView,
  type FooterView,
  type RenderedEmail,
} from './parts.js';

export interface ChangeInput {
  event: EventView;
  previous: { when?: string; where?: string };
  /**
   * The date's own note (a move's words), in the organiser's words: "Reason: …" for the move it
   * explains; in "Back on", "Note on its move: …", the note of the move the restored date keeps,
   * which is no reason for its coming back (ADR 287).
   */
  note: string;
  /**
   * The organiser's reason for the change, in their words ('' when none was given); shown as
   * "Reason: …". With a different `note` beside it (a moved date a split then changed), each is
   * said as what it explains (reasonLines). In "Back on", the reason of the split that moved the
   * date people hold, as the other e-mails quote it (issue 10).
   */
  reason?: string;
  /** Only the end moved (`previous.when` is the old span): it "has changed", it has not moved (ADR 274). */
  endOnly?: boolean;
  /** The event or date was restored after people were told it was cancelled. */
  backOn?: boolean;
  /** The start moved within its UK day: the time changed, the date did not (issue 10). */
  timeOnly?: boolean;
  /** A meeting's one-click "send apologies" page, as its reminder carries it (null: none). */
  apologiesUrl?: string | null;
  footer: FooterView;
}

/**
 * The organiser's words in a "Changed" or "Back on" e-mail, one line each (issue 10, ADR 297):
 * - one of them, or both the same: "Reason: …", whether it came with the date's own change (its
 *   `note`) or with an edit of the series (`reason`), as "Cancelled" and the activities' e-mails say it;
 * - both, different (a date moved with a note, then changed by a split with a reason): "Reason
 *   for the change to this date: <note>" and "Reason for the change to the series: <reason>", so
 *   neither reads as the other's reason;
 * - "Back on" (`backOn`): a restore has no reason and the note is said as the move's (ADR 287), so
 *   only `reason`, the split's, as "Reason for the change to the series: …".
 * Empty words are left out; text, not HTML.
 */
export function reasonLines(note: string, reason: string, backOn: boolean): string[] {
  const [move, series] = [note.trim(), reason.trim()];
  const forTheSeries = series ? [`Reason for the change to the series: ${series}`] : [];
  if (backOn) return forTheSeries;
  if (move && series && move !== series) return [`Reason for the change to this date: ${move}`, ...forTheSeries];
  return move || series ? [`Reason: ${move || series}`] : [];
}

export function changeEmail(c: ChangeInput): RenderedEmail {
  const e = c.event;
  // Say what changed: a new venue at the same time must not read like a move.
  const venueOnly = !c.backOn && !c.previous.when && c.previous.where !== undefined;
  const what = c.backOn
    ? 'is back on'
    : c.previous.when && !c.endOnly
      ? c.timeOnly
        ? `has a new time${c.previous.where !== undefined ? ' and venue' : ''}`
        : 'has moved'
      : venueOnly
        ? 'has a new venue'
        : 'has changed';
  const heading = `${e.title} ${what}`;
  // A restore gives no reason; the note a restored date keeps is its move's, and says so (ADR 287).
  const note = [
    c.backOn ? 'This is going ahead after all.' : '',
    c.backOn && c.note.trim() ? `Note on its move: ${c.note.trim()}` : '',
    // A partner activity back on while its week is off goes ahead without the week, and says so (ADR 290).
    e.parentNote ?? '',
    venueOnly ? 'The date and time are unchanged; only the venue is new.' : '',
    ...reasonLines(c.note, c.reason ?? '', c.backOn === true),
  ]
    .filter(Boolean)
    .join('\n\n');
  const where = e.where || 'a venue to be confirmed';
  const subject = c.backOn
    ? `Back on: ${e.title}, ${e.whenShort}`
    : c.previous.when && !c.endOnly
      ? `Changed: ${e.title}, now ${e.whenShort}`
      : venueOnly
        ? `New venue: ${e.title}, ${e.whenShort}, now at ${where}`
        : `Changed: ${e.title}, ${e.whenShort}`;
  return {
    subject,
    html: shell({
      partnershipName: e.partnershipName,
      preheader: venueOnly ? `Same time, new venue: ${where} · ${e.when}` : `Now ${e.when}${e.where ? ` · ${e.where}` : ''}`,
      heading,
      bodyHtml: `${detailsHtml(e, c.previous)}${note ? paragraphs(note) : ''}<p style="margin:0 0 12px 0;color:#555555;font-size:13px;">${CALENDAR_NOTE}</p>${apologiesHtml(c.apologiesUrl ?? null)}`,
      footerHtml: footerHtml(c.footer),
    }),
    text: [
      heading + '.',
      '',
      detailsText(e, c.previous),
      note ? `\n${note}` : '',
      '',
      CALENDAR_NOTE,
      apologiesText(c.apologiesUrl ?? null),
      '',
      '-- ',
      footerText(c.footer),
    ].join('\n'),
  };
}
