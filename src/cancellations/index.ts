/**
 * @module Safe destructive actions (issue 10): what this folder offers.
 *
 *  - service.ts: `cancelWithActivities` (an event, and a campaign week's partner activities as the
 *    organiser chose: cancelled with it, the default, or kept), `restoreEvent` (back on, with the
 *    activities cancelled with a week), `activitiesSilencedByWeek` (what reminder planning leaves
 *    out), `liveActivitiesOf`;
 *  - week-moves.ts: a campaign week's activities following a move of the week (shifted by the same
 *    number of days, the default; cancelled; or kept on their dates), and the date of a week an
 *    activity falls in (`weekDateOf`, or `cancelledWeekDateOf` for a date that is off, or
 *    `movedWeekDateOf` for a date that moved away from it, `leftWeekDateOf` for one a series edit
 *    moved or dropped while the activity stayed, ADR 279);
 *  - week-dates.ts: one date of a repeating week cancelled with the activities inside it (or
 *    keeping them), and restored with them (`putDateWithActivities`, `restoreDateWithActivities`,
 *    ADR 210); moved with them (shifted by the date's days, cancelled or kept) and the move
 *    restored with those it shifted (ADR 271); `activitiesByWeekDate` for the dates page;
 *  - input.ts: the cancel/restore request bodies read and checked (reason, activities choice);
 *  - dates.ts: the checks on moving one date (not onto another date's time) and its form's values;
 *  - duplicates.ts: the "same group, same day and time" warning for a second series;
 *  - pages.tsx, web.tsx: the confirmation pages (GET shows what will happen and who will be told,
 *    POST does it) for cancelling an event or a date and restoring an event.
 */
export * from './service.js';
export * from './input.js';
export * from './dates.js';
export * from './duplicates.js';
export * from './week-moves.js';
export * from './week-dates.js';
export { peopleTold } from './told.js';
export { cancellationPages } from './web.js';
