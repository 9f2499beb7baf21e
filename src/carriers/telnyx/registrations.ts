// Telnyx's registry (docs/messaging.md, "Real carriers"): masq is the customer of Telnyx's CSP, so brands
// are registered with Telnyx's 10DLC API from masq's brand profile (the A2P profile), campaigns through its
// campaign builder, numbers put in a campaign with phone_number_campaigns once it is provisioned, and
// toll-free numbers verified with its toll-free verification requests. Telnyx's statuses are mapped to
// Twilio's (registration-records.ts). The registration sweeper polls: masq does not take Telnyx's
// 10DLC webhooks yet.
import type { BrandProfileData } from '../../domain/messaging/brand-profile.ts';
import type { BrandRegistration } from '../../domain/messaging/brand.ts';
import type { Campaign } from '../../domain/messaging/campaign.ts';
import type { TollfreeVerification } from '../../domain/messaging/tollfree-verification.ts';
import { CarrierSendError } from '../../ports/carrier.ts';
import { RegistryRefusal, type BrandAnswer, type RegisteredNumber, type RegistrationPort } from '../../ports/registration.ts';
import type { JsonObject } from './json-fields.ts';
import { describeAnswer, isSuccess, TelnyxApi, type TelnyxAnswer, type TelnyxApiOptions } from './numbers-http.ts';
import {
  brandAnswerOf, brandBody, campaignAnswerOf, campaignBody, feedbackOf, tollfreeAnswerOf, tollfreeBody, type BrandFeedbackCategory,
} from './registration-records.ts';

type Method = 'GET' | 'POST' | 'PUT';

const refOf = (item: { readonly registry?: { readonly ref: string | null } }, what: string): string => {
  const ref = item.registry?.ref;
  if (!ref) throw new RegistryRefusal(`masq holds no Telnyx id for this ${what}`);
  return ref;
};

const requireProfile = (profile: BrandProfileData | null): BrandProfileData => {
  if (!profile) throw new RegistryRefusal('Telnyx registers a brand from its masq brand profile, and there is none');
  return profile;
};

export class TelnyxRegistrations implements RegistrationPort {
  /** Telnyx registers the business data itself: masq sends it from the brand's A2P profile. */
  readonly needsBrandProfile = true;
  readonly #api: TelnyxApi;

  constructor(options: TelnyxApiOptions) {
    this.#api = new TelnyxApi(options);
  }

  async submitBrand(brand: BrandRegistration, profile: BrandProfileData | null, now: Date): Promise<BrandAnswer> {
    const body = brandBody(brand, requireProfile(profile));
    const ref = brand.registry?.ref;
    // A FAILED brand is resubmitted by updating it with the profile as it is now: Telnyx registers it again.
    const json = ref
      ? await this.#ask('PUT', `/10dlc/brand/${encodeURIComponent(ref)}`, 'resubmit a brand', body)
      : await this.#ask('POST', '/10dlc/brand', 'register a brand', body);
    return this.#brandAnswer(json, now);
  }

  async checkBrand(brand: BrandRegistration, _profile: unknown, now: Date): Promise<BrandAnswer> {
    return this.#brandAnswer(await this.#ask('GET', `/10dlc/brand/${encodeURIComponent(refOf(brand, 'brand'))}`, 'read a brand'), now);
  }

  async submitCampaign({ campaign, brand }: { campaign: Campaign; brand: BrandRegistration }, now: Date) {
    return campaignAnswerOf(await this.#ask('POST', '/10dlc/campaignBuilder', 'register a campaign', campaignBody(campaign, refOf(brand, 'brand'))), now);
  }

  async checkCampaign(campaign: Campaign, _brand: unknown, now: Date) {
    return campaignAnswerOf(await this.#ask('GET', `/10dlc/campaign/${encodeURIComponent(refOf(campaign, 'campaign'))}`, 'read a campaign'), now);
  }

  /** Telnyx assigns asynchronously (PENDING_ASSIGNMENT): a request it took is enough; FAILED_ASSIGNMENT is a refusal. */
  async assignNumbers(campaign: Campaign, numbers: readonly RegisteredNumber[]): Promise<void> {
    const campaignId = refOf(campaign, 'campaign');
    for (const n of numbers) {
      const what = `assign ${n.e164} to campaign ${campaignId}`;
      const answer = await this.#api.call('POST', '/10dlc/phone_number_campaigns', what, { body: { phoneNumber: n.e164, campaignId } });
      const assignment = isSuccess(answer) ? answer.json : await this.#existingAssignment(n.e164, campaignId);
      if (!assignment) throw new RegistryRefusal(`Telnyx refused to ${what}: ${describeAnswer(answer)}`);
      if (assignment.assignmentStatus === 'FAILED_ASSIGNMENT') {
        throw new RegistryRefusal(`Telnyx could not ${what}: ${typeof assignment.failureReasons === 'string' ? assignment.failureReasons : 'FAILED_ASSIGNMENT'}`);
      }
    }
  }

  async submitTollfree(verification: TollfreeVerification, number: RegisteredNumber, now: Date) {
    const body = tollfreeBody(verification, number.e164);
    return tollfreeAnswerOf(await this.#ask('POST', '/messaging_tollfree/verification/requests', 'submit a toll-free verification', body), now);
  }

  async checkTollfree(verification: TollfreeVerification, now: Date) {
    const path = `/messaging_tollfree/verification/requests/${encodeURIComponent(refOf(verification, 'verification'))}`;
    return tollfreeAnswerOf(await this.#ask('GET', path, 'read a toll-free verification'), now);
  }

  /** The number's assignment when it is already in this campaign (a repeated assignment is not an error); null otherwise. */
  async #existingAssignment(e164: string, campaignId: string): Promise<JsonObject | null> {
    const answer = await this.#api.call('GET', `/10dlc/phone_number_campaigns/${encodeURIComponent(e164)}`, `read the campaign of ${e164}`);
    if (!isSuccess(answer) || !answer.json) return null;
    const { json } = answer;
    return json.campaignId === campaignId || json.telnyxCampaignId === campaignId ? json : null;
  }

  async #brandAnswer(json: JsonObject, now: Date): Promise<BrandAnswer> {
    const answer = brandAnswerOf(json, [], now);
    if (answer.status !== 'FAILED' || answer.ref === null) return answer;
    // Why it failed, with the fields at fault, is on the brand's feedback; without it the failure reasons text stands.
    const feedback = await this.#feedback(answer.ref);
    return feedback.length > 0 ? brandAnswerOf(json, feedback, now) : answer;
  }

  async #feedback(brandId: string): Promise<BrandFeedbackCategory[]> {
    const answer = await this.#api.call('GET', `/10dlc/brand/feedback/${encodeURIComponent(brandId)}`, 'read a brand\'s feedback');
    return isSuccess(answer) ? feedbackOf(answer.json) : [];
  }

  /** A 2xx answer's JSON (Telnyx's 10DLC answers are the object itself); a 4xx is Telnyx's refusal, passed on. */
  async #ask(method: Method, path: string, what: string, body?: unknown): Promise<JsonObject> {
    const answer: TelnyxAnswer = await this.#api.call(method, path, what, body === undefined ? {} : { body });
    if (!isSuccess(answer)) throw new RegistryRefusal(`Telnyx refused to ${what}: ${describeAnswer(answer)}`);
    // It may have acted: the registration sweeper's next poll, or the customer's retry, finds out.
    if (!answer.json) throw new CarrierSendError(`Telnyx answered ${what} without a JSON object (HTTP ${answer.status})`, false);
    return answer.json;
  }
}
