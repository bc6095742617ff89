/**
 * @module The storage port for meeting documents: put, get and delete bytes by key. Node keeps
 * files under the data directory (src/runtime/file-documents.ts), Workers an R2 bucket
 * (src/runtime/r2-documents.ts); without either, documents are links only. Also the upload rule:
 * PDF, DOCX or ODT up to 20 MB, checked from the file's own bytes (its magic numbers, read by the
 * file-type package), never from its name or the browser's Content-Type alone.
 */
import { fileTypeFromBuffer } from 'file-type/core';

export interface StoredDocument {
  body: ReadableStream<Uint8Array> | Uint8Array;
  size: number;
}

/** Where uploaded documents are kept. Keys are ours ("meetings/<uuid>.pdf"), never a user's file name. */
export interface DocumentStorage {
  /** In words, for the organisers' pages: "files in ./data/documents", "the R2 bucket DOCUMENTS". */
  readonly description: string;
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Null when nothing is stored under the key. */
  get(key: string): Promise<StoredDocument | null>;
  /** Deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

/** The kinds of file organisers may upload, by the extension file-type reports. */
export const DOCUMENT_TYPES = {
  pdf: { mediaType: 'application/pdf', label: 'PDF' },
  docx: { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word (DOCX)' },
  odt: { mediaType: 'application/vnd.oasis.opendocument.text', label: 'OpenDocument text (ODT)' },
} as const;
export type DocumentType = keyof typeof DOCUMENT_TYPES;

export type CheckedFile = { ok: true; type: DocumentType; mediaType: string } | { ok: false; message: string; tooLarge?: boolean };

/**
 * Whether `bytes` is a PDF, DOCX or ODT of at most 20 MB, judged by its content: a renamed
 * executable or an HTML page called "report.pdf" is refused. The name must agree with the content,
 * so a person downloading "agenda.pdf" gets a PDF.
 */
export async function checkDocumentFile(bytes: Uint8Array, fileName: string): Promise<CheckedFile> {
  if (bytes.length === 0) return { ok: false, message: 'is empty' };
  if (bytes.length > MAX_DOCUMENT_BYTES) {
    return { ok: false, tooLarge: true, message: `is ${(bytes.length / 1024 / 1024).toFixed(1)} MB; upload at most 20 MB` };
  }
  const detected = await fileTypeFromBuffer(bytes);
  const type = detected && (Object.keys(DOCUMENT_TYPES) as DocumentType[]).find((t) => t === detected.ext);
  if (!type) {
    return { ok: false, message: `is not a PDF, DOCX or ODT document${detected ? ` (its content is ${detected.ext.toUpperCase()})` : ''}` };
  }
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension && extension !== type) {
    return {
      ok: false,
      message: `is named .${extension} but its content is ${DOCUMENT_TYPES[type].label}: rename it or upload the right file`,
    };
  }
  return { ok: true, type, mediaType: DOCUMENT_TYPES[type].mediaType };
}

/** The storage key of a document: its id and type, nothing a user typed. */
export function storageKey(documentId: string, type: DocumentType): string {
  return `meetings/${documentId}.${type}`;
}

/** A file name safe for Content-Disposition: letters, digits, spaces, dots, hyphens; with the right extension. */
export function safeFileName(name: string, type: DocumentType): string {
  const base = name
    .replace(/\.[A-Za-z0-9]+$/, '')
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9 ._-]+/g, '')
    .trim()
    .slice(0, 100);
  return `${base || 'document'}.${type}`;
}
