/** The quorum and capacity rules on their own: numbers, fractions, substitutes and who counts. */
import { describe, expect, it } from 'vitest';
import { checkQuorum, describeQuorum, parseQuorum, quorumNeeded } from '../../src/meetings/capacity.js';
import { quorumState, type AttendanceEntry } from '../../src/meetings/meeting.js';
import { validateMember } from '../../src/domain/directory.js';

const entry = (capacity: AttendanceEntry['capacity'], status: AttendanceEntry['status'], substitute = ''): AttendanceEntry => ({
  personId: crypto.randomUUID(),
  name: 'Member',
  role: 'Member',
  capacity,
  organisation: null,
  status,
  source: status ? 'recorded' : null,
  note: '',
  substitute,
});

describe('quorum rules', () => {
  it('reads a number of voting members or a fraction of them, and refuses anything else by saying what it wants', () => {
    expect(parseQuorum('3')).toEqual({ kind: 'count', count: 3 });
    expect(parseQuorum(' 1 / 3 ')).toEqual({ kind: 'fraction', numerator: 1, denominator: 3 });
    for (const bad of ['0', 'a third', '4/3', '1/0', '-2', '3.5']) expect(parseQuorum(bad)).toBeNull();
    expect(checkQuorum('')).toEqual({ ok: true, value: null });
    expect(checkQuorum(4)).toEqual({ ok: true, value: '4' });
    expect(checkQuorum('half')).toMatchObject({ ok: false, message: expect.stringMatching(/like "3".*like "1\/3"/) });
  });

  it('rounds a fraction up and never asks for fewer than one member', () => {
    expect(quorumNeeded({ kind: 'fraction', numerator: 1, denominator: 3 }, 10)).toBe(4);
    expect(quorumNeeded({ kind: 'fraction', numerator: 1, denominator: 4 }, 0)).toBe(1);
    expect(describeQuorum({ kind: 'fraction', numerator: 1, denominator: 3 }, 6)).toBe('1/3 of the voting members (2 of 6)');
  });

  it('counts present voting members and substitutes for absent ones, never co-opted members, observers or officers', () => {
    const attendance = [
      entry('voting', 'present'),
      entry('voting', 'apologies', 'Substitute member'),
      entry('voting', 'apologies'),
      entry('voting', 'absent'),
      entry('co-opted', 'present'),
      entry('observer', 'present'),
      entry('officer', 'present'),
    ];
    expect(quorumState('3', attendance, true)).toMatchObject({ votingMembers: 4, counted: 2, needed: 3, met: false, phase: 'recorded' });
    expect(quorumState('1/2', attendance, true)).toMatchObject({ counted: 2, needed: 2, met: true });
  });

  it('expects everyone who has not sent apologies before the meeting', () => {
    const attendance = [entry('voting', null), entry('voting', null), entry('voting', 'apologies'), entry('officer', 'apologies')];
    expect(quorumState('2', attendance, false)).toMatchObject({ counted: 2, met: true, phase: 'expected' });
    expect(quorumState(null, attendance, false)).toMatchObject({ needed: null, met: null });
  });
});

describe('capacities', () => {
  it('takes a capacity by its code or its label, defaults to voting, and names the field when it is unknown', () => {
    const base = { email: 'member@example.org', role: 'Member' };
    expect(validateMember({ ...base, capacity: 'Co-opted member (no vote)' })).toMatchObject({ ok: true, value: { capacity: 'co-opted' } });
    expect(validateMember({ ...base, capacity: 'OBSERVER' })).toMatchObject({ ok: true, value: { capacity: 'observer' } });
    expect(validateMember(base)).toMatchObject({ ok: true, value: { capacity: 'voting' } });
    expect(validateMember({ ...base, capacity: 'guest' })).toEqual({
      ok: false,
      errors: [{ field: 'capacity', message: 'must be one of: voting, co-opted, observer, officer' }],
    });
  });
});
