/** @module Field-level validation helpers: every refusal names the field and says why. */

export interface FieldError {
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Collects errors for one input so the caller gets all of them at once, not one per round trip. */
export class Checker {
  readonly errors: FieldError[] = [];
  constructor(private readonly input: Record<string, unknown>) {}

  fail(field: string, message: string): undefined {
    this.errors.push({ field, message });
    return undefined;
  }

  has(field: string): boolean {
    return this.input[field] !== undefined && this.input[field] !== null;
  }

  raw(field: string): unknown {
    return this.input[field];
  }

  /**
   * A trimmed string, checked by checkText: within `max`, and free of hidden characters
   * (`singleLine` also refuses line breaks: titles end up in email subjects and feeds).
   */
  text(field: string, opts: TextRules & { required?: boolean; fallback?: string }): string | undefined {
    const value = this.input[field];
    if (value === undefined || value === null || value === '') {
      if (opts.required) return this.fail(field, 'is required');
      return opts.fallback;
    }
    const checked = checkText(field, value, opts);
    if (!checked.ok) return this.fail(field, checked.error.message);
    if (opts.required && checked.value === '') return this.fail(field, 'is required');
    return checked.value;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], opts: { required?: boolean; fallback?: T }): T | undefined {
    const value = this.input[field];
    if (value === undefined || value === null || value === '') {
      if (opts.required) return this.fail(field, `is required (one of: ${allowed.join(', ')})`);
      return opts.fallback;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      return this.fail(field, `must be one of: ${allowed.join(', ')}`);
    }
    return value as T;
  }

  /** An optional id of another record; its existence is checked against storage later. */
  id(field: string): string | null | undefined {
    const value = this.input[field];
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string' || value.length > 64 || !/^[A-Za-z0-9_-]+$/.test(value)) {
      return this.fail(field, 'must be an id (letters, digits, - or _)');
    }
    return value;
  }

  email(field: string, opts: { required?: boolean }): string | null | undefined {
    const value = this.text(field, { max: 254, singleLine: true, required: opts.required });
    if (value === undefined) return this.errors.some((e) => e.field === field) ? undefined : null;
    if (!isEmail(value)) return this.fail(field, 'must be an email address like someone@example.org');
    return value.toLowerCase();
  }

  url(field: string): string | null | undefined {
    const value = this.text(field, { max: 2000, singleLine: true });
    if (value === undefined) return this.errors.some((e) => e.field === field) ? undefined : null;
    if (!isHttpUrl(value)) return this.fail(field, 'must be an http:// or https:// address');
    return value;
  }

  result<T>(value: () => T): Validated<T> {
    return this.errors.length ? { ok: false, errors: this.errors } : { ok: true, value: value() };
  }
}

export interface TextRules {
  /** At most this many characters (UTF-16 code units, as browsers count a maxlength). */
  max: number;
  /** One line: no line breaks (titles end up in email subjects, feeds and page titles). */
  singleLine?: boolean;
}

/** Right-to-left and left-to-right embeddings, overrides and isolates (Unicode UAX #9). */
const DIRECTIONAL_FORMATTING: Record<number, string> = {
  0x202a: 'a left-to-right embedding character',
  0x202b: 'a right-to-left embedding character',
  0x202c: 'a pop directional formatting character',
  0x202d: 'a left-to-right override character',
  0x202e: 'a right-to-left override character',
  0x2066: 'a left-to-right isolate character',
  0x2067: 'a right-to-left isolate character',
  0x2068: 'a first strong isolate character',
  0x2069: 'a pop directional isolate character',
};

/**
 * Characters that show as nothing and carry no meaning in the text organisers type: a title holding
 * one differs from the title it looks like (search, duplicates, a partner's filter), named here for
 * the message. The rest of Unicode's Default_Ignorable_Code_Point property is refused too
 * (ALLOWED_IGNORABLE aside), with a general name. Zero-width non-joiner and joiner (U+200C, U+200D)
 * are not refused: Persian, the Indic scripts and emoji sequences need them.
 */
const INVISIBLE: Record<number, [name: string, shown: string]> = {
  0x00ad: ['a soft hyphen', 'cannot be seen (word processors leave it where a word may break)'],
  0x034f: ['a combining grapheme joiner', 'cannot be seen'],
  0x2800: ['a braille pattern blank', 'shows as blank'],
  0x115f: ['a Hangul choseong filler', 'shows as blank'],
  0x1160: ['a Hangul jungseong filler', 'shows as blank'],
  0x180e: ['a Mongolian vowel separator', 'cannot be seen'],
  0x200b: ['a zero-width space', 'cannot be seen'],
  0x2060: ['a word joiner', 'cannot be seen'],
  0x2061: ['an invisible function application', 'cannot be seen'],
  0x2062: ['an invisible times', 'cannot be seen'],
  0x2063: ['an invisible separator', 'cannot be seen'],
  0x2064: ['an invisible plus', 'cannot be seen'],
  0x206a: ['an inhibit symmetric swapping character', 'cannot be seen'],
  0x206b: ['an activate symmetric swapping character', 'cannot be seen'],
  0x206c: ['an inhibit Arabic form shaping character', 'cannot be seen'],
  0x206d: ['an activate Arabic form shaping character', 'cannot be seen'],
  0x206e: ['a national digit shapes character', 'cannot be seen'],
  0x206f: ['a nominal digit shapes character', 'cannot be seen'],
  0x3164: ['a Hangul filler', 'shows as blank'],
  0xfeff: ['a zero-width no-break space (byte order mark)', 'cannot be seen'],
  0xffa0: ['a halfwidth Hangul filler', 'shows as blank'],
  0xfff9: ['an interlinear annotation anchor', 'cannot be seen'],
  0xfffa: ['an interlinear annotation separator', 'cannot be seen'],
  0xfffb: ['an interlinear annotation terminator', 'cannot be seen'],
};

/**
 * Default_Ignorable_Code_Point characters real text needs, kept: the zero-width non-joiner and
 * joiner (Persian, the Indic scripts, emoji sequences), the direction marks (U+200E, U+200F,
 * U+061C: they cannot reorder letters), the variation selectors (emoji presentation U+FE0F, CJK
 * ideographic variants U+E0100–U+E01EF) and the Mongolian free variation selectors (the script's
 * letter forms). Tag characters are kept only inside an emoji tag sequence (EMOJI_TAG_SEQUENCE).
 */
const ALLOWED_IGNORABLE: readonly [first: number, last: number][] = [
  [0x061c, 0x061c],
  [0x180b, 0x180d],
  [0x180f, 0x180f],
  [0x200c, 0x200f],
  [0xfe00, 0xfe0f],
  [0xe0100, 0xe01ef],
];
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/u;
const NONCHARACTER = /\p{Noncharacter_Code_Point}/u;
/**
 * An emoji tag sequence (Unicode UTS #51): a base, tag characters U+E0020–U+E007E and the cancel
 * tag U+E007F, as the flags of England, Scotland and Wales are written. Tags anywhere else are
 * hidden ASCII (a known way to smuggle text past a reader).
 */
const EMOJI_TAG_SEQUENCE = /(\p{Emoji})[\u{e0020}-\u{e007e}]+\u{e007f}/gu;

const CONTROL_NAMES: Record<number, string> = { 0x00: 'NUL', 0x09: 'tab', 0x1b: 'escape', 0x7f: 'DEL' };

/** A quick test for anything textProblem might refuse; most text has none of it. */
const SUSPECT =
  // Single code points, each on its own (a combining joiner among them), not a combined character.
  // eslint-disable-next-line no-misleading-character-class
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u2028\u2029\u202a-\u202e\u2060-\u206f\u2800\u3164\ud800-\udfff\ufdd0-\ufdef\ufeff\uffa0\ufff0-\uffff]|=\?/;

/**
 * An RFC 2047 encoded-word (`=?charset?Q|B?text?=`): in an email subject a mail program decodes it
 * into other text, which may hold the very characters refused here (`=?utf-8?q?=E2=80=AE…?=` is
 * U+202E), so single-line text, which becomes subjects, may not carry one.
 */
const ENCODED_WORD = /=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=/;

const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;

/** Why the code point `code` (no control, line break or bidirectional character) is hidden, or null. */
function hiddenProblem(code: number): string | null {
  const invisible = INVISIBLE[code];
  if (invisible) return `contains ${invisible[0]} (${codePoint(code)}), which ${invisible[1]}; remove it`;
  if (code < 0xa0) return null;
  const char = String.fromCodePoint(code);
  if (NONCHARACTER.test(char)) return `contains a noncharacter (${codePoint(code)}), which is not text; remove it`;
  if (IGNORABLE.test(char) && !ALLOWED_IGNORABLE.some(([first, last]) => code >= first && code <= last)) {
    const name = code >= 0xe0000 && code <= 0xe007f ? 'a tag character' : 'an invisible formatting character';
    return `contains ${name} (${codePoint(code)}), which cannot be seen; remove it`;
  }
  return null;
}

/**
 * What is wrong with the characters of text a person sent, or null. Refused everywhere: C0 control
 * characters (tab and line breaks are allowed in multi-line text), DEL and the C1 controls, which
 * cannot be shown and confuse mail headers, feeds and terminals; the bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder what is shown so a title can
 * read differently from what it is (an email subject spoofed with U+202E, "Trojan Source",
 * CVE-2021-42574); the invisible format characters and fillers of INVISIBLE (U+200B, U+FEFF,
 * U+180E, the soft hyphen, …) and the rest of Unicode's Default_Ignorable_Code_Point (tag
 * characters outside an emoji flag, …) but ALLOWED_IGNORABLE, which make text differ from what it
 * shows; noncharacters (Noncharacter_Code_Point: U+FFFE, U+FFFF, U+FDD0–U+FDEF, …), which are not
 * text; and unpaired UTF-16 surrogates, which are not text either. `singleLine` text (titles, names, places: what becomes an email subject) also may not
 * hold an RFC 2047 encoded-word. The left-to-right and right-to-left marks (U+200E, U+200F,
 * U+061C) and the zero-width non-joiner and joiner (U+200C, U+200D) stay allowed: they cannot
 * reorder letters, and Arabic, Urdu, Hebrew, Persian and the Indic scripts need them. The message
 * follows the field name:
 * "title contains a right-to-left override character (U+202E), which could disguise the text; remove it".
 */
export function textProblem(value: string, opts: { singleLine?: boolean } = {}): string | null {
  if (!SUSPECT.test(value)) return null;
  const text = value.replace(EMOJI_TAG_SEQUENCE, '$1');
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        const problem = hiddenProblem(text.codePointAt(i - 1)!);
        if (problem) return problem;
        continue;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) return `contains a broken character (an unpaired surrogate, ${codePoint(code)}); retype it`;
    if (code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029) {
      if (opts.singleLine) return 'must be a single line';
      continue;
    }
    if (code === 0x09 && !opts.singleLine) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      const name = CONTROL_NAMES[code];
      return `contains a control character (${codePoint(code)}${name ? `, ${name}` : ''}), which cannot be shown; remove it`;
    }
    const directional = DIRECTIONAL_FORMATTING[code];
    if (directional) return `contains ${directional} (${codePoint(code)}), which could disguise the text; remove it`;
    const problem = hiddenProblem(code);
    if (problem) return problem;
  }
  if (opts.singleLine && ENCODED_WORD.test(value))
    return 'contains an encoded-word ("=?…?="), which an email program would show as other text; remove it';
  return null;
}

/**
 * The one check for text entering the service (JSON, forms, CSV rows, the command line): a string,
 * trimmed, at most `max` characters, with no character textProblem refuses. The error names the
 * field, so `${field} ${message}` reads as a sentence.
 */
export function checkText(field: string, value: unknown, rules: TextRules): { ok: true; value: string } | { ok: false; error: FieldError } {
  if (typeof value !== 'string') return { ok: false, error: { field, message: 'must be text' } };
  const trimmed = value.trim();
  if (trimmed.length > rules.max)
    return { ok: false, error: { field, message: `must be at most ${rules.max} characters (it has ${trimmed.length})` } };
  const problem = textProblem(trimmed, rules);
  return problem ? { ok: false, error: { field, message: problem } } : { ok: true, value: trimmed };
}

/**
 * Every string of a parsed JSON body (values at any depth, and member names) under textProblem's
 * multi-line rule, one error per offending string naming where it is (`reason`,
 * `subscriptions[0].topic`; a member name: its object, or `body`). The edge's check, before any
 * field is read, so no string of any field (read by a validator or only looked up, like a partner's
 * name) can carry NUL into PostgreSQL (which refuses it: SQLSTATE 22021) or a control or
 * bidirectional character into storage. Fields still apply their own rules after (length, one line).
 * Walks with its own stack: a deeply nested body must not overflow the call stack.
 */
export function jsonTextProblems(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const pending: [path: string, value: unknown][] = [['', value]];
  while (pending.length) {
    const [path, current] = pending.pop()!;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem) errors.push({ field: path || 'body', message: problem });
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push([`${path || 'body'}[${i}]`, current[i]]);
    } else if (isRecord(current)) {
      for (const key of Object.keys(current).reverse()) {
        const problem = textProblem(key);
        if (problem) errors.push({ field: path || 'body', message: `has a field name that ${problem}` });
        else pending.push([path ? `${path}.${key}` : key, current[key]]);
      }
    }
  }
  return errors;
}

/** An address like someone@example.org, and nothing textProblem would refuse in it. */
export function isEmail(value: string): boolean {
  return (
    textProblem(value, { singleLine: true }) === null &&
    /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(value)
  );
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * One error per key of `input` that is not in `allowed`, each naming the key with `message`
 * (a body's stray fields are refused, never ignored: a typo must not pass as a change).
 */
export function strayFields(input: Record<string, unknown>, allowed: readonly string[], message: string): FieldError[] {
  return Object.keys(input)
    .filter((k) => !allowed.includes(k))
    .map((field) => ({ field, message }));
}
