/** @module The one line-writer of the server's log, on Node and on Workers. */
import { visibleText } from '../domain/visible-text.js';

/**
 * Writes `[safercal] line` to standard output (Workers: the Worker's log). Text from outside in the
 * line (a partner server's answer, a feed's label, an error quoting either) is made visible by
 * visibleText, so it cannot end the line, forge another or drive the operator's terminal.
 */
export function serverLog(line: string): void {
  console.log(`[safercal] ${visibleText(line)}`);
}
