// Over UDP a 2xx to an INVITE is the transaction user's to retransmit (RFC 3261 §13.3.1.4): the `sip`
// library's server transaction sends it once and ends. masq sends it again, 500 ms doubling to 4 s, until
// the ACK arrives or 32 s (64 × T1) have gone by; a first 200 and a relayed re-INVITE's 200 alike.

const T1_MS = 500;
const T2_MS = 4_000;
const GIVE_UP_MS = 64 * T1_MS;

/** Starts resending; the returned function stops it (the ACK came, or the call is over). */
export const retransmitUntilAcked = (resend: () => void): (() => void) => {
  const started = Date.now();
  let timer: NodeJS.Timeout | null = null;
  const again = (wait: number): void => {
    timer = setTimeout(() => {
      if (Date.now() - started > GIVE_UP_MS) return;
      resend();
      again(Math.min(wait * 2, T2_MS));
    }, wait);
    timer.unref();
  };
  again(T1_MS);
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
};
