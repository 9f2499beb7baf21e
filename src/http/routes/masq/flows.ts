// masq flows (docs/programmable-numbers.md, "Flows"), JSON or form bodies, on the authenticated account:
//   GET    /masq/v1/Flows                         the account's flows, oldest first
//   POST   /masq/v1/Flows                         FriendlyName, Definition, CommitMessage -> 201, revision 1
//   POST   /masq/v1/Flows/Validate                Definition -> {valid, problems}; nothing saved
//   GET    /masq/v1/Flows/{FW}                    with its latest definition
//   POST   /masq/v1/Flows/{FW}                    Definition, CommitMessage, ExpectedRevision, FriendlyName -> a new revision
//   DELETE /masq/v1/Flows/{FW}                    refused (409) while numbers use it
//   GET    /masq/v1/Flows/{FW}/Revisions[/{n}]
//   POST   /masq/v1/Flows/{FW}/DryRun             Channel, From, To, At, Digits, Attestation, Body, DialStatus, Revision
// A refused definition answers Studio's 81022 with `problems`: every bad field by its JSON Pointer.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { deleteFlow } from '../../../app/flows/delete-flow.ts';
import { dryRunFlow } from '../../../app/flows/dry-run-flow.ts';
import { FlowDefinitionInvalid, readDefinition } from '../../../app/flows/flow-definition.ts';
import { fetchFlow, fetchFlowRevision, listFlowRevisions, listFlows, revisionNumber } from '../../../app/flows/flow-reads.ts';
import { createFlow, updateFlow } from '../../../app/flows/save-flow.ts';
import { accountOf } from '../../plugins/auth.ts';
import { errorEnvelope } from '../../plugins/errors.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import {
  DryRunJson, FlowErrorJson, FlowJson, FlowRevisionJson, serializeDryRun, serializeFlow, serializeFlowRevision, serializeProblems, ValidationJson,
} from '../../serializers/flow.ts';
import { ERRORS, ListJson, listBody, listBodyBy, parseDateParam, type RouteContext } from '../common.ts';

const CONSUMES = [...FORM, 'application/json'];
const FLOW_ERRORS = { ...ERRORS, 400: FlowErrorJson, 409: FlowErrorJson };
const Definition = Type.Unknown({ description: 'The flow document: JSON text (a form field) or a JSON object (a JSON body)' });
const Params = Type.Object({ Sid: Type.String({ description: 'FW...' }) });
const RevisionParams = Type.Object({ Sid: Type.String(), Revision: Type.String({ description: '1, 2, ...' }) });
const Optional = (description: string) => Type.Optional(Type.String({ description }));

const CreateBody = Type.Object({
  FriendlyName: Type.String({ description: 'A name for the flow (1 to 255 characters)' }),
  Definition,
  CommitMessage: Optional('What this revision is'),
});
const UpdateBody = Type.Object({
  Definition,
  CommitMessage: Optional('What changed'),
  ExpectedRevision: Type.Optional(Type.Integer({ minimum: 1, description: 'The revision this change was made from: refused (409) when the flow has moved on' })),
  FriendlyName: Optional('A new name'),
});
const ValidateBody = Type.Object({ Definition });
const DryRunBody = Type.Object({
  Channel: Optional('voice (default) or message'),
  From: Type.String({ description: 'The caller or sender, E.164' }),
  To: Optional('The number called (shown as a forward\'s caller id when callerId is "number")'),
  At: Optional('When, ISO 8601 (default: now), e.g. 2026-12-06T21:00:00-05:00'),
  Digits: Optional('Keys pressed at each menu in turn, comma separated (an empty entry is silence), e.g. 9,1'),
  Attestation: Optional('A, B, C or none (default)'),
  Body: Optional('The message text (Channel=message)'),
  DialStatus: Optional('How forwards end: completed (default), busy, no-answer or failed'),
  Revision: Type.Optional(Type.Integer({ minimum: 1, description: 'Default: the latest' })),
});

/** A refused definition: the envelope, and every problem. */
const withProblems = async <T>(request: FastifyRequest, reply: FastifyReply, ctx: RouteContext, work: () => Promise<T>): Promise<T | FastifyReply> => {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof FlowDefinitionInvalid)) throw err;
    return reply.code(400).send({ ...errorEnvelope(err, ctx.base(request)), problems: serializeProblems(err.problems) });
  }
};

export const masqFlowRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['masq extensions'];

  app.get('/masq/v1/Flows', {
    schema: { tags, summary: "The account's flows, oldest first", querystring: PageQuery, response: { 200: ListJson('flows', FlowJson), ...ERRORS } },
  }, async (request) => {
    const parsed = parsePageQuery(request.query);
    const page = await listFlows(ctx.deps, accountOf(request).sid, parsed.request);
    return listBody('flows', page, parsed, request, ctx, (f) => serializeFlow(f, ctx.base(request), null));
  });

  app.post('/masq/v1/Flows', {
    schema: { tags, summary: 'Create a flow (its revision 1)', consumes: CONSUMES, body: CreateBody, response: { 201: FlowJson, ...FLOW_ERRORS } },
  }, async (request, reply) => withProblems(request, reply, ctx, async () => {
    const b = request.body;
    const { flow, revision } = await createFlow(ctx.deps, accountOf(request).sid, { friendlyName: b.FriendlyName, definition: b.Definition, commitMessage: b.CommitMessage ?? null });
    return reply.code(201).send(serializeFlow(flow, ctx.base(request), revision));
  }));

  app.post('/masq/v1/Flows/Validate', {
    schema: { tags, summary: 'Check a definition without saving it', consumes: CONSUMES, body: ValidateBody, response: { 200: ValidationJson, ...FLOW_ERRORS } },
  }, async (request, reply) => withProblems(request, reply, ctx, async () => {
    readDefinition(request.body.Definition);
    return { valid: true, problems: [] };
  }));

  app.get('/masq/v1/Flows/:Sid', {
    schema: { tags, summary: 'A flow, with its latest definition', params: Params, response: { 200: FlowJson, ...ERRORS } },
  }, async (request) => {
    const { flow, revision } = await fetchFlow(ctx.deps, accountOf(request).sid, request.params.Sid);
    return serializeFlow(flow, ctx.base(request), revision);
  });

  app.post('/masq/v1/Flows/:Sid', {
    schema: { tags, summary: 'Save a new revision of the flow', consumes: CONSUMES, params: Params, body: UpdateBody, response: { 200: FlowJson, ...FLOW_ERRORS } },
  }, async (request, reply) => withProblems(request, reply, ctx, async () => {
    const b = request.body;
    const { flow, revision } = await updateFlow(ctx.deps, accountOf(request).sid, request.params.Sid, {
      definition: b.Definition, commitMessage: b.CommitMessage ?? null, expectedRevision: b.ExpectedRevision ?? null, friendlyName: b.FriendlyName ?? null,
    });
    return serializeFlow(flow, ctx.base(request), revision);
  }));

  app.delete('/masq/v1/Flows/:Sid', {
    schema: { tags, summary: 'Delete a flow no number uses', params: Params, response: { 204: Type.Null(), ...FLOW_ERRORS } },
  }, async (request, reply) => {
    await deleteFlow(ctx.deps, accountOf(request).sid, request.params.Sid);
    return reply.code(204).send(null);
  });

  app.get('/masq/v1/Flows/:Sid/Revisions', {
    schema: { tags, summary: "The flow's revisions, oldest first", params: Params, querystring: PageQuery, response: { 200: ListJson('revisions', FlowRevisionJson), ...ERRORS } },
  }, async (request) => {
    const parsed = parsePageQuery(request.query);
    const page = await listFlowRevisions(ctx.deps, accountOf(request).sid, request.params.Sid, parsed.request);
    // Revisions page by their number: the cursor's "sid" is the revision (storage/flows-repo.ts).
    const keyOf = (r: { readonly dateCreated: Date; readonly revision: number }) => ({ dateCreated: r.dateCreated, sid: String(r.revision) });
    return listBodyBy('revisions', page, keyOf, parsed, request, ctx, (r) => serializeFlowRevision(r, ctx.base(request)));
  });

  app.get('/masq/v1/Flows/:Sid/Revisions/:Revision', {
    schema: { tags, summary: 'One revision of the flow', params: RevisionParams, response: { 200: FlowRevisionJson, ...ERRORS } },
  }, async (request) => {
    const { revision } = await fetchFlowRevision(ctx.deps, accountOf(request).sid, request.params.Sid, revisionNumber('Revision', request.params.Revision));
    return serializeFlowRevision(revision, ctx.base(request));
  });

  app.post('/masq/v1/Flows/:Sid/DryRun', {
    schema: { tags, summary: 'What the flow would do with a call or message: nothing is sent', consumes: CONSUMES, params: Params, body: DryRunBody, response: { 200: DryRunJson, ...ERRORS } },
  }, async (request) => {
    const b = request.body;
    const answer = await dryRunFlow(ctx.deps, accountOf(request).sid, request.params.Sid, {
      channel: b.Channel ?? null, from: b.From, to: b.To ?? null, at: parseDateParam('At', b.At) ?? null, digits: b.Digits ?? null,
      attestation: b.Attestation ?? null, body: b.Body ?? null, dialStatus: b.DialStatus ?? null, revision: b.Revision ?? null,
    });
    return serializeDryRun(answer);
  });
};
