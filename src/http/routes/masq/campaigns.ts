// POST /masq/v1/Campaigns/{QE} Status=SUSPENDED | VERIFIED [Reason=...]: what a registry does to a live
// campaign and Twilio has no API for (docs/messaging.md): suspend it (its numbers' SMS then fail with 30033)
// or reinstate it. Answers with the campaign as Messaging v1 shows it.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { setCampaignStatus } from '../../../app/campaigns/set-campaign-status.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { StringEnum } from '../../serializers/common.ts';
import { CampaignJson, serializeCampaign } from '../../serializers/campaign.ts';
import { ERRORS, type RouteContext } from '../common.ts';

const Body = Type.Object({
  Status: StringEnum(['SUSPENDED', 'VERIFIED'] as const, 'SUSPENDED suspends a VERIFIED (or IN_PROGRESS) campaign; VERIFIED reinstates a SUSPENDED one'),
  Reason: Type.Optional(Type.String({ maxLength: 1_024, description: "Shown in the campaign's errors[] while it is suspended" })),
});

export const masqCampaignRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  app.post('/masq/v1/Campaigns/:Sid', {
    schema: {
      tags: ['masq: messaging registrations'], summary: 'Suspend or reinstate a 10DLC campaign', consumes: FORM,
      params: Type.Object({ Sid: Type.String() }), body: Body, response: { 200: CampaignJson, ...ERRORS },
    },
  }, async (request) => {
    const campaign = await setCampaignStatus(ctx.deps, accountOf(request).sid, request.params.Sid, request.body.Status, request.body.Reason || null);
    // The campaign's own URL is under the Messaging domain's prefix, wherever this extension was called.
    return serializeCampaign(campaign, `${ctx.base(request)}/messaging`);
  });
};
