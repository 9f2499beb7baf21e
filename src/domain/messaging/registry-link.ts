// Which registry decides a brand, campaign or toll-free verification, and its id there. masq is not a TCR
// CSP (did-wire-contract §5.3 point 4): a registration either goes to the carrier account of the numbers
// involved, when that carrier has a registration API (Twilio, Telnyx), or is decided by masq's own sandbox
// registry (every other account, and everything registered before carriers had registries).

export interface RegistryLink {
  /** The carrier account whose registry holds it; null: masq's own (sandbox) registry. */
  readonly carrier: string | null;
  /** The carrier's id for it (Twilio's BN/QE/HH sid, Telnyx's brandId/campaignId/request id); null when none yet. */
  readonly ref: string | null;
  /**
   * Campaigns only: a number joined the messaging service after the campaign was verified and the carrier
   * did not take it then; the registration sweeper's next poll puts the service's numbers in the campaign.
   */
  readonly assignPending?: boolean;
}

export const MASQ_REGISTRY: RegistryLink = { carrier: null, ref: null };

/** How often a registration still pending at a carrier is asked about again (the registration sweeper's poll). */
export const CARRIER_POLL_SECONDS = 300;

/**
 * How often a registration a carrier approved is asked about again: carriers suspend campaigns and brands
 * later (Telnyx TCR_SUSPENDED, Twilio's 21729), and the SMS gate must hear of it (30033).
 */
export const CARRIER_RECHECK_SECONDS = 86_400;

export const registryOf = (item: { readonly registry?: RegistryLink }): RegistryLink => item.registry ?? MASQ_REGISTRY;
