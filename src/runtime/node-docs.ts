/** @module Redoc's standalone bundle, read once from its npm package for the API page (Node only). */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

let script: Promise<string> | null = null;

export function redocScript(): Promise<string> {
  script ??= readFile(createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js'), 'utf8');
  return script;
}
