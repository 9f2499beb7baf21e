// Leases on carrier links (an SMPP bind): exactly one instance holds each, renewing it while it is up;
// one that stops renewing (it died, or lost the database) loses it when it expires, and another takes over.

export interface LinkLease {
  readonly name: string;
  /** The instance holding it (a random id per process). */
  readonly holder: string;
  readonly until: Date;
}

export interface LinkLeaseRepo {
  /**
   * Takes the lease on `name` for `holder` until `until`, or renews it: succeeds when nobody holds it,
   * when the holder's lease has ended (`until` <= now), or when `holder` holds it already. One statement
   * (an upsert whose update is conditional), so two instances racing for it cannot both win.
   */
  acquireLinkLease(name: string, holder: string, now: Date, until: Date): Promise<boolean>;
  /** Gives the lease up (a clean stop), so another instance takes the link over at once; another holder's lease is left alone. */
  releaseLinkLease(name: string, holder: string): Promise<void>;
  findLinkLease(name: string): Promise<LinkLease | null>;
}
