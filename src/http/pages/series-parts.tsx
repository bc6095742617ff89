/**
 * @module Where a split series began and where it continues, said on each part's page, the
 * organisers' and the public one alike (ADR 285): a subscriber who opens a past date lands on the
 * earlier part, whose own dates have ended, and must see where the series goes on.
 */
import type { CalendarEvent } from '../../domain/event.js';
import { describeSeries } from '../../domain/rule-in-words.js';
import { whenText } from './format.js';

/**
 * The other events of a split series around one event (src/series seriesPartsOf): `earlier`, the
 * parts before it, nearest first; `continues`, those after it by first date, moved dates kept as
 * one-offs (not parts, ADR 92) included.
 */
export interface SeriesParts {
  earlier: CalendarEvent[];
  continues: CalendarEvent[];
}

/**
 * The lines linking a part's page to the rest of its series: "Earlier dates: …", "Continues as: …
 * from …", a moved date kept on its own and where it came from. `href` gives each page's address
 * (workspace or public); `today` (UK date) leaves passed exceptions out of the rule's words.
 */
export function SeriesPartsNotes(props: { event: CalendarEvent; parts: SeriesParts; href: (e: CalendarEvent) => string; today?: string }) {
  const { event, parts, href } = props;
  // Oldest first, as the dates run.
  const earlier = [...parts.earlier].reverse();
  // A moved date the new pattern had no place for, kept as a one-off, is linked to the series it
  // came from (split_from) but does not continue it (ADR 92).
  const continues = parts.continues.filter((e) => e.continuesSeries);
  const keptDates = parts.continues.filter((e) => !e.continuesSeries);
  const keptFrom = !event.continuesSeries && !event.rrule ? parts.earlier[0] : undefined;
  return (
    <>
      {keptFrom ? (
        <p>
          A moved date of <a href={href(keptFrom)}>{keptFrom.title}</a>
          {keptFrom.rrule ? ` (${describeSeries(keptFrom, { today: props.today })})` : ''}, kept on its own when the series changed and had
          no place for it
        </p>
      ) : null}
      {earlier
        .filter((part) => part !== keptFrom)
        .map((part) => (
          <p>
            Earlier dates: <a href={href(part)}>{part.title}</a>
            {part.rrule ? ` (${describeSeries(part, { today: props.today })})` : ` (${whenText(part.when)})`}
          </p>
        ))}
      {continues.map((next) => (
        <p>
          Continues as: <a href={href(next)}>{next.title}</a> from {whenText(next.when)}
        </p>
      ))}
      {keptDates.map((kept) => (
        <p>
          A moved date kept on its own: <a href={href(kept)}>{kept.title}</a>, {whenText(kept.when)}
        </p>
      ))}
    </>
  );
}
