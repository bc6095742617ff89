/**
 * @module Meeting documents as files on Node: one file per storage key under a directory beside the
 * database (DOCUMENTS_PATH, default <dir of DATABASE_PATH>/documents). Writes go to a temporary
 * name and are renamed into place, so a crash never leaves half a document under a real key.
 */
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { DocumentStorage } from '../meetings/storage.js';

/** Keys are ours ("meetings/<uuid>.pdf"); anything else is refused rather than mapped onto the disk. */
const KEY = /^[a-z]+\/[A-Za-z0-9-]+\.[a-z]+$/;

export function fileDocumentStorage(directory: string): DocumentStorage {
  const root = resolve(directory);
  const pathOf = (key: string) => {
    if (!KEY.test(key)) throw new Error(`not a document storage key: ${key}`);
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new Error(`not a document storage key: ${key}`);
    return path;
  };
  return {
    description: `files in ${directory}`,
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${crypto.randomUUID()}.part`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
    },
    async get(key) {
      const path = pathOf(key);
      try {
        const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
        return { body: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), size: info.size };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}

/** DOCUMENTS_PATH, or a "documents" directory beside the database file. */
export function documentsDirectory(env: NodeJS.ProcessEnv, databasePath: string): string {
  return env.DOCUMENTS_PATH || join(dirname(databasePath), 'documents');
}
