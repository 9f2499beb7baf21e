// GET /docs/errors: docs/errors.md, as this masq ships it. A masq-only error's `more_info` is
// `<public base URL>/docs/errors#<name>`, so it resolves on the server that answered, offline too, and
// documents that server's own version. Open like /docs: it is documentation, not account data.
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';
import { MASQ_ERROR_DOCS_PATH } from '../../domain/errors.ts';

// src/http/routes/ and dist/http/routes/ sit at the same depth, so this finds docs/ from either.
const ERRORS_DOC = new URL('../../../docs/errors.md', import.meta.url);

export const errorDocsRoutes: FastifyPluginAsync = async (app) => {
  // Read once when the app is built: the file does not change while masq runs.
  const markdown = await readFile(ERRORS_DOC, 'utf8');
  // Hidden from the OpenAPI document like /docs and /openapi.json: documentation, not API.
  app.get(MASQ_ERROR_DOCS_PATH, { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/markdown; charset=utf-8').send(markdown));
};
