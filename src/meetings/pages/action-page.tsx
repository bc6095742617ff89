/** @module One action in the workspace: what, whose, by when, and its status. */
import { CsrfField, ErrorSummary } from '../../http/pages/components.js';
import { whenText } from '../../http/pages/format.js';
import { Layout, type PageContext } from '../../http/pages/layout.js';
import { WorkspaceNav } from '../../http/pages/organise/nav.js';
import type { Action, MeetingRecord } from '../meeting.js';
import { workspacePath } from '../paths.js';
import { ActionFields, FIELD_LABELS, type SentForm } from './workspace.js';

/** 2019-07-18 → 18/07/2019, as the form shows dates. */
export function ukDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return y && m && d ? `${d}/${m}/${y}` : iso;
}

export function ActionPage(props: { ctx: PageContext; record: MeetingRecord; action: Action; sent: SentForm | null }) {
  const { record: r, action: a } = props;
  const values = props.sent?.values ?? {
    description: a.description,
    agendaItemId: a.agendaItemId ?? '',
    ownerPersonId: a.ownerPersonId ?? '',
    owner: a.ownerPersonId ? '' : a.owner,
    dueDate: ukDate(a.dueDate),
    status: a.status,
  };
  const errors = props.sent?.errors ?? new Map<string, string>();
  const heading = `Action: ${a.description}`;
  return (
    <Layout ctx={props.ctx} title={errors.size ? `Error: ${heading}` : heading}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={`${workspacePath(r.key)}#actions`}>
          ← Back to {r.event.title}, {whenText(r.when, r.event.timezone)}
        </a>
      </p>
      <h1>{heading}</h1>
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <p>
        While it is open the action is a deadline on the calendar. Marking it done or withdrawn takes it off the calendar and out of the
        matters arising of later meetings.
      </p>
      <form method="post" action={`/organise/actions/${a.id}`} novalidate>
        <CsrfField token={props.ctx.csrf} />
        <ActionFields
          values={values}
          errors={errors}
          items={r.items.map((i) => [i.id, `${i.number}. ${i.title}`])}
          members={r.attendance.map((m) => [m.personId, `${m.name}${m.organisation ? ` (${m.organisation})` : ''}`])}
          withStatus
        />
        <button type="submit">Save the action</button>
      </form>
    </Layout>
  );
}
