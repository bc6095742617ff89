import { CompiledQuery } from 'kysely';
import { describe, expect, it } from 'vitest';
import { inlineParameters, toSqlScript } from '../../src/runtime/sql-export.js';

describe('writes rendered as SQL for wrangler d1 execute', () => {
  it('keeps apostrophes, question marks and NULLs in values exactly as they were', () => {
    const query = CompiledQuery.raw('insert into "events" ("title", "location", "rrule", "all_day") values (?, ?, ?, ?)', [
      "Women’s event: what’s next? It's O'Brien's hall",
      '?',
      null,
      1,
    ]);
    expect(inlineParameters(query)).toBe(
      `insert into "events" ("title", "location", "rrule", "all_day") values ('Women’s event: what’s next? It''s O''Brien''s hall', '?', NULL, 1)`,
    );
  });

  it('leaves question marks inside quoted SQL alone and refuses a count mismatch', () => {
    expect(inlineParameters(CompiledQuery.raw(`select '?' as q, ? as v`, ['x']))).toBe(`select '?' as q, 'x' as v`);
    expect(() => inlineParameters(CompiledQuery.raw('select ?, ?', ['one']))).toThrow(/more placeholders/);
    expect(() => inlineParameters(CompiledQuery.raw('select ?', ['one', 'two']))).toThrow(/unused parameters/);
  });

  it('writes one statement per line under a comment saying where it came from', () => {
    const script = toSqlScript([CompiledQuery.raw('delete from "x" where "id" = ?', ['a'])], 'safercal cli token create\nsecond line');
    expect(script).toBe(`-- safercal cli token create\n-- second line\ndelete from "x" where "id" = 'a';\n`);
  });
});
