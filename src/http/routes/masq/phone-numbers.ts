// masq extension: a number in the account's inventory, and what it can do. Twilio learns a number's
// capabilities from the carrier; masq's operators state them, and choose the carrier it belongs to.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { numberFlowOf } from '../../../app/flows/number-flow.ts';
import { updateIncomingNumber } from '../../../app/incoming-numbers.ts';
import { fetchInventoryNumber, updateInventoryNumber } from '../../../app/update-inventory-number.ts';
import { parseNumberConfig } from '../../../domain/number-config.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { InventoryNumberJson, serializeInventoryNumber } from '../../serializers/phone-number.ts';
import { ERRORS, type RouteContext } from '../common.ts';

const Params = Type.Object({ Sid: Type.String({ description: 'PN SID' }) });
const UpdateBody = Type.Object({
  VoiceEnabled: Type.Optional(Type.Boolean({ description: 'Can place and receive calls' })),
  SmsEnabled: Type.Optional(Type.Boolean({ description: 'Can send and receive SMS' })),
  MmsEnabled: Type.Optional(Type.Boolean({ description: 'Can send and receive MMS' })),
  Carrier: Type.Optional(Type.String({ description: 'A configured carrier, e.g. sandbox' })),
  FriendlyName: Type.Optional(Type.String({ maxLength: 255 })),
  FlowSid: Type.Optional(Type.String({ description: 'The masq flow (FW...) that answers the number; empty detaches it' })),
  FlowRevision: Type.Optional(Type.String({ description: 'Pin a revision of the flow; empty follows the latest' })),
});

export const masqPhoneNumberRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['masq extensions'];

  app.get('/masq/v1/PhoneNumbers/:Sid', {
    schema: { tags, summary: 'Fetch an inventory number with its carrier and capabilities', params: Params, response: { 200: InventoryNumberJson, ...ERRORS } },
  }, async (request) => {
    const number = await fetchInventoryNumber(ctx.deps, accountOf(request).sid, request.params.Sid);
    return serializeInventoryNumber(number, ctx.base(request), await numberFlowOf(ctx.deps, number.accountSid, number.sid));
  });

  app.post('/masq/v1/PhoneNumbers/:Sid', {
    schema: { tags, summary: "Set a number's capabilities and carrier", consumes: FORM, params: Params, body: UpdateBody, response: { 200: InventoryNumberJson, ...ERRORS } },
  }, async (request) => {
    const b = request.body;
    const accountSid = accountOf(request).sid;
    // The flow first: a flow refused leaves the rest of the change unmade too.
    if (b.FlowSid !== undefined || b.FlowRevision !== undefined) {
      await fetchInventoryNumber(ctx.deps, accountSid, request.params.Sid);
      await updateIncomingNumber(ctx.deps, accountSid, request.params.Sid, { config: parseNumberConfig({ FlowSid: b.FlowSid, FlowRevision: b.FlowRevision }) }, accountSid);
    }
    const capabilities = b.VoiceEnabled === undefined && b.SmsEnabled === undefined && b.MmsEnabled === undefined
      ? undefined
      : { voice: b.VoiceEnabled, sms: b.SmsEnabled, mms: b.MmsEnabled };
    const number = await updateInventoryNumber(ctx.deps, accountSid, request.params.Sid, {
      capabilities,
      carrier: b.Carrier,
      friendlyName: b.FriendlyName,
    });
    return serializeInventoryNumber(number, ctx.base(request), await numberFlowOf(ctx.deps, accountSid, number.sid));
  });
};
