// Where a send that gating would have blocked, but the account's mode let through ('warn'), is reported:
// the runtime logs it and counts it (prom-client, /metrics).
export interface SmsGateWarning {
  readonly accountSid: string;
  readonly interactionSid: string | null;
  /** 30032-30035. */
  readonly code: number;
  readonly from: string;
  readonly to: string;
  readonly message: string;
}

export interface SmsGateEvents {
  warned(warning: SmsGateWarning): void;
  /** Warnings so far in this process, by code: what /metrics reports as masq_sms_gate_warnings_total. */
  totals(): ReadonlyMap<number, number>;
}
