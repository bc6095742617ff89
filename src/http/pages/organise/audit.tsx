/** @module The audit log: every change, who made it and when, newest first. */
import type { AuditEntry } from '../../../db/audit.js';
import { formatWhenUk } from '../../../../emails/format.js';
import type { When } from '../../../domain/event.js';
import { Pager } from '../components.js';
import { stampText } from '../format.js';
import { Layout, type PageContext } from '../layout.js';
import { WorkspaceNav } from './nav.js';

const ENTITIES = ['', 'event', 'organisation', 'group', 'user', 'api-token'];

/**
 * One recorded value as an organiser reads it: a date's "when" (a moved date, an event's times) in UK
 * time and words, a UTC instant as UK time, anything else as its JSON.
 */
function valueText(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'allDay' in value) {
    const when = value as When;
    if (when.allDay ? typeof when.startDate === 'string' : typeof when.startsAt === 'string') return formatWhenUk(when);
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/.test(value))
    return `${stampText(value).replace(/:00$/, '')} (UK time)`;
  return JSON.stringify(value);
}

function changesText(changes: Record<string, unknown>): string {
  return Object.entries(changes)
    .map(([k, v]) => {
      if (Array.isArray(v) && v.length === 2) return `${k}: ${valueText(v[0])} → ${valueText(v[1])}`;
      if (typeof v === 'object' && v !== null && !Array.isArray(v) && !('allDay' in v))
        return `${k}: {${Object.entries(v)
          .map(([key, inner]) => `${key}: ${valueText(inner)}`)
          .join(', ')}}`;
      return `${k}: ${valueText(v)}`;
    })
    .join('; ')
    .slice(0, 400);
}

export function AuditPage(props: {
  ctx: PageContext;
  entries: AuditEntry[];
  entity: string;
  total: number;
  page: { previous: string | null; next: string | null };
}) {
  return (
    <Layout ctx={props.ctx} title="Audit log">
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <h1>Audit log</h1>
      <form class="filters" method="get" action="/organise/audit" aria-label="Filter the audit log">
        <div class="field">
          <label for="entity">Record type</label>
          <select id="entity" name="entity">
            {ENTITIES.map((e) => (
              <option value={e} selected={props.entity === e}>
                {e || 'Everything'}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Show</button>
      </form>
      <p role="status">{props.total} changes</p>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Record</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((a) => (
              <tr>
                <td>{stampText(a.at)}</td>
                <td>{a.actor}</td>
                <td>{a.action}</td>
                <td>
                  {a.entity === 'event' ? (
                    <a href={`/organise/events/${a.entityId}`}>{`event ${a.entityId.slice(0, 8)}`}</a>
                  ) : (
                    `${a.entity} ${a.entityId.slice(0, 8)}`
                  )}
                </td>
                <td>{changesText(a.changes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager previous={props.page.previous} next={props.page.next} label="Pages of the audit log" />
    </Layout>
  );
}
