/** A browser's cookie jar and form posting, for page tests that go through app.request without a browser. */
import type { Hono } from 'hono';

export class Session {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly app: Hono<any>,
    private readonly origin = 'https://calendar.example.org',
  ) {}

  async request(method: string, path: string, form?: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const h: Record<string, string> = { Accept: 'text/html', ...headers };
    if (this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
      body = params.toString();
      h['Content-Type'] = 'application/x-www-form-urlencoded';
      h.Origin ??= this.origin;
    }
    const res = await this.app.request(`${this.origin}${path}`, { method, headers: h, body });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  /** Posts a form the way a browser does: with the page's CSRF token. */
  async post(path: string, form: Record<string, string | string[]>, tokenFrom?: string) {
    const page = await this.get(tokenFrom ?? path);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    return this.request('POST', path, { _csrf: token, ...form });
  }
}
