/** @module The accessibility statement page, linked from every footer. */
import { Hono } from 'hono';
import { AccessibilityPage } from '../pages/accessibility.js';
import type { WebEnv } from './env.js';
import { pageContext, render } from './render.js';

/** The address in "Name <address>" or a bare address. */
function addressOf(mailbox: string): string {
  return /<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox.trim();
}

export function accessibilityPages(): Hono<WebEnv> {
  const app = new Hono<WebEnv>();
  app.get('/accessibility', (c) =>
    render(c, <AccessibilityPage ctx={pageContext(c)} contactEmail={addressOf(c.get('deps').config.mailFrom)} />),
  );
  return app;
}
