/**
 * globalSetup of the node test projects: ONE Chromium for the whole run (playwright-core's
 * `launchServer`, Debian's /usr/bin/chromium), which test files reach with `chromium.connect`
 * through `openChromium()` (test/web/support/browser.ts), each in its own browser contexts. The
 * projects run in one vitest process, so they share it: the first project's setup launches it, the
 * last teardown closes it.
 */
import { chromium, type BrowserServer } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_LAUNCH } from '../web/support/browser.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The WebSocket address of this run's shared Chromium. */
    chromiumWsEndpoint: string;
  }
}

const shared = globalThis as { safercalChromium?: { server: Promise<BrowserServer>; projects: number } };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const entry = (shared.safercalChromium ??= { server: chromium.launchServer(CHROMIUM_LAUNCH), projects: 0 });
  entry.projects++;
  project.provide('chromiumWsEndpoint', (await entry.server).wsEndpoint());
  return async () => {
    if (--entry.projects > 0) return;
    delete shared.safercalChromium;
    await (await entry.server).close();
  };
}
