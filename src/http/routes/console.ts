// /console/: the web console (console/, built by Vite into a directory the composition root hands in).
// Vite names every asset after a hash of its content, so /console/assets/* is cached for a year
// (immutable); index.html, which points at the current hashes, is revalidated on every load (no-cache).
// Any other /console/... path is a page of the single-page app, so it answers index.html and the
// client-side router shows the page (or its own "not found"). A missing asset is a real 404.
// The console holds no secrets: it is open, like /docs; it signs in against the API with Basic auth.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../domain/errors.ts';

export const CONSOLE_PATH = '/console';

export interface ConsoleRouteOptions {
  /** The built console (holding index.html and assets/). */
  readonly dir: string;
}

const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The pages run only the console's own scripts and styles and talk only to this origin; no other site
 * may frame them (clickjacking a signed-in console).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>masq console not built</title></head>
<body><main><h1>The masq console is not built</h1><p>Build it with <code>npm run build</code> (from a clone, <code>npm ci</code> does it),
or point <code>MASQ_CONSOLE_DIR</code> at a built console, then reload this page.</p></main></body></html>`;

/** The request's path is exactly /console (no slash): relative navigation needs the trailing slash. */
const isBareConsolePath = (request: FastifyRequest): boolean => {
  const path = request.url.split('?')[0];
  return path === CONSOLE_PATH;
};

const pageHeaders = (reply: FastifyReply): FastifyReply =>
  reply
    .header('Cache-Control', 'no-cache')
    .header('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Referrer-Policy', 'no-referrer');

export const consoleRoutes: FastifyPluginAsync<ConsoleRouteOptions> = async (app, { dir }) => {
  const indexFile = join(dir, 'index.html');
  // Registered even before a build exists, so /console/assets/* is always a file or a 404, never the page.
  await app.register(async (scope) => {
    // A missing asset is a 404: the app-wide handler would call it a 405 (a GET route matches the path).
    scope.setNotFoundHandler((request) => {
      throw notFound(new URL(request.url, 'http://masq.invalid').pathname);
    });
    await scope.register(fastifyStatic, {
      root: join(dir, 'assets'),
      decorateReply: false,
      index: false,
      schemaHide: true,
      maxAge: YEAR_SECONDS * 1000,
      immutable: true,
      // Vite's names are already unique per content: no listing, no dotfiles.
      dotfiles: 'ignore',
      suppressWarning: true,
    });
  }, { prefix: `${CONSOLE_PATH}/assets` });

  /** Read per request (it is small): a rebuild while masq runs is picked up on the next load. */
  const sendPage = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    if (isBareConsolePath(request)) {
      const query = request.url.slice(CONSOLE_PATH.length);
      return reply.redirect(`${CONSOLE_PATH}/${query}`, 301);
    }
    const html = await readFile(indexFile, 'utf8').catch(() => null);
    if (html === null) return pageHeaders(reply).code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    return pageHeaders(reply).type('text/html; charset=utf-8').send(html);
  };

  // With the router's ignoreTrailingSlash, `/console/` also matches `/console`, redirected by sendPage.
  app.get(`${CONSOLE_PATH}/`, { schema: { hide: true } }, sendPage);
  app.get(`${CONSOLE_PATH}/*`, { schema: { hide: true } }, sendPage);
};
