// Why a losing carrier rejects a port: Telnyx's 21 porting exception types (PortingOrdersExceptionType)
// adopted as masq's rejection codes (did-wire-contract §5.2). Twilio's per-number `rejection_reason_code`
// is an integer with no published list, so masq numbers them itself: 1001.. in Telnyx's order. The name
// goes on the wire as `masq_rejection_code`.

export const REJECTION_CODES = {
  ACCOUNT_NUMBER_MISMATCH: { code: 1001, reason: 'The account number does not match the losing carrier\'s records' },
  AUTH_PERSON_MISMATCH: { code: 1002, reason: 'The authorized person does not match the losing carrier\'s records' },
  BTN_ATN_MISMATCH: { code: 1003, reason: 'The billing telephone number does not match the losing carrier\'s records' },
  ENTITY_NAME_MISMATCH: { code: 1004, reason: 'The customer name does not match the losing carrier\'s records' },
  FOC_EXPIRED: { code: 1005, reason: 'The firm order commitment expired' },
  FOC_REJECTED: { code: 1006, reason: 'The losing carrier rejected the firm order commitment' },
  LOCATION_MISMATCH: { code: 1007, reason: 'The service address does not match the losing carrier\'s records' },
  LSR_PENDING: { code: 1008, reason: 'Another local service request is pending on the account' },
  MAIN_BTN_PORTING: { code: 1009, reason: 'The main billing number is being ported without instructions for the rest of the account' },
  OSP_IRRESPONSIVE: { code: 1010, reason: 'The losing carrier did not respond' },
  OTHER: { code: 1011, reason: 'The losing carrier rejected the port' },
  PASSCODE_PIN_INVALID: { code: 1012, reason: 'The PIN or passcode is missing or does not match the losing carrier\'s records' },
  PHONE_NUMBER_HAS_SPECIAL_FEATURE: { code: 1013, reason: 'The number has a feature that must be removed before it can port' },
  PHONE_NUMBER_MISMATCH: { code: 1014, reason: 'The number is not on the account' },
  PHONE_NUMBER_NOT_PORTABLE: { code: 1015, reason: 'The number is not portable' },
  PORT_TYPE_INCORRECT: { code: 1016, reason: 'The port type is incorrect' },
  PORTING_ORDER_SPLIT_REQUIRED: { code: 1017, reason: 'The request must be split' },
  POSTAL_CODE_MISMATCH: { code: 1018, reason: 'The postal code does not match the losing carrier\'s records' },
  RATE_CENTER_NOT_PORTABLE: { code: 1019, reason: 'The rate center is not served by the gaining carrier' },
  SV_CONFLICT: { code: 1020, reason: 'Another subscription version exists for the number' },
  SV_UNKNOWN_FAILURE: { code: 1021, reason: 'The number could not be activated' },
} as const;

export type RejectionCode = keyof typeof REJECTION_CODES;

export const isRejectionCode = (value: string): value is RejectionCode => Object.hasOwn(REJECTION_CODES, value);

export interface Rejection {
  readonly masqCode: RejectionCode;
  readonly code: number;
  readonly reason: string;
}

/** The wire's view of a stored code; null for none (or a code this version does not know). */
export const rejectionOf = (stored: string | null): Rejection | null =>
  stored !== null && isRejectionCode(stored) ? { masqCode: stored, ...REJECTION_CODES[stored] } : null;
