/**
 * @module Who sits on a group and in what capacity, the group's quorum rule and what the public may
 * see of attendance. Pure rules, no I/O: the directory stores them, attendance and pages use them.
 * Terms follow committee practice (ModernGov/CMIS minutes list members, co-opted members without
 * a vote, observers and officers apart; a meeting is valid only when quorate).
 */

/** 'voting': a member with a vote; 'co-opted': a member without one; 'observer'; 'officer' (advisers, clerks). */
export const CAPACITIES = ['voting', 'co-opted', 'observer', 'officer'] as const;
export type Capacity = (typeof CAPACITIES)[number];

export const CAPACITY_LABELS: Record<Capacity, string> = {
  voting: 'Voting member',
  'co-opted': 'Co-opted member (no vote)',
  observer: 'Observer',
  officer: 'Officer or adviser',
};

/** Plural headings, as minutes list them. */
export const CAPACITY_HEADINGS: Record<Capacity, string> = {
  voting: 'Members',
  'co-opted': 'Co-opted members without a vote',
  observer: 'Observers',
  officer: 'Officers and advisers',
};

export function isCapacity(value: unknown): value is Capacity {
  return typeof value === 'string' && (CAPACITIES as readonly string[]).includes(value);
}

/** What a visitor who is not a member of the group sees of a meeting's attendance. */
export const PUBLIC_ATTENDANCE = ['names', 'capacities', 'none'] as const;
export type PublicAttendance = (typeof PUBLIC_ATTENDANCE)[number];

export const PUBLIC_ATTENDANCE_LABELS: Record<PublicAttendance, string> = {
  names: 'Names, roles and capacities',
  capacities: 'Numbers by capacity only, without names',
  none: 'Nothing',
};

/** A quorum rule: a number of voting members, or a fraction of the voting membership (rounded up). */
export type Quorum = { kind: 'count'; count: number } | { kind: 'fraction'; numerator: number; denominator: number };

/**
 * Reads a stored or typed quorum: "3" (three voting members) or "1/3" (a third of the voting
 * members, rounded up). Returns null for anything else; `checkQuorum` says why.
 */
export function parseQuorum(text: string | null | undefined): Quorum | null {
  if (!text) return null;
  const t = text.trim();
  if (/^[1-9]\d{0,2}$/.test(t)) return { kind: 'count', count: Number(t) };
  const m = /^([1-9]\d?)\s*\/\s*([1-9]\d?)$/.exec(t);
  if (m && Number(m[1]) <= Number(m[2])) return { kind: 'fraction', numerator: Number(m[1]), denominator: Number(m[2]) };
  return null;
}

/** Input check for a quorum rule: '' or null clears it; otherwise a whole number or a fraction. */
export function checkQuorum(value: unknown): { ok: true; value: string | null } | { ok: false; message: string } {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return { ok: true, value: null };
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return { ok: false, message: 'must be a number of voting members like "3" or a fraction like "1/3"' };
  const q = parseQuorum(text);
  if (!q) return { ok: false, message: 'must be a number of voting members (1–999) like "3" or a fraction of them like "1/3"' };
  return { ok: true, value: q.kind === 'count' ? String(q.count) : `${q.numerator}/${q.denominator}` };
}

/** How many voting members must be present, out of `votingMembers`; at least one. */
export function quorumNeeded(quorum: Quorum, votingMembers: number): number {
  if (quorum.kind === 'count') return quorum.count;
  return Math.max(1, Math.ceil((votingMembers * quorum.numerator) / quorum.denominator));
}

/** "3 voting members", "a third of the voting members (at least 2 of 6)". */
export function describeQuorum(quorum: Quorum, votingMembers: number): string {
  const needed = quorumNeeded(quorum, votingMembers);
  if (quorum.kind === 'count') return `${needed} voting member${needed === 1 ? '' : 's'}`;
  return `${quorum.numerator}/${quorum.denominator} of the voting members (${needed} of ${votingMembers})`;
}
