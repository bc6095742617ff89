/** @module Ambient types for the workerd built-in modules the Worker entry imports (a subset of @cloudflare/workers-types). */
declare module 'cloudflare:email' {
  export class EmailMessage {
    constructor(from: string, to: string, raw: ReadableStream | string);
    readonly from: string;
    readonly to: string;
  }
}
