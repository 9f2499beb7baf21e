// The OpenAPI document of every documented route, at /openapi.json, rendered at /docs by swagger-ui
// from its bundled assets (no CDN: masq runs offline). Registered before the routes, because
// @fastify/swagger collects them as they are added.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const FORM = ['application/x-www-form-urlencoded'];

export const registerOpenApi = async (app: FastifyInstance, version: string): Promise<void> => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'masq',
        version,
        description: 'Twilio Proxy v1 compatible number masking (under /v1), masq extensions (under /masq/v1) and the sandbox network.',
      },
      components: { securitySchemes: { basic: { type: 'http', scheme: 'basic', description: 'AccountSid:AuthToken or ApiKeySid:Secret' } } },
      security: [{ basic: [] }],
      tags: [
        { name: 'IncomingPhoneNumbers', description: 'The numbers an account holds (2010-04-01 API): buy, list, update, release' },
        { name: 'Services' }, { name: 'PhoneNumbers' }, { name: 'ShortCodes' }, { name: 'Sessions' },
        { name: 'Participants' }, { name: 'Interactions' }, { name: 'MessageInteractions' },
        { name: 'Accounts' }, { name: 'Keys' }, { name: 'masq extensions' }, { name: 'Sandbox' }, { name: 'Operations' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
