import { describe, expect, it } from 'vitest';
import { ANONYMOUS, ORGANISER, canSee, type Viewer } from '../../src/domain/visibility.js';

const partner: Viewer = { organiser: false, partner: true, groupIds: [] };
const iagMember: Viewer = { organiser: false, partner: false, groupIds: ['iag'] };
const event = (
  visibility: 'public' | 'partners' | 'group' | 'confidential',
  status: 'draft' | 'published' | 'cancelled' = 'published',
) => ({
  visibility,
  status,
  groupId: 'iag',
});

describe('who sees which event', () => {
  it.each([
    ['public', [true, true, true, true]],
    ['partners', [false, true, false, true]],
    ['group', [false, false, true, true]],
    ['confidential', [false, false, false, true]],
  ] as const)('a %s event is seen by [anonymous, partner, group member, organiser] = %j', (visibility, expected) => {
    expect([ANONYMOUS, partner, iagMember, ORGANISER].map((v) => canSee(v, event(visibility)))).toEqual(expected);
  });

  it('keeps drafts to organisers, whatever their visibility', () => {
    expect([ANONYMOUS, partner, iagMember].some((v) => canSee(v, event('public', 'draft')))).toBe(false);
    expect(canSee(ORGANISER, event('public', 'draft'))).toBe(true);
  });

  it('shows a group-only event only to members of that group', () => {
    expect(canSee({ ...iagMember, groupIds: ['board'] }, event('group'))).toBe(false);
    expect(canSee(iagMember, { ...event('group'), groupId: null })).toBe(false);
  });

  it('shows an organiser of some groups the confidential business of those groups only, none of no group', () => {
    const iagOrganiser: Viewer = { organiser: true, partner: true, groupIds: ['iag'], groupScope: ['iag'] };
    expect(canSee(iagOrganiser, event('confidential'))).toBe(true);
    expect(canSee(iagOrganiser, { ...event('confidential'), groupId: 'board' })).toBe(false);
    expect(canSee(iagOrganiser, { ...event('confidential'), groupId: null })).toBe(false);
    // Everything else an organiser sees is unchanged: other groups' drafts and members-only dates.
    expect(canSee(iagOrganiser, { ...event('group', 'draft'), groupId: 'board' })).toBe(true);
    expect(canSee(ORGANISER, { ...event('confidential'), groupId: null })).toBe(true);
  });
});
