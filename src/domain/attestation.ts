// STIR/SHAKEN: how far the originating carrier vouches for an inbound call's caller ID (did-platform §4.4).
// A (full): it knows the caller and that they may use the number; B (partial): it knows the caller only;
// C (gateway): it only knows where the call came in. Carriers report it in their own words:
//   Twilio and SignalWire: StirVerstat = TN-Validation-Passed-A|B|C, TN-Validation-Failed[-A|B|C], No-TN-Validation
//   Telnyx (TeXML): ShakenStirAttestation = A|B|C, ShakenStirValidated = true|false
// masq records it on the call's interaction in both words: Twilio's verstat, and the level with whether
// the signature was verified (docs/carriers.md, "STIR/SHAKEN").

import { invalidParameter } from './errors.ts';

export type AttestationLevel = 'A' | 'B' | 'C';

export interface Attestation {
  /** Null when the call carried no attestation, or one masq cannot read. */
  readonly level: AttestationLevel | null;
  /** Whether the terminating carrier verified the signature; null when it did not say. */
  readonly verified: boolean | null;
  /** What the carrier sent, as it came (bounded). */
  readonly raw: string;
}

/** A hostile webhook could send anything: more than this is not an attestation. */
const MAX_RAW = 64;
const VERSTAT = /^TN-Validation-(Passed|Failed)(?:-([ABC]))?$/i;
const NO_VALIDATION = /^No-TN-Validation$/i;

const levelOf = (text: string | undefined): AttestationLevel | null => {
  const upper = text?.trim().toUpperCase();
  return upper === 'A' || upper === 'B' || upper === 'C' ? upper : null;
};

/**
 * The level a routing decision may trust: none when the carrier reported that the signature failed
 * verification (TN-Validation-Failed-A claims A but proves nothing), so a flow that lets A-attested calls
 * through cannot be reached by a call that only claims it.
 */
export const trustedLevel = (a: Attestation | undefined): AttestationLevel | null => (a && a.verified !== false ? a.level : null);

/** Twilio's (and SignalWire's) StirVerstat; undefined when absent or empty. */
export const attestationFromVerstat = (verstat: string | undefined): Attestation | undefined => {
  const raw = verstat?.trim().slice(0, MAX_RAW);
  if (!raw) return undefined;
  const m = VERSTAT.exec(raw);
  if (m) return { level: levelOf(m[2]), verified: m[1]?.toLowerCase() === 'passed', raw };
  return { level: null, verified: null, raw };
};

/** Telnyx's ShakenStirAttestation and ShakenStirValidated; undefined when neither is there. */
export const attestationFromTelnyx = (attestation: string | undefined, validated: string | boolean | undefined): Attestation | undefined => {
  const raw = attestation?.trim().slice(0, MAX_RAW) ?? '';
  const said = typeof validated === 'boolean' ? validated : validated?.trim().toLowerCase();
  const verified = said === true || said === 'true' ? true : said === false || said === 'false' ? false : null;
  if (raw === '' && verified === null) return undefined;
  return { level: levelOf(raw), verified, raw };
};

/**
 * The sandbox's simulated call: a level letter (signed and verified) or a verstat, as a test wants it;
 * anything else is refused (80701), since the sandbox should only ever simulate what a carrier sends.
 */
export const attestationFromSandbox = (given: string | undefined): Attestation | undefined => {
  const level = levelOf(given);
  if (level && given) return { level, verified: true, raw: given.trim() };
  const parsed = attestationFromVerstat(given);
  if (parsed && !VERSTAT.test(parsed.raw) && !NO_VALIDATION.test(parsed.raw)) {
    throw invalidParameter('Attestation', 'Expected A, B, C or a verstat such as TN-Validation-Passed-A.');
  }
  return parsed;
};

/**
 * Twilio's verstat for any carrier's attestation: what Twilio-minded code reads. Null when Twilio's words
 * cannot say it truthfully (a level whose verification the carrier did not report).
 */
export const verstatOf = (a: Attestation): string | null => {
  if (VERSTAT.test(a.raw) || NO_VALIDATION.test(a.raw)) return a.raw;
  if (a.verified === null) return a.level === null ? 'No-TN-Validation' : null;
  return `TN-Validation-${a.verified ? 'Passed' : 'Failed'}${a.level === null ? '' : `-${a.level}`}`;
};

/** The fields an interaction's `data` JSON gets for an attested call. */
export const attestationData = (a: Attestation): Record<string, string | boolean | null> => ({
  stir_verstat: verstatOf(a),
  attestation: a.level,
  attestation_verified: a.verified,
});
