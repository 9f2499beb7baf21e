// Fastify answers a known path asked with a method it does not have with 404; HTTP (and Twilio, code
// 20004) say 405 with an Allow header. The router cannot be asked which methods a concrete URL has, so
// every route's pattern is kept here, as the routes are added, to answer that question on a miss.
import type { FastifyInstance } from 'fastify';

export interface RouteMethods {
  /** The methods of the routes whose pattern matches this (raw, still percent-encoded) path. */
  allowedFor(pathname: string): string[];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/v1/Services/:Sid` -> ^/v1/Services/[^/]+/?$ ; a `*` segment matches the rest (static files). */
const patternOf = (url: string): RegExp => {
  const segments = url.split('/').map((segment) => {
    if (segment === '*') return '.*';
    if (segment.startsWith(':')) return '[^/]+';
    return escapeRegExp(segment);
  });
  // The app ignores one trailing slash (ignoreTrailingSlash).
  return new RegExp(`^${segments.join('/').replace(/\/$/, '')}/?$`);
};

/** Call before any route is added: the onRoute hook only sees routes added after it. */
export const collectRouteMethods = (app: FastifyInstance): RouteMethods => {
  const routes: { readonly method: string; readonly pattern: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const pattern = patternOf(route.url);
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) routes.push({ method, pattern });
  });
  return {
    allowedFor: (pathname) => [...new Set(routes.filter((r) => r.pattern.test(pathname)).map((r) => r.method))],
  };
};
