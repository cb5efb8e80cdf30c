import type { Application } from 'express';

export interface RouteEntry {
  method: string;
  path: string;
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  /** A router's stack; or a router behind a guard (app.ts's onlyUnder). */
  handle?: { stack?: Layer[]; router?: { stack: Layer[] } };
}

/**
 * Every route the app answers, read from Express's own router (not a hand-written list), as
 * `METHOD /path` with the route's pattern. Routers here are mounted without a prefix, so a
 * route's pattern is its full path.
 */
export function routeTable(app: Application): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const walk = (stack: Layer[]): void => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, enabled] of Object.entries(layer.route.methods)) {
          if (enabled && method !== '_all') routes.push({ method: method.toUpperCase(), path: layer.route.path });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      } else if (layer.handle?.router) {
        walk(layer.handle.router.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return routes;
}
