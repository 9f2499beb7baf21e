// One side of a masked call as a SIP dialog (RFC 3261 §12): what masq needs to send requests in it (BYE, a
// relayed re-INVITE, the ACK of a 2xx) and to tell which dialog an incoming request belongs to.
import type { SipAddress } from 'sip';
import { contactUri, headerText, tagOf, uriText, type SipMessage } from './sip-message.ts';
import type { SipTransport } from './sip-stack.ts';

export interface Dialog {
  readonly callId: string;
  /** masq's side: its URI and tag. */
  readonly local: SipAddress;
  /** The peer's side; its tag is null until the peer answers (a B-leg before its first response with a To-tag). */
  remote: SipAddress;
  remoteTarget: string;
  routeSet: SipAddress[];
  localSeq: number;
  readonly transport: SipTransport;
  /** masq's Contact URI in this dialog. */
  readonly contact: string;
}

const tagged = (address: SipAddress, tag: string | null): SipAddress => ({
  ...(address.name !== undefined ? { name: address.name } : {}),
  uri: address.uri,
  params: tag === null ? { ...address.params } : { ...address.params, tag },
});

/** The A-leg dialog, masq as the callee: its To-tag is masq's. */
export const calleeDialog = (invite: SipMessage, localTag: string, transport: SipTransport, contact: string): Dialog => ({
  callId: invite.headers['call-id'],
  local: tagged(invite.headers.to, localTag),
  remote: tagged(invite.headers.from, tagOf(invite.headers.from)),
  remoteTarget: contactUri(invite) ?? uriText(invite.headers.from.uri),
  routeSet: [...(invite.headers['record-route'] ?? [])],
  localSeq: 0,
  transport,
  contact,
});

/** The B-leg dialog, masq as the caller, before any answer. */
export const callerDialog = (invite: SipMessage, transport: SipTransport, contact: string): Dialog => ({
  callId: invite.headers['call-id'],
  local: tagged(invite.headers.from, tagOf(invite.headers.from)),
  remote: tagged(invite.headers.to, null),
  remoteTarget: uriText(invite.uri),
  routeSet: [],
  localSeq: invite.headers.cseq.seq,
  transport,
  contact,
});

/** The callee's answer (a 1xx with a To-tag, or the 2xx) fixes its tag, target and route set. */
export const confirmFrom = (dialog: Dialog, response: SipMessage): void => {
  dialog.remote = tagged(dialog.remote, tagOf(response.headers.to));
  dialog.remoteTarget = contactUri(response) ?? dialog.remoteTarget;
  dialog.routeSet = [...(response.headers['record-route'] ?? [])].reverse();
};

/** A request in the dialog; `seq` is given for an ACK (the INVITE's), else the next local CSeq. */
export const requestIn = (dialog: Dialog, method: string, extra: { readonly sdp?: string | null; readonly contentType?: string | null; readonly seq?: number; readonly headers?: Record<string, string> } = {}): SipMessage => {
  if (extra.seq === undefined) dialog.localSeq += 1;
  const seq = extra.seq ?? dialog.localSeq;
  const headers: SipMessage['headers'] = {
    to: tagged(dialog.remote, tagOf(dialog.remote)),
    from: tagged(dialog.local, tagOf(dialog.local)),
    'call-id': dialog.callId,
    cseq: { seq, method },
    'max-forwards': '70',
    ...(dialog.routeSet.length > 0 ? { route: dialog.routeSet.map((r) => ({ ...r })) } : {}),
    ...(method === 'INVITE' || method === 'UPDATE' ? { contact: [{ uri: dialog.contact, params: {} }] } : {}),
    ...extra.headers,
  };
  const body = extra.sdp ?? null;
  if (body !== null) headers['content-type'] = extra.contentType ?? 'application/sdp';
  return { method, uri: dialog.remoteTarget, headers, ...(body !== null ? { content: body } : {}) };
};

/** Whether `request` (with a To-tag) belongs to the dialog, seen from the peer's side. */
export const inDialog = (dialog: Dialog, request: SipMessage): boolean =>
  request.headers['call-id'] === dialog.callId && tagOf(request.headers.to) === tagOf(dialog.local);

export const contentTypeOf = (message: SipMessage): string | null => headerText(message, 'content-type');
