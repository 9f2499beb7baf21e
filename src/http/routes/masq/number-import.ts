// masq extension: POST /masq/v1/Numbers/Import brings one page of the numbers a carrier account already
// holds into the caller's inventory (`masq numbers import` loops the pages). Twilio has no such resource:
// its numbers are all its own; masq's come from the carrier accounts the operator configured.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { importOwnedNumbers } from '../../../app/import-owned-numbers.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { ErrorJson, Nullable } from '../../serializers/common.ts';
import { ERRORS, type RouteContext } from '../common.ts';

const ImportBody = Type.Object({
  Carrier: Type.String({ minLength: 1, description: 'The carrier account whose numbers to import, by its configured name (e.g. twilio)' }),
  PageToken: Type.Optional(Type.String({ minLength: 1, description: 'The next_page_token of the previous answer; none for the first page' })),
  PointAtMasq: Type.Optional(Type.Boolean({ description: "Set each imported number's voice and messaging webhooks at the carrier to masq's (default false: they stay as they are)" })),
});

const ImportJson = Type.Object({
  imported: Type.Array(Type.Object({ sid: Type.String({ description: 'PN SID of the new inventory record' }), phone_number: Type.String() })),
  skipped: Type.Array(Type.Object({ phone_number: Type.String(), reason: Type.String({ description: 'Why it was not imported' }) })),
  next_page_token: Nullable(Type.String({ description: 'Pass it as PageToken for the next page; null after the last page' })),
});

export const masqNumberImportRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  app.post('/masq/v1/Numbers/Import', {
    schema: {
      tags: ['masq extensions'],
      summary: 'Import one page of the numbers a carrier account already holds',
      consumes: FORM,
      body: ImportBody,
      // 403: a subaccount (carrier accounts are the installation's); 502: the carrier could not list its numbers.
      response: { 200: ImportJson, ...ERRORS, 403: ErrorJson, 502: ErrorJson },
    },
  }, async (request) => {
    const page = await importOwnedNumbers(ctx.deps, accountOf(request), {
      carrier: request.body.Carrier,
      pageToken: request.body.PageToken ?? null,
      pointAtMasq: request.body.PointAtMasq ?? false,
    });
    return {
      imported: page.imported.map((n) => ({ sid: n.sid, phone_number: n.phoneNumber })),
      skipped: page.skipped.map((n) => ({ phone_number: n.phoneNumber, reason: n.reason })),
      next_page_token: page.nextPageToken,
    };
  });
};
