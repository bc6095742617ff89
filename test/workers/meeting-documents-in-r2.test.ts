/**
 * Meeting papers on Workers: uploads go through the storage port into the R2 bucket bound as
 * DOCUMENTS (simulated offline by Miniflare), are judged by their content inside workerd, and an
 * exempt item's paper is never served to an anonymous visitor.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, organiserToken } from './support.js';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../src/runtime/worker.js';

/** test/meetings/fixtures/partner-updates.docx (workerd has no file system to read it from). */
const DOCX = Uint8Array.from(
  atob(
    'UEsDBBQAAAAIAEBbfl3JTxqw6wAAAK4BAAATAAAAW0NvbnRlbnRfVHlwZXNdLnhtbH1QvU7DMBDeeQrLK4odGBBCSTrwMwJDeYCTfUks7LPlc0v79jht6YAK4933q69b7YIXW8zsIvXyRrVSIJloHU29/Fi/NPdScAGy4CNhL/fIcjVcdet9QhZVTNzLuZT0oDWbGQOwigmpImPMAUo986QTmE+YUN+27Z02kQpSacriIYfuCUfY+CKed/V9LJLRsxSPR+KS1UtIyTsDpeJ6S/ZXSnNKUFV54PDsEl9XgtQXExbk74CT7q0uk51F8Q65vEKoLP0Vs9U2mk2oSvW/zYWecRydwbN+cUs5GmSukwevzkgARz/99WHu4RtQSwMEFAAAAAgAQFt+XbmBRHGwAAAAKgEAAAsAAABfcmVscy8ucmVsc43POw7CMAwG4J1TRN5pWgaEUJMuCKkrKgeIEjeNaB5KwqO3JwMDIAZG278/y233sDO5YUzGOwZNVQNBJ70yTjM4D8f1DkjKwikxe4cMFkzQ8VV7wlnkspMmExIpiEsMppzDntIkJ7QiVT6gK5PRRytyKaOmQciL0Eg3db2l8d0A/mGSXjGIvWqADEvAf2w/jkbiwcurRZd/nPhKFFlEjZnB3UdF1atdFRYob+nHi/wJUEsDBBQAAAAIAEBbfl1vc1lQ2QAAACUBAAARAAAAd29yZC9kb2N1bWVudC54bWxFjz1uwzAMhfeegtCcWm6GojBsZwiQbkHQnwMoEpMIsESBlOPm9pXcoctHEiTee+x3P2GCO7J4ioN6aVoFGC05H6+D+v46PL8pkGyiMxNFHNQDRe3Gp37pHNk5YMxQFKJ0y6BuOadOa7E3DEYaShjL7kIcTC4jX/VC7BKTRZFiECa9bdtXHYyPaiySZ3KPWlMFV+TxZDhHZJiTMxmlg/3ko7dmgj2F4KUGL1rwzjSnDRw8I5S48IFiZ9zA0eRyUc5PTOe1h0/ku7fY9LoaVPLKtPIvhP5/cPwFUEsBAhQDFAAAAAgAQFt+XclPGrDrAAAArgEAABMAAAAAAAAAAAAAAIABAAAAAFtDb250ZW50X1R5cGVzXS54bWxQSwECFAMUAAAACABAW35duYFEcbAAAAAqAQAACwAAAAAAAAAAAAAAgAEcAQAAX3JlbHMvLnJlbHNQSwECFAMUAAAACABAW35db3NZUNkAAAAlAQAAEQAAAAAAAAAAAAAAgAH1AQAAd29yZC9kb2N1bWVudC54bWxQSwUGAAAAAAMAAwC5AAAA/QIAAAAA',
  ),
  (c) => c.charCodeAt(0),
);
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

async function upload(path: string, token: string, name: string, bytes: Uint8Array<ArrayBuffer>) {
  const form = new FormData();
  form.append('file', new File([bytes], name));
  const ctx = createExecutionContext();
  const res = await worker.fetch(
    new Request(`https://calendar.example.org${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as any };
}

describe('meeting documents on Workers', () => {
  it('keeps uploaded papers in R2, serves public ones and answers 404 for an exempt one', async () => {
    const token = await organiserToken();
    const group = (await call('POST', '/api/groups', { slug: 'board-r2', name: 'Partnership Board', quorum: '3' }, { token })).body;
    const meeting = (
      await call(
        'POST',
        '/api/events',
        {
          kind: 'meeting',
          title: 'Partnership Board',
          start: '2026-10-15T14:00',
          end: '2026-10-15T16:00',
          groupId: group.id,
          visibility: 'public',
        },
        { token },
      )
    ).body;
    const items = `/api/meetings/${meeting.id}/items`;
    const updates = (await call('POST', items, { title: 'Partner updates', lead: 'All' }, { token })).body;
    const dhr = (
      await call(
        'POST',
        items,
        { title: 'Domestic homicide reviews', exempt: true, exemptReason: 'Paragraph 1 of Schedule 12A' },
        { token },
      )
    ).body;

    const docx = await upload(`/api/agenda-items/${updates.id}/documents`, token, 'partner-updates.docx', DOCX);
    expect(docx.status).toBe(201);
    expect(docx.body.file).toEqual({
      name: 'partner-updates.docx',
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: DOCX.length,
    });
    const exempt = await upload(`/api/agenda-items/${dhr.id}/documents`, token, 'review.pdf', PDF);
    expect(exempt.status).toBe(201);
    const refused = await upload(
      `/api/agenda-items/${updates.id}/documents`,
      token,
      'minutes.pdf',
      new TextEncoder().encode('<html></html>'),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error).toEqual({ field: 'file', message: 'is not a PDF, DOCX or ODT document' });

    // The bytes are in the bucket under the document's own key.
    const stored = await env.DOCUMENTS.get(`meetings/${docx.body.id}.docx`);
    expect(new Uint8Array(await stored!.arrayBuffer())).toEqual(DOCX);

    expect((await call('POST', `/api/meetings/${meeting.id}/agenda/publish`, undefined, { token })).status).toBe(200);
    const paper = await call('GET', new URL(docx.body.url).pathname);
    expect(paper.status).toBe(200);
    expect(paper.headers.get('Content-Type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect((await call('GET', new URL(exempt.body.url).pathname)).status).toBe(404);

    expect((await call('DELETE', `/api/documents/${docx.body.id}`, undefined, { token })).status).toBe(204);
    expect(await env.DOCUMENTS.get(`meetings/${docx.body.id}.docx`)).toBeNull();
  });
});
