/**
 * @module CSV in and out. Reading: a small RFC 4180 reader (quoted fields, doubled quotes, commas
 * and line breaks inside quotes). Writing: csv-stringify, with spreadsheet formula injection
 * guarded (a cell starting with =, +, -, @, tab or carriage return is prefixed with ', as OWASP
 * advises), so a title typed as =HYPERLINK(...) stays text when an organiser opens the export.
 */
import { stringify } from 'csv-stringify/sync';

/**
 * Rows (the first one the header) as CSV text: CRLF line ends and a UTF-8 byte order mark, which
 * Excel needs to read non-ASCII names correctly.
 */
export function toCsv(rows: (string | number | null)[][]): string {
  return `\uFEFF${stringify(rows, { escape_formulas: true, record_delimiter: 'windows', cast: { number: (n) => String(n) } })}`;
}

export type CsvResult = { ok: true; rows: string[][] } | { ok: false; message: string };

export function parseCsv(text: string): CsvResult {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const input = text.replace(/^\uFEFF/, '');
  while (i < input.length) {
    const ch = input[i]!;
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (ch === '\r' && input[i + 1] === '\n') i++;
    } else field += ch;
    i++;
  }
  if (quoted) return { ok: false, message: 'has a quoted field that is never closed' };
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return { ok: true, rows: rows.filter((r) => r.some((f) => f.trim() !== '')) };
}
