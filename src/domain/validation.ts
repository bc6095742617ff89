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

  /** A trimmed string; `singleLine` refuses line breaks (titles end up in email subjects and feeds). */
  text(field: string, opts: { required?: boolean; max: number; singleLine?: boolean; fallback?: string }): string | undefined {
    const value = this.input[field];
    if (value === undefined || value === null || value === '') {
      if (opts.required) return this.fail(field, 'is required');
      return opts.fallback;
    }
    if (typeof value !== 'string') return this.fail(field, 'must be text');
    const trimmed = value.trim();
    if (opts.required && trimmed === '') return this.fail(field, 'is required');
    if (trimmed.length > opts.max) return this.fail(field, `must be at most ${opts.max} characters (it has ${trimmed.length})`);
    if (opts.singleLine && /[\r\n]/.test(trimmed)) return this.fail(field, 'must be a single line');

    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(trimmed)) return this.fail(field, 'contains control characters');
    return trimmed;
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

export function isEmail(value: string): boolean {
  return /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(value);
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
