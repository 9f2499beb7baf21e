// GET /v1/Porting/Portability/PhoneNumber/{E164}: whether a number can port in to masq, and whether the
// losing carrier will want a PIN and account number. masq's own rules come first (a number already in an
// inventory, or already in a port), then the gaining carrier's answer (its PortingPort, which for the
// sandbox is the simulated losing carrier).
import { AppError } from '../../domain/errors.ts';
import type { LineType } from '../../domain/porting/port-in.ts';
import { parseIdentifier } from '../../domain/phone-number.ts';
import type { PortingPort } from '../../ports/carrier.ts';
import type { AppDeps } from '../deps.ts';

export type PortNumberType = 'LOCAL' | 'MOBILE' | 'TOLL-FREE' | 'UNKNOWN';

export interface Portability {
  readonly phoneNumber: string;
  /** The account holding the number in masq, when it is the asking account (or one of its subaccounts). */
  readonly accountSid: string | null;
  readonly portable: boolean;
  readonly pinAndAccountNumberRequired: boolean;
  readonly notPortableReason: string | null;
  /** The Twilio error code that creating a port for the number would fail with (22133, 22137). */
  readonly notPortableReasonCode: number | null;
  readonly numberType: PortNumberType;
  readonly country: string | null;
  readonly lineType: LineType | null;
}

export const e164ForPort = (raw: string, field = 'PhoneNumber'): string => {
  const invalid = new AppError('phone-number-invalid', `${field} ${raw.slice(0, 40)} is not an E.164 phone number`);
  try {
    const parsed = parseIdentifier(raw.trim());
    if (parsed.kind === 'phone') return parsed.e164;
  } catch {
    throw invalid;
  }
  throw invalid;
};

/** The carrier account numbers port to: the installation's default carrier, which must support porting. */
export const gainingCarrier = (deps: Pick<AppDeps, 'carriers' | 'settings'>): { name: string; porting: PortingPort } => {
  const account = deps.carriers.get(deps.settings.defaultCarrier);
  if (!account.porting) throw new AppError('port-in-not-portable', `Carrier account ${account.name} (MASQ_DEFAULT_CARRIER) cannot port numbers in through masq`);
  return { name: account.name, porting: account.porting };
};

const typeOf = (lineType: LineType | null, tollFree: boolean): PortNumberType => {
  if (tollFree) return 'TOLL-FREE';
  if (lineType === 'wireless') return 'MOBILE';
  return lineType === 'wireline' ? 'LOCAL' : 'UNKNOWN';
};

const refused = (base: Omit<Portability, 'portable' | 'notPortableReason' | 'notPortableReasonCode' | 'pinAndAccountNumberRequired'>, reason: string, code: number): Portability => ({
  ...base, portable: false, pinAndAccountNumberRequired: false, notPortableReason: reason, notPortableReasonCode: code,
});

export const checkPortability = async (deps: AppDeps, accountSid: string, e164: string): Promise<Portability> => {
  const carrier = gainingCarrier(deps);
  const answer = await carrier.porting.portability(e164);
  const base = {
    phoneNumber: e164, accountSid: null, numberType: typeOf(answer.lineType, answer.tollFree), lineType: answer.lineType,
    country: e164.startsWith('+1') ? 'US' : null,
  };
  const live = await deps.store.findLiveNumber(e164);
  if (live) {
    const owner = live.accountSid === accountSid ? accountSid : null;
    return refused({ ...base, accountSid: owner }, owner ? 'The number is already in your account' : 'The number is already held in masq', 22133);
  }
  if (await deps.store.openPortFor(e164)) return refused(base, 'A port-in for this number is already in progress', 22137);
  if (!answer.portable) return refused(base, answer.reason ?? 'The number is not portable', 22133);
  return { ...base, portable: true, pinAndAccountNumberRequired: answer.lineType === 'wireless', notPortableReason: null, notPortableReasonCode: null };
};

/** The error creating a port for a number that is not portable raises. */
export const notPortableError = (p: Portability): AppError =>
  new AppError(p.notPortableReasonCode === 22137 ? 'port-in-in-progress' : 'port-in-not-portable', `${p.phoneNumber}: ${p.notPortableReason ?? 'not portable'}`);
