/** @module What the page routes know about a request: the app's deps plus the signed-in user. */
import type { User } from '../../domain/accounts.js';
import type { AppEnv } from '../deps.js';

export interface WebEnv {
  Variables: AppEnv['Variables'] & {
    /** The signed-in user, or null for a visitor. */
    user: User | null;
    /** The token every POST form carries (the session's, or the visitor's cookie for sign-in). */
    csrf: string;
  };
}
