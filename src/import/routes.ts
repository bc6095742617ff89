/**
 * @module The import API (organisers):
 *
 *   POST /api/imports                 a file (multipart: file + choices) or an address (JSON: url + choices): kept, previewed
 *   GET  /api/imports/{id}            the preview again, against the calendar as it is now
 *   POST /api/imports/{id}/apply      apply it, in one batch (a second apply changes nothing)
 *   GET|POST /api/synced-feeds, GET|DELETE /api/synced-feeds/{id}, POST /api/synced-feeds/{id}/run
 *   GET  /api/events.csv              events as CSV, with the filters of GET /api/events
 *
 * Choices: kind (required), themes, organisationId, groupId, visibility, status.
 */
import { Hono, type Context } from 'hono';
import { isUniqueViolation, newId } from '../db/store.js';
import { checkText } from '../domain/validation.js';
import { requireOrganiser } from '../http/auth.js';
import type { AppEnv } from '../http/deps.js';
import { badRequest, conflict, HttpError, notFound } from '../http/errors.js';
import { intParam, readJsonObject } from '../http/request.js';
import { choiceReferenceErrors, readChoices, type ImportChoices } from './choices.js';
import { takeIn } from './intake.js';
import { eventsCsvResponse } from './csv-export.js';
import { filterFromQuery } from '../http/routes/events.js';
import { presentFeed, presentPreview, presentRun } from './present.js';
import { applyImport, IMPORT_SOURCE, previewCalendar, saveImport } from './service.js';
import { getImport, getSyncedFeed, listSyncedFeeds, listSyncRuns } from './store.js';
import { runSyncNow } from './sync.js';
import { createSyncedFeedStatements, deleteSyncedFeedStatements, MIN_INTERVAL_MINUTES, readFeedAddress } from './synced-feeds.js';

const CHOICE_FIELDS = ['kind', 'themes', 'organisationId', 'groupId', 'visibility', 'status'];

const ctx = (c: Context<AppEnv>) => ({ actor: c.get('actor'), now: c.get('deps').clock() });

async function checkedChoices(c: Context<AppEnv>, input: Record<string, unknown>): Promise<ImportChoices> {
  const picked = Object.fromEntries(Object.entries(input).filter(([k]) => CHOICE_FIELDS.includes(k)));
  const result = readChoices(picked);
  if (!result.ok) throw badRequest(result.errors);
  const errors = await choiceReferenceErrors(c.get('deps').store, result.value);
  if (errors.length) throw badRequest(errors);
  return result.value;
}

async function previewOf(c: Context<AppEnv>, id: string) {
  const { store, clock } = c.get('deps');
  const pending = await getImport(store, id);
  if (!pending) throw notFound('import');
  if (pending.appliedAt) return { pending, preview: null };
  const result = await previewCalendar(store, pending.content, pending.choices, IMPORT_SOURCE, clock());
  if (!result.ok) throw badRequest([{ field: 'file', message: result.message }]);
  return { pending, preview: result.preview };
}

export function importApiRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('/imports', requireOrganiser);
  app.use('/imports/*', requireOrganiser);
  app.use('/synced-feeds', requireOrganiser);
  app.use('/synced-feeds/*', requireOrganiser);

  app.post('/imports', async (c) => {
    const { store, fetcher, clock } = c.get('deps');
    const type = c.req.header('Content-Type') ?? '';
    let input: Record<string, unknown>;
    let file: File | null = null;
    if (type.includes('multipart/form-data')) {
      const form = await c.req.parseBody({ all: true });
      file = form.file instanceof File ? form.file : null;
      input = Object.fromEntries(Object.entries(form).filter(([k]) => k !== 'file'));
      if (Array.isArray(input.themes)) input.themes = input.themes.join(',');
    } else {
      input = await readJsonObject(c);
    }
    if (input.url !== undefined) {
      const url = checkText('url', input.url, { max: 2000, singleLine: true });
      if (!url.ok) throw badRequest([url.error]);
    }
    const unknown = Object.keys(input).filter((k) => k !== 'url' && !CHOICE_FIELDS.includes(k));
    if (unknown.length)
      throw badRequest(unknown.map((field) => ({ field, message: 'is not a field of an import (file or url, and the choices)' })));
    const choices = await checkedChoices(c, input);
    const taken = await takeIn({ file, url: typeof input.url === 'string' && input.url.trim() ? input.url.trim() : null }, fetcher);
    if (!taken.ok) throw badRequest(taken.errors);
    const preview = await previewCalendar(store, taken.content, choices, IMPORT_SOURCE, clock());
    if (!preview.ok) throw badRequest([{ field: taken.sourceKind === 'file' ? 'file' : 'url', message: preview.message }]);
    const id = await saveImport(store, { ...taken, choices }, ctx(c));
    c.header('Location', `/api/imports/${id}`);
    const pending = (await getImport(store, id))!;
    return c.json(presentPreview(pending, preview.preview), 201);
  });

  app.get('/imports/:id', async (c) => {
    const { pending, preview } = await previewOf(c, c.req.param('id'));
    return c.json(presentPreview(pending, preview));
  });

  app.post('/imports/:id/apply', async (c) => {
    const { store } = c.get('deps');
    try {
      const result = await applyImport(store, c.req.param('id'), ctx(c));
      if (!result.ok) throw new HttpError(result.status, [{ field: result.status === 404 ? 'id' : 'file', message: result.message }]);
      return c.json({ id: c.req.param('id'), applied: true, alreadyApplied: result.alreadyApplied, counts: result.counts });
    } catch (error) {
      if (isUniqueViolation(error))
        throw conflict('id', 'this import was applied by another request at the same time; reload to see the result');
      throw error;
    }
  });

  // The events list as CSV: the same filters and visibility as GET /api/events.
  app.get('/events.csv', async (c) => eventsCsvResponse(c, await filterFromQuery(c, { window: false }), c.get('viewer')));

  app.get('/synced-feeds', async (c) => c.json({ feeds: (await listSyncedFeeds(c.get('deps').store)).map(presentFeed) }));

  app.post('/synced-feeds', async (c) => {
    const { store } = c.get('deps');
    const body = await readJsonObject(c);
    const unknown = Object.keys(body).filter((k) => !['url', 'label', 'intervalMinutes', ...CHOICE_FIELDS].includes(k));
    if (unknown.length) throw badRequest(unknown.map((field) => ({ field, message: 'is not a field of a synced feed' })));
    const { url, label, errors } = readFeedAddress(body.url, body.label);
    const interval = body.intervalMinutes ?? 60;
    if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < MIN_INTERVAL_MINUTES || interval > 7 * 24 * 60)
      errors.push({
        field: 'intervalMinutes',
        message: `must be a whole number of minutes from ${MIN_INTERVAL_MINUTES} to ${7 * 24 * 60}`,
      });
    if (errors.length) throw badRequest(errors);
    const choices = await checkedChoices(c, body);
    if ((await listSyncedFeeds(store)).some((f) => f.url === url)) throw conflict('url', 'this calendar is already followed');
    const id = newId();
    try {
      await store.batch(createSyncedFeedStatements(store, { id, url, label, choices, intervalMinutes: interval as number }, ctx(c)));
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('url', 'this calendar is already followed');
      throw error;
    }
    c.header('Location', `/api/synced-feeds/${id}`);
    return c.json(presentFeed((await getSyncedFeed(store, id))!), 201);
  });

  app.get('/synced-feeds/:id', async (c) => {
    const { store } = c.get('deps');
    const feed = await getSyncedFeed(store, c.req.param('id'));
    if (!feed) throw notFound('synced feed');
    const limit = intParam(c, 'runs', { fallback: 20, min: 1, max: 200 });
    return c.json({ ...presentFeed(feed), runs: (await listSyncRuns(store, feed.id, limit)).map(presentRun) });
  });

  app.delete('/synced-feeds/:id', async (c) => {
    const { store } = c.get('deps');
    const feed = await getSyncedFeed(store, c.req.param('id'));
    if (!feed) throw notFound('synced feed');
    await store.batch(deleteSyncedFeedStatements(store, feed, ctx(c)));
    return c.body(null, 204);
  });

  app.post('/synced-feeds/:id/run', async (c) => {
    const { store, fetcher, clock } = c.get('deps');
    const feed = await getSyncedFeed(store, c.req.param('id'));
    if (!feed) throw notFound('synced feed');
    if (!fetcher) throw conflict('id', 'this service has no fetcher configured');
    const run = await runSyncNow({ store, fetcher }, feed.id, clock());
    if (!run) throw conflict('id', 'the feed is being fetched right now; try again in a minute');
    return c.json(presentRun(run));
  });

  return app;
}
