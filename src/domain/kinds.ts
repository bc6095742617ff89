/** @module The vocabulary of the calendar: kinds of event, visibility levels, statuses and the strategy's themes. */

export const EVENT_KINDS = ['campaign_week', 'activity', 'meeting', 'training', 'deadline'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const KIND_LABELS: Record<EventKind, string> = {
  campaign_week: 'Campaign week',
  activity: 'Partner activity',
  meeting: 'Meeting',
  training: 'Training',
  deadline: 'Deadline',
};

/** The kinds in the plural, lower case, for sentences ("reminders of partner activities"). */
export const KIND_PLURALS: Record<EventKind, string> = {
  campaign_week: 'campaign weeks',
  activity: 'partner activities',
  meeting: 'meetings',
  training: 'training sessions',
  deadline: 'deadlines',
};

/**
 * Who may see an event. 'group' means members of the event's group; 'confidential' events
 * (for example domestic homicide review business) are never shown outside the organisers'
 * workspace and never appear in any feed.
 */
export const VISIBILITIES = ['public', 'partners', 'group', 'confidential'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const EVENT_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

/** The SaferMK strategy's priorities; events are tagged with these codes and with free tags. */
export const THEMES = {
  V1: 'Domestic abuse',
  V2: 'Gangs and criminal exploitation',
  V3: 'Prevent (extremism)',
  V4: 'FGM, honour-based violence and forced marriage',
  V5: 'Modern slavery',
  N1: 'Violence',
  N2: 'Anti-social behaviour and environmental crime',
  N3: 'Acquisitive crime',
  C1: 'Community cohesion',
  C2: 'Hate crime',
} as const;
export type ThemeCode = keyof typeof THEMES;

export function isThemeCode(value: string): value is ThemeCode {
  return Object.prototype.hasOwnProperty.call(THEMES, value);
}

/**
 * A free tag's characters: letters and digits of any script (the partnership works in 200+
 * languages: "türkçe", "ਪੰਜਾਬੀ"), then also combining marks, spaces, hyphens, '&' and apostrophes.
 */
const TAG_RE = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} &'-]*$/u;

/** The longest tag on an event, in characters (code points). */
export const TAG_MAX_LENGTH = 40;

/**
 * A theme as stored and matched: a strategy code upper-cased ("C2"), else a free tag in NFC lower
 * case ("Türkçe" → "türkçe"), or null when `text` is neither or the tag is over `maxLength`
 * characters. The one rule for events' themes, feed filters and subscription topics.
 */
export function themeOf(text: string, maxLength = TAG_MAX_LENGTH): string | null {
  const trimmed = text.trim();
  if (isThemeCode(trimmed.toUpperCase())) return trimmed.toUpperCase();
  const tag = trimmed.normalize('NFC').toLowerCase();
  return TAG_RE.test(tag) && [...tag].length <= maxLength ? tag : null;
}

export const ORGANISATION_KINDS = ['police', 'council', 'fire', 'health', 'probation', 'education', 'charity', 'parish', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
