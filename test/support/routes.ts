/**
 * The app's own routes (Hono's `app.routes`), so sweeps over "every route" or "every JSON write
 * endpoint" cover endpoints added later without anyone updating a list.
 */

/** As much of a Hono app as the sweeps read. */
export interface RoutedApp {
  routes: readonly { method: string; path: string }[];
}

export interface AppRoute {
  method: string;
  /** Hono's pattern, e.g. /api/events/:id/occurrences/:recurrenceId */
  path: string;
  params: string[];
}

/** Every method-specific route, once each (middleware registered for ALL methods is left out). */
export function appRoutes(app: RoutedApp): AppRoute[] {
  const seen = new Map<string, AppRoute>();
  for (const route of app.routes) {
    if (route.method === 'ALL' || route.path.includes('*')) continue;
    const key = `${route.method} ${route.path}`;
    if (!seen.has(key))
      seen.set(key, { method: route.method, path: route.path, params: [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!) });
  }
  return [...seen.values()];
}

/** The JSON API's write endpoints (POST, PUT, PATCH under /api). */
export function jsonWriteRoutes(app: RoutedApp): AppRoute[] {
  return appRoutes(app).filter((r) => r.path.startsWith('/api/') && ['POST', 'PUT', 'PATCH'].includes(r.method));
}

/** The path with each :param replaced by the given text, used verbatim (already encoded or not). */
export function fillPath(route: AppRoute, values: Record<string, string>): string {
  // A parameter may carry Hono's pattern (:occurrence{[0-9]+…}): the pattern goes with it.
  return route.path.replace(/:(\w+)(?:\{[^}]*\})?/g, (_, name: string) => values[name] ?? 'no-such-id');
}

/** The route as `METHOD /path` with Hono's parameter patterns left out (:occurrence{…} → :occurrence). */
export function routeName(route: AppRoute): string {
  return `${route.method} ${route.path.replace(/\{[^}]*\}/g, '')}`;
}

/** Which kind of record a route's :id names, by the path it sits under. */
export function idKind(route: AppRoute): 'event' | 'group' | 'organisation' | 'other' {
  if (/\/events\/:id/.test(route.path)) return 'event';
  if (/\/groups\/:id/.test(route.path)) return 'group';
  if (/\/organisations\/:id/.test(route.path)) return 'organisation';
  return 'other';
}
