/**
 * @module CSV in and out. Reading: a small RFC 4180 reader (quoted fields, doubled quotes, commas
 * and line breaks inside quotes). Writing: csv-stringify, with spreadsheet formula injection
 * guarded (a cell starting with =, +, -, @, tab or carriage return is prefixed with ', as OWASP
 * advises), so a title typed as =HYPERLINK(...) stays text when an organiser opens the export.
 */
import { stringify } from 'csv-stringify/sync';

/** The UTF-8 byte order mark that starts every CSV we write; Excel needs it to read non-ASCII names. */
export const CSV_BOM = '\uFEFF';

/**
 * Rows as CSV lines (RFC 4180 quoting, CRLF line ends, formulas guarded), without the byte order
 * mark: for a stream written a page at a time (the events export). The one CSV writer we have.
 */
export function csvLines(rows: readonly (readonly (string | number | null)[])[]): string {
  return stringify(rows as (string | number | null)[][], {
    escape_formulas: true,
    record_delimiter: 'windows',
    cast: { number: (n) => String(n) },
  });
}

/** Rows (the first one the header) as a whole CSV file: the byte order mark, then csvLines. */
export function toCsv(rows: (string | number | null)[][]): string {
  return `${CSV_BOM}${csvLines(rows)}`;
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
