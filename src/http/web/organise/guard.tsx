/** @module Who may enter the workspace: signed-in organisers and admins; admins alone for accounts. */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { canSchedule, isAdmin } from '../../../domain/accounts.js';
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

export function notFoundHere(c: Context<WebEnv>, what: string): Response {
  return render(c, <NotFoundPage ctx={pageContext(c)} what={what} />, 404);
}
