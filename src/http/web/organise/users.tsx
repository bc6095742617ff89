/** @module Accounts for administrators: list, create (scrypt-hashed password), stop and allow sign-in. */
import { Hono, type Context } from 'hono';
import { listGroups } from '../../../db/directory.js';
import { ConflictError } from '../../../db/store.js';
import { createUser, getUser, listUsers, setDisabled } from '../../../db/users.js';
import { validateNewUser } from '../../../domain/accounts.js';
import { hashPassword } from '../../../domain/password.js';
import type { FieldError } from '../../../domain/validation.js';
import { formErrors } from '../../pages/components.js';
import { UsersPage } from '../../pages/organise/users.js';
import type { WebEnv } from '../env.js';
import { textQuery } from '../query.js';
import { pageContext, render } from '../render.js';
import { notFoundHere, requireAdmin } from './guard.js';

async function show(
  c: Context<WebEnv>,
  values = { email: '', role: 'organiser', groupIds: [] as string[] },
  errors: FieldError[] = [],
  status: 200 | 400 | 409 = 200,
) {
  const { store } = c.get('deps');
  const [users, groups] = await Promise.all([listUsers(store), listGroups(store)]);
  return render(
    c,
    <UsersPage
      ctx={pageContext(c)}
      users={users}
      groups={groups.map((g) => [g.id, g.name])}
      values={values}
      errors={formErrors(errors, {})}
      done={textQuery(c, 'done')}
    />,
    status,
  );
}

export function userPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.use('/organise/users', requireAdmin);
  app.use('/organise/users/*', requireAdmin);

  app.get('/organise/users', (c) => show(c));

  app.post('/organise/users', async (c) => {
    const { store, clock } = c.get('deps');
    const body = await c.req.parseBody({ all: true });
    const one = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const raw = body.groupIds;
    const groupIds = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((g): g is string => typeof g === 'string');
    const values = { email: one('email').trim(), role: one('role'), groupIds };
    const result = validateNewUser({ ...values, password: one('password') });
    if (!result.ok) return show(c, values, result.errors, 400);
    const known = new Set((await listGroups(store)).map((g) => g.id));
    if (groupIds.some((g) => !known.has(g)))
      return show(c, values, [{ field: 'groupIds', message: 'has a group that no longer exists' }], 400);
    try {
      const { password, ...fields } = result.value;
      await createUser(
        store,
        { ...fields, passwordHash: await hashPassword(password, undefined, c.get('deps').scrypt) },
        { actor: c.get('actor'), now: clock() },
      );
    } catch (error) {
      if (error instanceof ConflictError) return show(c, values, [{ field: error.field, message: error.message }], 409);
      throw error;
    }
    return c.redirect('/organise/users?done=created', 303);
  });

  for (const action of ['disable', 'enable'] as const) {
    app.post(`/organise/users/:id/${action}`, async (c) => {
      const { store, clock } = c.get('deps');
      const user = await getUser(store, c.req.param('id'));
      if (!user || user.id === c.get('user')!.id) return notFoundHere(c, 'There is no other account with this id.');
      await setDisabled(store, user, action === 'disable', { actor: c.get('actor'), now: clock() });
      return c.redirect(`/organise/users?done=${action}d`, 303);
    });
  }
  return app;
}
