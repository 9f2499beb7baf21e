// The sandbox registry's review of a campaign (docs/messaging.md, "The sandbox registry: campaigns"): the
// checks TCR and the carriers' vetting make most often, each failing with Twilio's vetting code and the
// wire fields it concerns. An empty list means the campaign is verified.
import type { CampaignContent, CampaignError, CampaignKeywords } from './campaign.ts';

export const DESCRIPTION_MIN = 40;
export const DESCRIPTION_MAX = 4_096;
export const MESSAGE_FLOW_MIN = 40;
export const MESSAGE_FLOW_MAX = 2_048;
export const SAMPLE_MIN = 20;
export const SAMPLE_MAX = 1_024;
export const SAMPLES_MAX = 5;

/** Twilio's vetting rejection codes the sandbox reports. */
export const CAMPAIGN_ERROR_CODES = {
  description: 30886,
  optOut: 30887,
  samples: 30893,
  optIn: 30896,
  /** Any other carrier rejection (Twilio's catch-all): the sandbox uses it for the HELP rules. */
  other: 30899,
  /** Suspension (the registry's or an operator's action). */
  suspended: 30990,
} as const;

/** How many samples a use case needs: TCR asks for one from a sole proprietor, two from anyone else. */
export const samplesNeeded = (usecase: string): number => (usecase === 'SOLE_PROPRIETOR' ? 1 : 2);

/** Words that tell a reader how to stop messages; one sample must carry one (with the opt-out keywords given). */
const OPT_OUT_WORDS = ['STOP', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPT OUT', 'OPT-OUT', 'OPTOUT'];

const mentionsOptOut = (text: string, keywords: readonly string[]): boolean => {
  const upper = text.toUpperCase();
  return [...OPT_OUT_WORDS, ...keywords.map((k) => k.toUpperCase())].some((word) => word !== '' && upper.includes(word));
};

const lengthError = (value: string, min: number, max: number): boolean => value.trim().length < min || value.length > max;

const checkSamples = (samples: readonly string[], usecase: string, keywords: readonly string[]): CampaignError[] => {
  const errors: CampaignError[] = [];
  const needed = samplesNeeded(usecase);
  if (samples.length < needed || samples.length > SAMPLES_MAX) {
    errors.push({ errorCode: CAMPAIGN_ERROR_CODES.samples, description: `The ${usecase} use case needs ${needed} to ${SAMPLES_MAX} sample messages.`, fields: ['MESSAGE_SAMPLES'] });
  }
  if (samples.some((sample) => lengthError(sample, SAMPLE_MIN, SAMPLE_MAX))) {
    errors.push({ errorCode: CAMPAIGN_ERROR_CODES.samples, description: `Each sample message must be ${SAMPLE_MIN} to ${SAMPLE_MAX} characters.`, fields: ['MESSAGE_SAMPLES'] });
  }
  if (samples.length > 0 && !samples.some((sample) => mentionsOptOut(sample, keywords))) {
    errors.push({ errorCode: CAMPAIGN_ERROR_CODES.samples, description: 'At least one sample message must tell the recipient how to opt out (e.g. "Reply STOP to opt out").', fields: ['MESSAGE_SAMPLES'] });
  }
  return errors;
};

const checkKeywords = (k: CampaignKeywords): CampaignError[] => {
  const errors: CampaignError[] = [];
  if (k.optOutKeywords.length > 0 && !k.optOutKeywords.some((word) => word.trim().toUpperCase() === 'STOP')) {
    errors.push({ errorCode: CAMPAIGN_ERROR_CODES.optOut, description: 'The opt-out keywords must include STOP.', fields: ['OPT_OUT_KEYWORDS'] });
  }
  if (k.optOutKeywords.length > 0 && (k.optOutMessage ?? '').trim() === '') {
    errors.push({ errorCode: CAMPAIGN_ERROR_CODES.optOut, description: 'Opt-out keywords need an opt-out message confirming that no further messages will be sent.', fields: ['OPT_OUT_MESSAGE'] });
  }
  if (k.optInKeywords.length > 0 && (k.optInMessage ?? '').trim() === '') {
    errors.push({ errorCode: CAMPAIGN_ERROR_CODES.optIn, description: 'Opt-in keywords need an opt-in message.', fields: ['OPT_IN_MESSAGE'] });
  }
  if ((k.helpMessage ?? '').trim() === '') {
    errors.push({ errorCode: CAMPAIGN_ERROR_CODES.other, description: 'A HELP message (who is sending and how to reach them) is required.', fields: ['HELP_MESSAGE'] });
  }
  return errors;
};

/** The sandbox registry's verdict on a campaign: its errors, none when it is verified. */
export const reviewCampaign = (content: CampaignContent, keywords: CampaignKeywords, usecase: string): readonly CampaignError[] => {
  const errors: CampaignError[] = [];
  if (lengthError(content.description, DESCRIPTION_MIN, DESCRIPTION_MAX)) {
    errors.push({ errorCode: CAMPAIGN_ERROR_CODES.description, description: `The campaign description must be ${DESCRIPTION_MIN} to ${DESCRIPTION_MAX} characters and say who sends what to whom.`, fields: ['DESCRIPTION'] });
  }
  if (lengthError(content.messageFlow, MESSAGE_FLOW_MIN, MESSAGE_FLOW_MAX)) {
    errors.push({ errorCode: CAMPAIGN_ERROR_CODES.optIn, description: `The message flow must be ${MESSAGE_FLOW_MIN} to ${MESSAGE_FLOW_MAX} characters and say how recipients opt in.`, fields: ['MESSAGE_FLOW'] });
  }
  return [...errors, ...checkSamples(content.messageSamples, usecase, keywords.optOutKeywords), ...checkKeywords(keywords)];
};
