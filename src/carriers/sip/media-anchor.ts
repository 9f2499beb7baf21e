// Media anchoring: a B2BUA that only relays signalling still copies each side's SDP to the other, so the caller and
// the callee learn each other's media addresses (c=/m= lines). An anchor rewrites the SDP so that RTP flows through
// a relay (rtpengine) and each side sees only the relay's address. One anchored call per masked call: callId is the
// A-leg's Call-ID, fromTag A's From-tag, toTag the B-leg's To-tag.

export interface MediaAnchor {
  /** The A-leg's offer: the SDP to send on the B-leg (media through the relay). */
  offer(call: { readonly callId: string; readonly fromTag: string; readonly sdp: string }): Promise<string>;
  /** The B-leg's answer: the SDP to send to A. */
  answer(call: {
    readonly callId: string;
    readonly fromTag: string;
    readonly toTag: string;
    readonly sdp: string;
  }): Promise<string>;
  /** The call ended: release its media ports (errors are logged, never thrown). */
  delete(call: { readonly callId: string; readonly fromTag: string }): Promise<void>;
}
