/**
 * @module Meetings as committee systems run them (issue 12): capacities and quorum, numbered
 * agendas with exempt items, papers kept through a storage port, attendance with apologies and
 * substitutes, minutes approved as a correct record, and actions that become calendar deadlines.
 *
 * What the folder offers the rest of the service:
 * - meetingApi(): the JSON API under /api (src/http/app.ts mounts it);
 * - meetingPages(): the public meeting and group pages, document downloads and the organisers'
 *   workspace (src/http/web/index.tsx mounts it; its fail-closed session and CSRF checks cover them);
 * - isUploadPath / UPLOAD_BODY_BYTES: the one kind of request allowed a 20 MB body;
 * - DocumentStorage: the storage port the runtimes implement (src/runtime/file-documents.ts on
 *   Node, src/runtime/r2-documents.ts on Workers);
 * - capacity.ts: the vocabulary the directory stores (capacities, quorum, public attendance);
 * - meetingPath and friends (paths.ts): where a meeting lives, for feeds and emails;
 * - loadMeeting / presentMeeting: one meeting's record and what a viewer may see of it.
 * Tables (migration 0008), all keyed by (event_id, occurrence): meetings, agenda_items,
 * meeting_documents, attendance, meeting_actions.
 */
import { MAX_DOCUMENT_BYTES } from './storage.js';

export { meetingApi } from './api.js';
export { meetingPages } from './web.js';
export type { DocumentStorage } from './storage.js';
export { loadMeeting } from './queries.js';
export { presentMeeting, type MeetingKey } from './meeting.js';
export { meetingPath } from './paths.js';

/** A document upload: the file plus the form around it. */
export const UPLOAD_BODY_BYTES = MAX_DOCUMENT_BYTES + 1024 * 1024;

/** Whether a request path is a document upload (API or workspace), the one place a body may exceed 1 MB. */
export function isUploadPath(path: string): boolean {
  return /^\/(api|organise)\/(meetings\/[^/]+(\/[0-9TZ]+)?|agenda-items\/[^/]+)\/documents$/.test(path);
}
