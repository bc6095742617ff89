/** @module Who may enter the workspace: signed-in organisers and admins; admins alone for accounts. */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { getEvent } from '../../../db/events.js';
import { canSchedule, isAdmin } from '../../../domain/accounts.js';
import type { CalendarEvent } from '../../../domain/event.js';
import { canSee } from '../../../domain/visibility.js';
import { ForbiddenPage } from '../../pages/signin.js';
import { NotFoundPage } from '../../pages/event.js';
import type { WebEnv } from '../env.js';
import { pageContext, render } from '../render.js';

export const requireScheduler = createMiddleware<WebEnv>(async (c, next) => {
  const user = c.get('user');
  if (!user) return c.redirect(`/signin?next=${encodeURIComponent(c.req.path)}`, 303);
  if (!canSchedule(user)) {
    return render(
      c,
      <ForbiddenPage
        ctx={pageContext(c)}
        message="Your account can see partner dates but not change the calendar. Ask an administrator if you need to."
      />,
      403,
    );
  }
  await next();
});

export const requireAdmin = createMiddleware<WebEnv>(async (c, next) => {
  if (!isAdmin(c.get('user'))) {
    return render(c, <ForbiddenPage ctx={pageContext(c)} message="Only administrators manage accounts." />, 403);
  }
  await next();
});

export function forbidden(c: Context<WebEnv>, message: string): Response {
  return render(c, <ForbiddenPage ctx={pageContext(c)} message={message} />, 403);
}

/**
 * The event with this id, when the signed-in organiser may see it: an organiser of some groups
 * does not see other groups' confidential business, not even by its address.
 */
export async function eventForViewer(c: Context<WebEnv>, id: string | undefined): Promise<CalendarEvent | null> {
  const event = id ? await getEvent(c.get('deps').store, id) : null;
  return event && canSee(c.get('viewer'), event) ? event : null;
}

export function notFoundHere(c: Context<WebEnv>, what: string): Response {
  return render(c, <NotFoundPage ctx={pageContext(c)} what={what} />, 404);
}
