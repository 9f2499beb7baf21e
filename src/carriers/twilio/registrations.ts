// Twilio's registry (docs/messaging.md, "Real carriers"): masq passes brands, campaigns and toll-free
// verifications through to Twilio's Messaging v1 as they are and copies Twilio's answers back
// (registration-records.ts). Brands name the customer's own Trust Hub bundles (BU…), passed as given. A
// campaign lives on a Twilio messaging service: masq creates one per masq messaging service (named after it)
// and puts the service's Twilio numbers in it once the campaign is verified. Twilio has no webhook for
// these statuses, so the registration sweeper polls.
import type { BrandRegistration } from '../../domain/messaging/brand.ts';
import type { Campaign } from '../../domain/messaging/campaign.ts';
import type { TollfreeVerification } from '../../domain/messaging/tollfree-verification.ts';
import { RegistryRefusal, type RegistrationPort } from '../../ports/registration.ts';
import { errorCodeOf, requireJson, TwilioApi, type ApiAnswer, type Method } from './numbers-http.ts';
import type { JsonRecord } from './numbers-records.ts';
import { brandAnswerOf, campaignAnswerOf, tollfreeAnswerOf } from './registration-records.ts';

/** Twilio's "phone number already in this messaging service": assigning it again is not an error. */
const ALREADY_IN_SERVICE = 21710;

/** Twilio's Messaging API host for its REST host; any other base (a fake, a proxy) serves every product. */
export const messagingUrlFor = (apiUrl: string): string => (new URL(apiUrl).host === 'api.twilio.com' ? 'https://messaging.twilio.com' : apiUrl.replace(/\/+$/, ''));

const form = (fields: Record<string, string | boolean | readonly string[] | null | undefined>): URLSearchParams => {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (value === null || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.append(key, String(v));
  }
  return out;
};

const campaignForm = (c: Campaign, brandRef: string): URLSearchParams => form({
  BrandRegistrationSid: brandRef, Description: c.description, MessageFlow: c.messageFlow, MessageSamples: c.messageSamples,
  UsAppToPersonUsecase: c.usecase, HasEmbeddedLinks: c.hasEmbeddedLinks, HasEmbeddedPhone: c.hasEmbeddedPhone, AgeGated: c.ageGated,
  DirectLending: c.directLending, PrivacyPolicyUrl: c.privacyPolicyUrl, TermsAndConditionsUrl: c.termsAndConditionsUrl,
  OptInMessage: c.optInMessage, OptOutMessage: c.optOutMessage, HelpMessage: c.helpMessage, OptInKeywords: c.optInKeywords,
  OptOutKeywords: c.optOutKeywords, HelpKeywords: c.helpKeywords, SubscriberOptIn: c.subscriberOptIn ?? undefined,
});

const tollfreeForm = (v: TollfreeVerification, numberSid: string): URLSearchParams => {
  const s = v.submission;
  return form({
    TollfreePhoneNumberSid: numberSid, BusinessName: s.businessName, BusinessWebsite: s.businessWebsite, NotificationEmail: s.notificationEmail,
    UseCaseCategories: s.useCaseCategories, UseCaseSummary: s.useCaseSummary, ProductionMessageSample: s.productionMessageSample,
    OptInImageUrls: s.optInImageUrls, OptInType: s.optInType, MessageVolume: s.messageVolume, CustomerProfileSid: s.customerProfileSid,
    BusinessStreetAddress: s.businessStreetAddress, BusinessStreetAddress2: s.businessStreetAddress2, BusinessCity: s.businessCity,
    BusinessStateProvinceRegion: s.businessStateProvinceRegion, BusinessPostalCode: s.businessPostalCode, BusinessCountry: s.businessCountry,
    AdditionalInformation: s.additionalInformation, BusinessContactFirstName: s.businessContactFirstName, BusinessContactLastName: s.businessContactLastName,
    BusinessContactEmail: s.businessContactEmail, BusinessContactPhone: s.businessContactPhone, ExternalReferenceId: s.externalReferenceId,
    BusinessRegistrationNumber: s.businessRegistrationNumber, BusinessRegistrationAuthority: s.businessRegistrationAuthority,
    BusinessRegistrationCountry: s.businessRegistrationCountry, BusinessType: s.businessType, DoingBusinessAs: s.doingBusinessAs,
    OptInConfirmationMessage: s.optInConfirmationMessage, HelpMessageSample: s.helpMessageSample, PrivacyPolicyUrl: s.privacyPolicyUrl,
    TermsAndConditionsUrl: s.termsAndConditionsUrl, AgeGatedContent: s.ageGatedContent ?? undefined, OptInKeywords: s.optInKeywords,
  });
};

const refOf = (item: { readonly registry?: { readonly ref: string | null } }, what: string): string => {
  const ref = item.registry?.ref;
  if (!ref) throw new RegistryRefusal(`masq holds no Twilio id for this ${what}`);
  return ref;
};

/** "{MG}/{QE}" as its two sids. */
const campaignRef = (c: Campaign): { service: string; campaign: string } => {
  const [service = '', campaign = ''] = refOf(c, 'campaign').split('/');
  return { service, campaign };
};

export class TwilioRegistrations implements RegistrationPort {
  readonly needsBrandProfile = false;
  readonly #api: TwilioApi;
  readonly #base: string;

  constructor(api: TwilioApi, messagingUrl: string) {
    this.#api = api;
    this.#base = messagingUrl;
  }

  async submitBrand(brand: BrandRegistration, _profile: unknown, now: Date) {
    const ref = brand.registry?.ref;
    // Twilio's resubmission is a POST to the brand with no body.
    const json = ref
      ? await this.#ask('POST', `/v1/a2p/BrandRegistrations/${ref}`, form({}), 'resubmit a brand')
      : await this.#ask('POST', '/v1/a2p/BrandRegistrations', form({
        CustomerProfileBundleSid: brand.customerProfileBundleSid, A2PProfileBundleSid: brand.a2pProfileBundleSid, BrandType: brand.brandType,
        Mock: brand.mock, SkipAutomaticSecVet: brand.skipAutomaticSecVet,
      }), 'register a brand');
    return brandAnswerOf(json, now);
  }

  async checkBrand(brand: BrandRegistration, _profile: unknown, now: Date) {
    return brandAnswerOf(await this.#ask('GET', `/v1/a2p/BrandRegistrations/${refOf(brand, 'brand')}`, null, 'read a brand'), now);
  }

  async submitCampaign({ campaign, brand }: { campaign: Campaign; brand: BrandRegistration }, now: Date) {
    const service = await this.#ask('POST', '/v1/Services', form({ FriendlyName: `masq ${campaign.messagingServiceSid}` }), 'create a messaging service');
    const serviceSid = String(service.sid ?? '');
    const json = await this.#ask('POST', `/v1/Services/${serviceSid}/Compliance/Usa2p`, campaignForm(campaign, refOf(brand, 'brand')), 'register a campaign');
    return campaignAnswerOf(json, serviceSid, now);
  }

  async checkCampaign(campaign: Campaign, _brand: unknown, now: Date) {
    const ref = campaignRef(campaign);
    return campaignAnswerOf(await this.#ask('GET', `/v1/Services/${ref.service}/Compliance/Usa2p/${ref.campaign}`, null, 'read a campaign'), ref.service, now);
  }

  async assignNumbers(campaign: Campaign, numbers: readonly { readonly carrierRef: string }[]) {
    const { service } = campaignRef(campaign);
    for (const n of numbers) {
      const answer = await this.#call('POST', `/v1/Services/${service}/PhoneNumbers`, form({ PhoneNumberSid: n.carrierRef }), 'add a number to a messaging service');
      if (answer.status >= 400 && errorCodeOf(answer) !== ALREADY_IN_SERVICE) throw new RegistryRefusal(this.#api.describe(answer));
    }
  }

  async submitTollfree(verification: TollfreeVerification, number: { readonly carrierRef: string }, now: Date) {
    return tollfreeAnswerOf(await this.#ask('POST', '/v1/Tollfree/Verifications', tollfreeForm(verification, number.carrierRef), 'submit a toll-free verification'), now);
  }

  async checkTollfree(verification: TollfreeVerification, now: Date) {
    return tollfreeAnswerOf(await this.#ask('GET', `/v1/Tollfree/Verifications/${refOf(verification, 'verification')}`, null, 'read a toll-free verification'), now);
  }

  #call(method: Method, path: string, body: URLSearchParams | null, what: string): Promise<ApiAnswer> {
    return this.#api.call(method, new URL(`${this.#base}${path}`), body, what);
  }

  /** A 2xx answer's JSON; a 4xx is Twilio's refusal, passed on with its code and message. */
  async #ask(method: Method, path: string, body: URLSearchParams | null, what: string): Promise<JsonRecord> {
    const answer = await this.#call(method, path, body, what);
    if (answer.status >= 400) throw new RegistryRefusal(this.#api.describe(answer));
    return requireJson(this.#api, answer, what);
  }
}

/** The registry of a Twilio account, on its own API client (the messaging host's). */
export const twilioRegistrations = (o: { readonly accountSid: string; readonly authToken: string; readonly apiUrl: string }): TwilioRegistrations =>
  new TwilioRegistrations(new TwilioApi({
    carrierName: 'Twilio', accountSid: o.accountSid, authToken: o.authToken, apiUrl: o.apiUrl, timeoutMs: 10_000, maxAttempts: 3, retryDelayMs: 500,
  }), messagingUrlFor(o.apiUrl));
