// The registration half of the fake Telnyx API (fake-telnyx-api.ts): 10DLC brands (POST/GET/PUT
// /v2/10dlc/brand[/{id}], feedback), campaigns (POST /v2/10dlc/campaignBuilder, GET /v2/10dlc/campaign/{id}),
// number assignments (POST /v2/10dlc/phone_number_campaigns, GET …/{phoneNumber}) and toll-free verification
// requests (POST/GET /v2/messaging_tollfree/verification/requests[/{id}]). Answers are Telnyx's plain objects
// (no `data` envelope). What is registered starts pending; a test decides it with `setRegistration`, as TCR,
// the carriers and Telnyx's reviewers would, and reads what masq sent from the records.
import { randomUUID } from 'node:crypto';
import type { TelnyxServed } from './fake-telnyx-numbers.ts';

type Json = Record<string, unknown>;

export interface FakeTelnyx10dlc {
  /** Brands by brandId, campaigns by campaignId, toll-free requests by id: their JSON as Telnyx answers it. */
  readonly registrations: Map<string, Json>;
  /** Brand feedback categories by brandId (GET /10dlc/brand/feedback/{id}). */
  readonly brandFeedback: Map<string, { id: string; description: string; displayName: string; fields: string[] }[]>;
  /** Number assignments by phone number. */
  readonly numberCampaigns: Map<string, Json>;
  /** Phone numbers whose next assignment Telnyx refuses (422), once each. */
  readonly refuseAssignment: Set<string>;
  /** Changes a brand, campaign or toll-free request, as the registry's review would. */
  setRegistration(id: string, fields: Json): void;
}

const error = (status: number, code: string, title: string, detail: string): TelnyxServed => ({ status, body: { errors: [{ code, title, detail }] } });
const recordOf = (json: unknown): Json => (typeof json === 'object' && json !== null && !Array.isArray(json) ? Object.fromEntries(Object.entries(json)) : {});

export const telnyx10dlcRoute = () => {
  const state: FakeTelnyx10dlc = {
    registrations: new Map(),
    brandFeedback: new Map(),
    numberCampaigns: new Map(),
    refuseAssignment: new Set(),
    setRegistration: (id, fields) => {
      const found = state.registrations.get(id);
      if (!found) throw new Error(`no Telnyx registration ${id}`);
      Object.assign(found, fields);
    },
  };
  const create = (kind: string, fields: Json, idKey: string): TelnyxServed => {
    const id = randomUUID();
    const body = { ...fields, [idKey]: id, kind, createdAt: new Date().toISOString() };
    state.registrations.set(id, body);
    return { status: 200, body };
  };
  const read = (id: string, kind: string): TelnyxServed => {
    const found = state.registrations.get(id);
    return found?.kind === kind ? { status: 200, body: found } : error(404, '10005', 'Resource not found', `${kind} ${id}`);
  };
  const createCampaign = (json: unknown): TelnyxServed => {
    const body = recordOf(json);
    const brand = state.registrations.get(String(body.brandId));
    if (brand?.kind !== 'brand' || brand.status !== 'OK') return error(400, '10015', 'Invalid brand', 'The brand is not registered.');
    const duplicate = [...state.registrations.values()].some((r) => r.kind === 'campaign' && r.referenceId === body.referenceId);
    if (duplicate) return error(400, '10015', 'Duplicate referenceId', 'A campaign with this referenceId exists.');
    return create('campaign', { ...body, campaignStatus: 'TCR_PENDING', submissionStatus: 'CREATED', tcrCampaignId: null }, 'campaignId');
  };
  const assign = (json: unknown): TelnyxServed => {
    const body = recordOf(json);
    const phoneNumber = String(body.phoneNumber);
    const campaign = state.registrations.get(String(body.campaignId));
    if (campaign?.kind !== 'campaign') return error(404, '10005', 'Resource not found', `campaign ${String(body.campaignId)}`);
    if (state.refuseAssignment.delete(phoneNumber)) return error(422, '10015', 'Invalid phone number', 'Not assignable now.');
    if (state.numberCampaigns.has(phoneNumber)) return error(400, '10015', 'Already assigned', `${phoneNumber} is assigned to a campaign.`);
    const now = new Date().toISOString();
    const assignment = { phoneNumber, campaignId: body.campaignId, assignmentStatus: 'PENDING_ASSIGNMENT', createdAt: now, updatedAt: now };
    state.numberCampaigns.set(phoneNumber, assignment);
    return { status: 200, body: assignment };
  };
  const resolve = (method: string, url: URL): ((json: unknown) => TelnyxServed) | null => {
    const path = url.pathname;
    if (method === 'POST' && path === '/v2/10dlc/brand') {
      return (json) => create('brand', { ...recordOf(json), status: 'REGISTRATION_PENDING', identityStatus: 'UNVERIFIED' }, 'brandId');
    }
    const brand = /^\/v2\/10dlc\/brand\/([^/]+)$/.exec(path)?.[1];
    if (brand && method === 'GET') return () => read(brand, 'brand');
    if (brand && method === 'PUT') {
      return (json) => {
        const found = state.registrations.get(brand);
        if (found?.kind !== 'brand') return error(404, '10005', 'Resource not found', `brand ${brand}`);
        Object.assign(found, recordOf(json), { status: 'REGISTRATION_PENDING', failureReasons: null });
        state.brandFeedback.delete(brand);
        return { status: 200, body: found };
      };
    }
    const feedback = /^\/v2\/10dlc\/brand\/feedback\/([^/]+)$/.exec(path)?.[1];
    if (feedback && method === 'GET') return () => ({ status: 200, body: { brandId: feedback, category: state.brandFeedback.get(feedback) ?? [] } });
    if (method === 'POST' && path === '/v2/10dlc/campaignBuilder') return createCampaign;
    const campaign = /^\/v2\/10dlc\/campaign\/([^/]+)$/.exec(path)?.[1];
    if (campaign && method === 'GET') return () => read(campaign, 'campaign');
    if (method === 'POST' && path === '/v2/10dlc/phone_number_campaigns') return assign;
    const assigned = /^\/v2\/10dlc\/phone_number_campaigns\/([^/]+)$/.exec(path)?.[1];
    if (assigned && method === 'GET') {
      return () => {
        const found = state.numberCampaigns.get(decodeURIComponent(assigned));
        return found ? { status: 200, body: found } : error(404, '10005', 'Resource not found', assigned);
      };
    }
    if (method === 'POST' && path === '/v2/messaging_tollfree/verification/requests') {
      return (json) => create('tollfree', { ...recordOf(json), verificationStatus: 'Waiting For Telnyx' }, 'id');
    }
    const request = /^\/v2\/messaging_tollfree\/verification\/requests\/([^/]+)$/.exec(path)?.[1];
    if (request && method === 'GET') return () => read(request, 'tollfree');
    return null;
  };
  const reset = (): void => {
    state.registrations.clear();
    state.brandFeedback.clear();
    state.numberCampaigns.clear();
    state.refuseAssignment.clear();
  };
  return { state, resolve, reset };
};
