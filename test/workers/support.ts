/**
 * Test wiring inside workerd: requests go to the Worker's own `fetch` (the entry wrangler deploys)
 * with the D1 and send_email bindings from wrangler.toml, as Miniflare provides them offline.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { createToken } from '../../src/db/tokens.js';
import { d1Store } from '../../src/runtime/d1.js';
import worker from '../../src/runtime/worker.js';
import type { SendEmailBinding } from '../../src/runtime/worker-mailer.js';

export const store = d1Store(env.DB);

export async function organiserToken(name = 'worker-organiser'): Promise<string> {
  const { token } = await createToken(store, `${name}-${crypto.randomUUID().slice(0, 8)}`, 'organiser', { actor: 'test', now: new Date() });
  return token;
}

export async function call(
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const request = new Request(`https://calendar.example.org${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request, env, ctx);
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/**
 * Passes every message on to the real binding (Miniflare's send_email simulation, which parses the
 * MIME and checks the envelope against the From header) and keeps a copy to read back.
 */
export function recordingBinding(binding: SendEmailBinding) {
  const sent: { from: string; to: string; raw: string }[] = [];
  const accepted: unknown[] = [];
  return {
    sent,
    accepted,
    async send(message: unknown) {
      const m = message as { from: string; to: string; 'EmailMessage::raw': string };
      sent.push({ from: m.from, to: m.to, raw: m['EmailMessage::raw'] });
      const result = await binding.send(message);
      accepted.push(result);
      return result;
    },
  };
}
