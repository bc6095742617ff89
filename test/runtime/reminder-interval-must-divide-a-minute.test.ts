/** REMINDER_INTERVAL_SECONDS: a shorter reminder tick, refused with the variable's name when it cannot be one. */
import { describe, expect, it } from 'vitest';
import { reminderIntervalSeconds } from '../../src/runtime/node-cron-task.js';

describe('REMINDER_INTERVAL_SECONDS', () => {
  it('is a minute when unset, and takes seconds that divide a minute', () => {
    expect(reminderIntervalSeconds({})).toBe(60);
    expect(reminderIntervalSeconds({ REMINDER_INTERVAL_SECONDS: '' })).toBe(60);
    expect(reminderIntervalSeconds({ REMINDER_INTERVAL_SECONDS: '10' })).toBe(10);
    expect(reminderIntervalSeconds({ REMINDER_INTERVAL_SECONDS: '60' })).toBe(60);
  });

  it.each(['7', '0', '90', '2.5', 'ten', '-10'])('refuses %s, naming the variable', (value) => {
    expect(() => reminderIntervalSeconds({ REMINDER_INTERVAL_SECONDS: value })).toThrow(/REMINDER_INTERVAL_SECONDS must be .* \(got "/);
  });
});
