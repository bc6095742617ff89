/**
 * Bad input about a meeting gets a 4xx naming the field and loses nothing; uploads are judged by
 * their content. Runs on SQLite and D1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBoard, type Board } from './support/board.js';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

describe('refusals and checks on meetings', () => {
  let b: Board;
  beforeAll(async () => {
    b = await buildBoard();
  }, 240_000);
  afterAll(() => b.close());

  it('names every wrong field of an agenda item, and an exempt item must say why', async () => {
    const res = await b.t.call('POST', `${b.april}/items`, { title: '', lead: 'x'.repeat(201), exempt: true, colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['colour', 'title', 'lead', 'exemptReason']);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'exemptReason').message).toMatch(/Schedule 12A/);
    expect((await b.t.call('GET', b.april)).body.agenda.items).toHaveLength(9);
  });

  it('needs an organiser token to change a meeting, and answers 404 for a meeting that is not there', async () => {
    const anonymous = await b.t.call('POST', `${b.april}/items`, { title: 'Any other business' }, { auth: false });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.field).toBe('Authorization');
    expect((await b.t.call('POST', `/api/meetings/no-such-event/items`, { title: 'x' })).status).toBe(404);
    expect((await b.t.call('PATCH', '/api/agenda-items/no-such-item', { title: 'x' })).status).toBe(404);
    expect((await b.t.call('PATCH', '/api/actions/no-such-action', { status: 'done' })).status).toBe(404);
  });

  it('refuses attendance for people outside the group and a substitute without apologies', async () => {
    b.t.clock.set('2019-04-18T17:00:00Z');
    const res = await b.t.call('PUT', `${b.april}/attendance`, {
      entries: [
        { personId: 'someone-else', status: 'present' },
        { personId: b.person.police, status: 'present', substitute: 'A sergeant' },
        { personId: b.person.health, status: 'late' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: 'entries[0].personId', message: 'is not a member of this meeting’s group' },
      { field: 'entries[1].substitute', message: expect.stringMatching(/goes with apologies/) },
      { field: 'entries[2].status', message: 'must be one of: present, apologies, absent' },
    ]);
    expect((await b.t.call('GET', b.april)).body.attendance.entries.every((e: { status: null }) => e.status === null)).toBe(true);
  });

  it('refuses an action without an owner or with a date that is not one', async () => {
    const res = await b.t.call('POST', `${b.april}/actions`, { description: 'Do something', dueDate: '31/06/2019', agendaItemId: 'nope' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['agendaItemId', 'owner', 'dueDate']);
    const events = (await b.t.call('GET', '/api/events?kind=deadline')).body.events;
    expect(events).toEqual([]);
  });

  it('refuses minutes approval when there are no minutes', async () => {
    const res = await b.t.call('POST', `${b.april}/minutes/approve`, { eventId: b.eventId, occurrence: '2019-07-18T13:00:00Z' });
    expect(res.status).toBe(409);
    expect(res.body.error.field).toBe('minutes');
  });

  it('accepts PDF, DOCX and ODT uploads by their content and keeps them as files beside the database', async () => {
    const item = `/api/agenda-items/${b.items[3]!.id}/documents`;
    const pdf = await b.upload(item, 'information-report.pdf');
    const docx = await b.upload(item, 'partner-updates.docx');
    const odt = await b.upload(item, 'youth-justice.odt');
    expect([pdf.status, docx.status, odt.status]).toEqual([201, 201, 201]);
    expect(docx.body).toMatchObject({
      title: 'partner-updates',
      file: { name: 'partner-updates.docx', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
    });
    expect(odt.body.file.mediaType).toBe('application/vnd.oasis.opendocument.text');
    // Papers wait for the agenda: before it is published, the public gets 404.
    expect((await b.t.app.request(new URL(docx.body.url).pathname)).status).toBe(404);
    await b.t.call('POST', `${b.april}/agenda/publish`);
    const download = await b.t.app.request(new URL(docx.body.url).pathname);
    expect(download.status).toBe(200);
    expect(download.headers.get('Content-Disposition')).toBe('attachment; filename="partner-updates.docx"');
    expect(download.headers.get('Content-Security-Policy')).toBe('sandbox');
  });

  it('refuses an upload whose title is not UTF-8 text, naming the field, and keeps nothing', async () => {
    // A multipart form's text fields were read as U+FFFD and stored ("Budget \uFFFD"), where JSON and
    // page forms are refused (ADR 293); the file part itself is the sender's bytes and is not judged so.
    const item = `/api/agenda-items/${b.items[3]!.id}/documents`;
    const papers = async () => (await b.t.call('GET', b.april)).body.agenda.items[3].documents.length;
    const before = await papers();
    const form = new FormData();
    form.append('file', new File([new Uint8Array(readFileSync(join(FIXTURES, 'information-report.pdf')))], 'budget.pdf'));
    form.append('title', 'Budget PLACEHOLDER');
    const encoded = new Response(form);
    const type = encoded.headers.get('Content-Type')!;
    const bytes = new Uint8Array(await encoded.arrayBuffer());
    const at = Buffer.from(bytes).indexOf('PLACEHOLDER');
    for (const broken of [[0xff], [0xe2, 0x80]]) {
      const body = new Uint8Array([...bytes.slice(0, at), ...broken, ...bytes.slice(at + 'PLACEHOLDER'.length)]);
      const res = await b.t.app.request(item, {
        method: 'POST',
        headers: { Authorization: `Bearer ${b.t.token}`, 'Content-Type': type },
        body,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: unknown }).error).toEqual({
        field: 'title',
        message: 'holds bytes that are not UTF-8 text (the form\'s "title"); type it again',
      });
    }
    expect(await papers()).toBe(before);
    const fine = await b.t.app.request(item, {
      method: 'POST',
      headers: { Authorization: `Bearer ${b.t.token}`, 'Content-Type': type },
      body: bytes,
    });
    expect(fine.status).toBe(201);
    expect(((await fine.json()) as { title: string }).title).toBe('Budget PLACEHOLDER');
  });

  it('refuses a file whose content is not a PDF, DOCX or ODT, whatever it is called', async () => {
    const item = `/api/agenda-items/${b.items[3]!.id}/documents`;
    const html = await b.upload(
      item,
      'x',
      {},
      { name: 'agenda.pdf', bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>') },
    );
    expect(html.status).toBe(400);
    expect(html.body.error).toEqual({ field: 'file', message: 'is not a PDF, DOCX or ODT document' });
    const png = await b.upload(
      item,
      'x',
      {},
      { name: 'chart.pdf', bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]) },
    );
    expect(png.body.error.message).toBe('is not a PDF, DOCX or ODT document (its content is PNG)');
    const renamed = await b.upload(item, 'partner-updates.docx', {}, { name: 'partner-updates.pdf' });
    expect(renamed.body.error.message).toMatch(/named \.pdf but its content is Word \(DOCX\)/);
  });

  it('refuses a file over 20 MB with 413, before storing anything', async () => {
    const big = new Uint8Array(20 * 1024 * 1024 + 10);
    big.set(new TextEncoder().encode('%PDF-1.4\n'));
    const res = await b.upload(`/api/agenda-items/${b.items[3]!.id}/documents`, 'x', {}, { name: 'huge.pdf', bytes: big });
    expect(res.status).toBe(413);
    expect(res.body.error.field).toBe('file');
  });

  it('refuses a request body over the upload limit without reading it all', async () => {
    const big = new Uint8Array(22 * 1024 * 1024);
    const res = await b.upload(`/api/agenda-items/${b.items[3]!.id}/documents`, 'x', {}, { name: 'huge.pdf', bytes: big });
    expect(res.status).toBe(413);
    expect(res.body.error.field).toBe('body');
    // Elsewhere in the API a body stays under 1 MB.
    const item = await b.t.call('POST', `${b.april}/items`, { title: 'x'.repeat(1024 * 1024) });
    expect(item.status).toBe(413);
  });

  it('removes a document and its stored file', async () => {
    const up = await b.upload(`/api/agenda-items/${b.items[4]!.id}/documents`, 'youth-justice.odt');
    const stored = () => readdirSync(join(b.t.documentsDir, 'meetings'));
    expect(stored()).toContain(`${up.body.id}.odt`);
    expect((await b.t.call('DELETE', `/api/documents/${up.body.id}`)).status).toBe(204);
    expect(stored()).not.toContain(`${up.body.id}.odt`);
    expect((await b.t.app.request(new URL(up.body.url).pathname)).status).toBe(404);
    expect((await b.t.call('DELETE', `/api/documents/${up.body.id}`)).status).toBe(404);
  });

  it('adds a document as a link, refusing an address that is not http(s)', async () => {
    const bad = await b.t.call('POST', `${b.april}/documents`, { title: 'Agenda pack', url: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ field: 'url', message: 'must be an http:// or https:// address' });
    const good = await b.t.call('POST', `${b.april}/documents`, { title: 'Agenda pack', url: 'https://example.org/pack.pdf' });
    expect(good.status).toBe(201);
    expect(good.body).toMatchObject({ title: 'Agenda pack', url: 'https://example.org/pack.pdf', purpose: 'paper', file: null });
  });
});
