/**
 * @module The organisers' pages of the import capability, under /organise (session, CSRF and the
 * scheduler guard come from the workspace's middleware):
 *
 *   GET|POST /organise/import, GET /organise/import/{id}, POST /organise/import/{id}/apply
 *   GET|POST /organise/sync, GET /organise/sync/{id}, POST /organise/sync/{id}/run|remove
 *   GET /organise/events.csv   the events list's filters, as CSV
 */
import { Hono, type Context } from 'hono';
import { listGroups, listOrganisations } from '../db/directory.js';
import { isUniqueViolation, newId } from '../db/store.js';
import { canEditEvent } from '../domain/accounts.js';
import type { FieldError } from '../domain/validation.js';
import { formErrors } from '../http/pages/components.js';
import type { WebEnv } from '../http/web/env.js';
import { forbidden, notFoundHere } from '../http/web/organise/guard.js';
import { pageContext, render } from '../http/web/render.js';
import { choiceReferenceErrors, readChoices, type ImportChoices } from './choices.js';
import { eventsCsvResponse, organiserListFilter } from './csv-export.js';
import { takeIn } from './intake.js';
import { ImportFormPage, ImportPreviewPage, SyncedFeedPage, SyncedFeedsPage, type ChoiceValues } from './pages.js';
import { applyImport, IMPORT_SOURCE, previewCalendar, saveImport } from './service.js';
import { getImport, getSyncedFeed, listSyncedFeeds, listSyncRuns } from './store.js';
import { runSyncNow } from './sync.js';
import { createSyncedFeedStatements, deleteSyncedFeedStatements, readFeedAddress } from './synced-feeds.js';

type Form = Record<string, string | File | (string | File)[]>;

const str = (form: Form, name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
const list = (form: Form, name: string) => {
  const v = form[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string' && x !== '');
};

const EMPTY: ChoiceValues = { kind: 'activity', themes: [], organisationId: '', groupId: '', visibility: 'public', status: 'published' };

function choiceValues(form: Form): ChoiceValues {
  return {
    kind: str(form, 'kind'),
    themes: list(form, 'themes'),
    organisationId: str(form, 'organisationId'),
    groupId: str(form, 'groupId'),
    visibility: str(form, 'visibility'),
    status: str(form, 'status'),
  };
}

async function options(c: Context<WebEnv>) {
  const { store } = c.get('deps');
  const [organisations, groups] = await Promise.all([listOrganisations(store), listGroups(store)]);
  return {
    organisations: organisations.map((o): [string, string] => [o.id, o.name]),
    groups: groups.map((g): [string, string] => [g.id, g.name]),
  };
}

/** The form's choices checked by the API's rules, the directory, and the user's own groups. */
async function checkChoices(c: Context<WebEnv>, values: ChoiceValues): Promise<{ choices: ImportChoices | null; errors: FieldError[] }> {
  const { kind, themes, organisationId, groupId, visibility, status } = values;
  const result = readChoices({ kind, themes, organisationId, groupId, visibility, status });
  if (!result.ok) return { choices: null, errors: result.errors };
  const errors = await choiceReferenceErrors(c.get('deps').store, result.value);
  if (!canEditEvent(c.get('user'), { groupId: result.value.groupId })) {
    errors.push({ field: 'groupId', message: 'must be one of your groups: your account schedules only their events' });
  }
  return { choices: errors.length ? null : result.value, errors };
}

const ctxOf = (c: Context<WebEnv>) => ({ actor: c.get('actor'), now: c.get('deps').clock() });

export function importPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/organise/events.csv', async (c) => eventsCsvResponse(c, organiserListFilter(c), c.get('viewer')));

  app.get('/organise/import', async (c) =>
    render(c, <ImportFormPage ctx={pageContext(c)} values={{ ...EMPTY, url: '' }} options={await options(c)} errors={new Map()} />),
  );

  app.post('/organise/import', async (c) => {
    const { store, fetcher, clock } = c.get('deps');
    const form = (await c.req.parseBody({ all: true })) as Form;
    const values = { ...choiceValues(form), url: str(form, 'url').trim() };
    const fail = async (errors: FieldError[]) =>
      render(c, <ImportFormPage ctx={pageContext(c)} values={values} options={await options(c)} errors={formErrors(errors, {})} />, 400);
    const { choices, errors } = await checkChoices(c, values);
    if (!choices) return fail(errors);
    const file = form.file instanceof File ? form.file : null;
    const taken = await takeIn({ file, url: values.url || null }, fetcher);
    if (!taken.ok) return fail(taken.errors);
    const preview = await previewCalendar(store, taken.content, choices, IMPORT_SOURCE, clock());
    if (!preview.ok) return fail([{ field: taken.sourceKind, message: preview.message.replace(/^The calendar /, '') }]);
    const id = await saveImport(store, { ...taken, choices }, ctxOf(c));
    return c.redirect(`/organise/import/${id}`, 303);
  });

  app.get('/organise/import/:id', async (c) => {
    const { store, clock } = c.get('deps');
    const pending = await getImport(store, c.req.param('id'));
    if (!pending) return notFoundHere(c, 'There is no import with this id (imports not applied within a week are removed).');
    let preview = null;
    if (!pending.appliedAt) {
      const result = await previewCalendar(store, pending.content, pending.choices, IMPORT_SOURCE, clock());
      if (result.ok) preview = result.preview;
    }
    return render(c, <ImportPreviewPage ctx={pageContext(c)} pending={pending} preview={preview} done={c.req.query('done')} />);
  });

  app.post('/organise/import/:id/apply', async (c) => {
    const { store } = c.get('deps');
    const pending = await getImport(store, c.req.param('id'));
    if (!pending) return notFoundHere(c, 'There is no import with this id.');
    if (!canEditEvent(c.get('user'), { groupId: pending.choices.groupId }))
      return forbidden(c, 'Your account schedules only the events of its groups.');
    try {
      await applyImport(store, pending.id, ctxOf(c));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    return c.redirect(`/organise/import/${pending.id}?done=applied`, 303);
  });

  const syncPage = async (
    c: Context<WebEnv>,
    values = { ...EMPTY, url: '', label: '', intervalMinutes: '60' },
    errors: FieldError[] = [],
    status: 200 | 400 | 409 = 200,
  ) =>
    render(
      c,
      <SyncedFeedsPage
        ctx={pageContext(c)}
        feeds={await listSyncedFeeds(c.get('deps').store)}
        values={values}
        options={await options(c)}
        errors={formErrors(errors, {})}
        done={c.req.query('done')}
      />,
      status,
    );

  app.get('/organise/sync', (c) => syncPage(c));

  app.post('/organise/sync', async (c) => {
    const { store } = c.get('deps');
    const form = (await c.req.parseBody({ all: true })) as Form;
    const values = {
      ...choiceValues(form),
      url: str(form, 'url').trim(),
      label: str(form, 'label').trim(),
      intervalMinutes: str(form, 'intervalMinutes'),
    };
    // The API's own reader (url and label under the shared text check), so the form stores nothing it refuses.
    const { url, label, errors } = readFeedAddress(values.url, values.label);
    const interval = Number(values.intervalMinutes);
    if (![15, 60, 360, 1440].includes(interval)) errors.push({ field: 'intervalMinutes', message: 'must be one of the choices' });
    const checked = await checkChoices(c, values);
    errors.push(...checked.errors);
    if (errors.length || !checked.choices) return syncPage(c, values, errors, 400);
    try {
      await store.batch(
        createSyncedFeedStatements(store, { id: newId(), url, label, choices: checked.choices, intervalMinutes: interval }, ctxOf(c)),
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return syncPage(c, values, [{ field: 'url', message: 'is already followed' }], 409);
    }
    return c.redirect('/organise/sync', 303);
  });

  app.get('/organise/sync/:id', async (c) => {
    const { store } = c.get('deps');
    const feed = await getSyncedFeed(store, c.req.param('id'));
    if (!feed) return notFoundHere(c, 'This partner calendar is not followed.');
    return render(
      c,
      <SyncedFeedPage ctx={pageContext(c)} feed={feed} runs={await listSyncRuns(store, feed.id)} done={c.req.query('done')} />,
    );
  });

  app.post('/organise/sync/:id/run', async (c) => {
    const { store, fetcher, clock } = c.get('deps');
    const feed = await getSyncedFeed(store, c.req.param('id'));
    if (!feed || !fetcher) return notFoundHere(c, 'This partner calendar is not followed.');
    const run = await runSyncNow({ store, fetcher }, feed.id, clock());
    return c.redirect(`/organise/sync/${feed.id}?done=${run ? 'checked' : 'busy'}`, 303);
  });

  app.post('/organise/sync/:id/remove', async (c) => {
    const { store } = c.get('deps');
    const feed = await getSyncedFeed(store, c.req.param('id'));
    if (!feed) return notFoundHere(c, 'This partner calendar is not followed.');
    await store.batch(deleteSyncedFeedStatements(store, feed, ctxOf(c)));
    return c.redirect('/organise/sync?done=removed', 303);
  });

  return app;
}
