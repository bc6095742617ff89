/**
 * @module Text from outside (a partner's server, a visitor's path, an error quoting either) made safe
 * to print on one line of a server log or to keep as a message: nothing in it can end the line,
 * start a forged one, recolour or clear a terminal, or reorder what is shown (issue 14).
 */

/**
 * C0 controls (tab and line breaks included), DEL, C1 controls, the line and paragraph separators,
 * the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
 * U+202A–U+202E, U+2066–U+2069; "Trojan Source", CVE-2021-42574) and unpaired UTF-16 surrogates.
 */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * `text` with every character of UNSAFE written as a visible escape, `\u{1b}` for ESC (the form
 * JavaScript reads back), so a log line shows what was sent instead of obeying it. Other text,
 * accents, scripts and emoji included, is unchanged.
 *
 * @example visibleText('Busy\x1b[2K\r\nforged') === 'Busy\\u{1b}[2K\\u{d}\\u{a}forged'
 */
export function visibleText(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u{${char.charCodeAt(0).toString(16)}}`);
}

/**
 * An error as lines for a server log: `Name: message` with the message made visible (it may quote
 * a visitor's path or a partner server's answer), then the stack frames as Node wrote them (our own
 * file names), each on its own line; anything not an Error as visible text.
 */
export function errorForLog(error: unknown): string {
  if (!(error instanceof Error)) return visibleText(String(error));
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return [`${error.name}: ${visibleText(error.message)}`, ...frames.map(visibleText)].join('\n');
}
