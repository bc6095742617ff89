/** Types for the workerd test modules these suites use (a subset of @cloudflare/vitest-pool-workers/types). */
declare module 'cloudflare:workers' {
  export const env: {
    DB: import('../../src/runtime/d1.js').D1Like;
    EMAIL: import('../../src/runtime/worker-mailer.js').SendEmailBinding;
    TEST_MIGRATIONS: { name: string; queries: string[] }[];
    [name: string]: any;
  };
}

declare module 'cloudflare:test' {
  export function applyD1Migrations(db: unknown, migrations: { name: string; queries: string[] }[], table?: string): Promise<void>;
  export function createExecutionContext(): { waitUntil(promise: Promise<unknown>): void; passThroughOnException(): void };
  export function waitOnExecutionContext(ctx: unknown): Promise<void>;
  export function createScheduledController(options?: { scheduledTime?: Date | number; cron?: string }): {
    scheduledTime: number;
    cron: string;
    noRetry(): void;
  };
}
