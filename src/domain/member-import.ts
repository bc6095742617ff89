/**
 * @module Reading a CSV of group members (email, role, name, organisation, capacity) into members to add,
 * with every problem reported against its row, so an organiser can fix the file and try again.
 */
import { parseCsv } from './csv.js';
import { validateMember, type MemberFields } from './directory.js';
import type { FieldError } from './validation.js';

export const MAX_IMPORT_ROWS = 500;

const COLUMNS: Record<string, keyof MemberFields | 'organisation'> = {
  email: 'email',
  'email address': 'email',
  role: 'role',
  name: 'displayName',
  'display name': 'displayName',
  display_name: 'displayName',
  organisation: 'organisation',
  organization: 'organisation',
  capacity: 'capacity',
};

export interface ImportRow {
  /** The line in the file (the header is line 1). */
  line: number;
  values: Record<string, string>;
  member: MemberFields | null;
  errors: FieldError[];
}

export type ImportPreview = { ok: false; message: string } | { ok: true; rows: ImportRow[] };

/** `organisationIdOf` resolves a name (or id) to an organisation id, or null when there is none. */
export function readMemberCsv(text: string, organisationIdOf: (nameOrId: string) => string | null): ImportPreview {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, message: `The file ${parsed.message}.` };
  const [header, ...body] = parsed.rows;
  if (!header) return { ok: false, message: 'The file is empty.' };
  const columns = header.map((h) => COLUMNS[h.trim().toLowerCase()] ?? null);
  if (!columns.includes('email') || !columns.includes('role')) {
    return { ok: false, message: 'The first line must name the columns, including email and role (and optionally name and organisation).' };
  }
  if (body.length > MAX_IMPORT_ROWS)
    return { ok: false, message: `The file has ${body.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.` };
  const seen = new Map<string, number>();
  const rows = body.map((cells, index): ImportRow => {
    const line = index + 2;
    const values: Record<string, string> = {};
    columns.forEach((column, i) => {
      if (column) values[column] = (cells[i] ?? '').trim();
    });
    const errors: FieldError[] = [];
    if (cells.length > header.length) errors.push({ field: 'row', message: `has ${cells.length} fields; the header has ${header.length}` });
    let organisationId: string | null = null;
    if (values.organisation) {
      organisationId = organisationIdOf(values.organisation);
      if (!organisationId)
        errors.push({ field: 'organisation', message: `"${values.organisation}" is not an organisation in the directory` });
    }
    const result = validateMember({
      email: values.email,
      role: values.role,
      displayName: values.displayName || null,
      capacity: values.capacity || undefined,
      organisationId,
    });
    if (!result.ok) errors.push(...result.errors);
    const email = result.ok ? result.value.email : (values.email ?? '').toLowerCase();
    if (email && seen.has(email)) errors.push({ field: 'email', message: `is also on line ${seen.get(email)}` });
    else if (email) seen.set(email, line);
    return { line, values, member: result.ok && errors.length === 0 ? result.value : null, errors };
  });
  return { ok: true, rows };
}
