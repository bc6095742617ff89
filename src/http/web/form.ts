/** @module Reading posted forms: one text value, or every value of a repeated field (checkboxes). */

/** A parsed form body as `c.req.parseBody({ all: true })` returns it. */
export type FormBody = Record<string, string | File | (string | File)[]>;

/** The first text value of a field, or '' when absent. */
export function formText(body: FormBody, name: string): string {
  const v = body[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one : '';
}

/** Every text value of a repeated field (ticked checkboxes), also accepting `name[]`. */
export function formList(body: FormBody, name: string): string[] {
  const v = body[name] ?? body[`${name}[]`];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.filter((x): x is string => typeof x === 'string');
}
