/** @module One agenda item in the workspace: its title, lead and exemption, its papers, and removing it. */
import { CsrfField, ErrorSummary } from '../../http/pages/components.js';
import { whenText } from '../../http/pages/format.js';
import { Layout, type PageContext } from '../../http/pages/layout.js';
import { WorkspaceNav } from '../../http/pages/organise/nav.js';
import type { AgendaItem, MeetingRecord } from '../meeting.js';
import { workspacePath } from '../paths.js';
import { DocumentLink } from './parts.js';
import { Done, DocumentForms, FIELD_LABELS, ItemFields, type SentForm } from './workspace.js';

export function ItemPage(props: {
  ctx: PageContext;
  record: MeetingRecord;
  item: AgendaItem;
  sent: SentForm | null;
  done: string;
  uploads: string | null;
}) {
  const { record: r, item } = props;
  const values =
    props.sent?.form === 'item'
      ? props.sent.values
      : {
          title: item.title,
          lead: item.lead,
          description: item.description,
          exempt: item.exempt ? 'on' : '',
          exemptReason: item.exemptReason,
        };
  const errors = props.sent?.errors ?? new Map<string, string>();
  const heading = `Item ${item.number}: ${item.title}`;
  return (
    <Layout ctx={props.ctx} title={errors.size ? `Error: ${heading}` : heading}>
      <WorkspaceNav user={props.ctx.user!} path={props.ctx.path} />
      <p>
        <a href={`${workspacePath(r.key)}#agenda`}>
          ← Back to {r.event.title}, {whenText(r.when, r.event.timezone)}
        </a>
      </p>
      <h1>{heading}</h1>
      <Done done={props.done} />
      <ErrorSummary errors={errors} labels={FIELD_LABELS} />
      <form method="post" action={`/organise/agenda-items/${item.id}`} novalidate>
        <CsrfField token={props.ctx.csrf} />
        <ItemFields values={values} errors={props.sent?.form === 'item' ? errors : new Map()} />
        <button type="submit">Save the item</button>
      </form>
      <h2>Papers</h2>
      {item.documents.length ? (
        <ul class="papers">
          {item.documents.map((d) => (
            <li>
              <DocumentLink doc={d} />
              {d.purpose === 'minutes' ? ' (minutes)' : ''}
              <form method="post" action={`/organise/documents/${d.id}/remove`} class="inline-form">
                <CsrfField token={props.ctx.csrf} />
                <button type="submit" class="secondary">
                  Remove<span class="visually-hidden"> {d.title}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
      ) : (
        <p>No papers yet.</p>
      )}
      <DocumentForms
        action={`/organise/agenda-items/${item.id}/documents`}
        csrf={props.ctx.csrf}
        sent={props.sent}
        uploads={props.uploads}
        purposes={[['paper', 'A paper']]}
      />
      <h2>Remove this item</h2>
      <p>The later items move up a number. Its papers are removed; its actions stay, against no item.</p>
      <form method="post" action={`/organise/agenda-items/${item.id}/delete`}>
        <CsrfField token={props.ctx.csrf} />
        <button type="submit" class="warning">
          Remove item {item.number}
        </button>
      </form>
    </Layout>
  );
}
