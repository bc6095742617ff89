/**
 * @module Private feeds from the workspace: make one for a partner organisation or a group member
 * (the address is shown once, in the answer to the form, never stored or shown again), list them,
 * revoke one. The same rules as the API and the CLI (src/feeds/owner.ts).
 */
import { Hono, type Context } from 'hono';
import { listOrganisations } from '../../../db/directory.js';
import { createFeedSubscription, listFeedSubscriptions, revokeFeedSubscription } from '../../../db/feed-subscriptions.js';
import { privateFeedUrls, resolveFeedOwner } from '../../../feeds/owner.js';
import { naming } from '../../../feeds/service.js';
import { FeedMadePage, FeedsPage, type FeedFormValues } from '../../pages/organise/feeds.js';
import type { WebEnv } from '../env.js';
import { formText, type FormBody } from '../form.js';
import { textQuery } from '../query.js';
import { pageContext, render } from '../render.js';
import { notFoundHere } from './guard.js';

const EMPTY: FeedFormValues = { for: 'partner', partner: '', email: '', label: '' };

/** The owner errors of the API, in the words of this form. */
const FORM_WORDS: Record<string, string> = {
  'give either partner (an organisation id) or email (a group member), not both or neither': 'Choose a partner organisation or a member',
  'must be an organisation id': 'Choose an organisation',
  'no organisation with this id (see GET /api/organisations)': 'Choose an organisation from the list',
  'is not a member of any group; add them to a group first (POST /api/groups/{id}/members)':
    'is not a member of any group: add them to a group in the Directory first',
  'must be an email address like member@example.org': 'must be an email address, like name@example.org',
};

async function showList(c: Context<WebEnv>, values: FeedFormValues, errors: Map<string, string>, status: 200 | 400 = 200) {
  const { store } = c.get('deps');
  const [feeds, organisations] = await Promise.all([listFeedSubscriptions(store), listOrganisations(store)]);
  return render(
    c,
    <FeedsPage
      ctx={pageContext(c)}
      feeds={feeds.reverse()}
      organisations={new Map(organisations.map((o) => [o.id, o.name]))}
      values={values}
      errors={errors}
      done={textQuery(c, 'done')}
    />,
    status,
  );
}

export function feedPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();

  app.get('/organise/feeds', (c) => showList(c, EMPTY, new Map()));

  app.post('/organise/feeds', async (c) => {
    const { store, config, clock } = c.get('deps');
    const body = (await c.req.parseBody()) as FormBody;
    const values: FeedFormValues = {
      for: formText(body, 'for') === 'member' ? 'member' : 'partner',
      partner: formText(body, 'partner'),
      email: formText(body, 'email').trim().toLowerCase(),
      label: formText(body, 'label').trim(),
    };
    const errors = new Map<string, string>();
    if (values.for === 'partner' && !values.partner) errors.set('partner', 'Choose an organisation');
    if (values.for === 'member' && !values.email) errors.set('email', 'is needed for a member’s feed');
    if (values.label.length > 100) errors.set('label', 'must be 100 characters or fewer');
    if (errors.size) return showList(c, values, errors, 400);
    const resolved = await resolveFeedOwner(store, {
      ...(values.for === 'partner' ? { partner: values.partner } : { email: values.email }),
      ...(values.label ? { label: values.label } : {}),
    });
    if (!resolved.ok) {
      for (const e of resolved.errors) errors.set(e.field, FORM_WORDS[e.message] ?? e.message);
      return showList(c, values, errors, 400);
    }
    const { token, subscription } = await createFeedSubscription(store, resolved.owner, { actor: c.get('actor'), now: clock() });
    const route = { kind: 'private' as const, audience: subscription.organisationId ? ('partner' as const) : ('member' as const) };
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'same-origin');
    return render(
      c,
      <FeedMadePage
        ctx={pageContext(c)}
        label={subscription.label}
        name={naming(config.partnershipName, route, '', '').name}
        feedUrl={privateFeedUrls(config.publicUrl, token).feedUrl}
      />,
      201,
    );
  });

  app.post('/organise/feeds/:id/revoke', async (c) => {
    const { store, clock } = c.get('deps');
    const revoked = await revokeFeedSubscription(store, c.req.param('id'), { actor: c.get('actor'), now: clock() });
    if (!revoked) return notFoundHere(c, 'There is no live private feed with this id.');
    return c.redirect('/organise/feeds?done=revoked', 303);
  });

  return app;
}
