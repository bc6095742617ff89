/**
 * The page and feed requests of the scaling benchmark (bench/scale.ts) that any visitor makes,
 * signed out: what a load balancer spreads over instances. One list, for benchmarks that compare
 * deployments rather than calendar sizes (bench/instances.ts).
 */
import { DateTime } from 'luxon';

export interface BenchRequest {
  name: string;
  path: string;
}

/** As of today (UK): the home page, month and year views, the API's lists, and the public feed (warm). */
export function publicRequests(today = DateTime.now().setZone('Europe/London').toISODate()!): BenchRequest[] {
  const to = DateTime.fromISO(today).plus({ days: 730 }).toISODate();
  return [
    { name: 'GET / (home page)', path: '/' },
    { name: 'GET /calendar/month', path: '/calendar/month' },
    { name: 'GET /calendar/year', path: '/calendar/year' },
    { name: 'GET /api/events?limit=100', path: '/api/events?limit=100' },
    { name: 'GET /api/occurrences, 731-day window', path: `/api/occurrences?from=${today}&to=${to}` },
    { name: 'public feed (warm)', path: '/feeds/public.ics' },
  ];
}
