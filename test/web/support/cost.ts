/**
 * A cheap scrypt cost for accounts the tests create directly, so signing in takes milliseconds on
 * a busy machine. Accounts made through the pages and the CLI still get the real cost, and tests
 * check that; verification reads the cost from each stored hash either way.
 */
import type { ScryptCost } from '../../../src/domain/password.js';

export const TEST_COST: ScryptCost = { N: 2 ** 12, r: 8, p: 1 };
