// Asking a number's app (or its fallback) for a document, Twilio-style: the request signed with the owning
// account's auth token, within the short timeout a waiting carrier allows, and every problem named in the
// call log with Twilio's error code, so a broken app is never a dead call nor a silent one:
//   11200 HTTP retrieval failure (no answer, timeout, an error status), 12100 document parse failure (not
//   XML, empty), 12200 schema validation (TwiML masq cannot carry out: each problem logged with its path).
// The fallback is asked with ErrorCode and ErrorUrl added, as Twilio does.
import type { TwimlProblem, TwimlReadResult } from '../../domain/twiml/verbs.ts';
import type { HttpMethod } from '../../domain/twiml/verbs.ts';
import type { WebhookResponse } from '../../ports/webhook-sender.ts';
import type { AppDeps } from '../deps.ts';
import { describeFailure } from '../callbacks/wire.ts';
import type { StepLog } from './traffic-log.ts';

export interface AppTarget {
  readonly url: string;
  readonly method: HttpMethod;
}

/** Twilio's codes for what went wrong with an app's document. */
export type AppErrorCode = '11200' | '12100' | '12200';

export type DocumentOutcome<V> =
  | { readonly kind: 'ok'; readonly verbs: readonly V[]; readonly xml: string; readonly target: AppTarget }
  | { readonly kind: 'empty'; readonly target: AppTarget }
  | { readonly kind: 'failed'; readonly errorCode: AppErrorCode; readonly reason: string; readonly target: AppTarget };

export interface DocumentRequest<V> {
  readonly authToken: string;
  readonly params: Readonly<Record<string, string>>;
  /** Reads the answer's TwiML; relative URLs in it resolve against `baseUrl`. */
  readonly read: (xml: string, baseUrl: string) => TwimlReadResult<V>;
  /** Whether an empty 2xx answer means "nothing to do" (messages) rather than a broken document (calls). */
  readonly emptyIsNothing: boolean;
}

/** A number's `VoiceMethod`-style setting as the request method (Twilio's default: POST). */
export const methodOf = (value: string | null | undefined): HttpMethod => (value?.trim().toUpperCase() === 'GET' ? 'GET' : 'POST');

const fail = <V>(target: AppTarget, errorCode: AppErrorCode, reason: string): DocumentOutcome<V> => ({ kind: 'failed', errorCode, reason, target });

const send = async (deps: AppDeps, log: StepLog, target: AppTarget, request: DocumentRequest<unknown>): Promise<WebhookResponse | string> => {
  const started = deps.clock.now().getTime();
  const data = { url: target.url, method: target.method };
  const ms = (): string => String(Math.max(0, deps.clock.now().getTime() - started));
  try {
    const response = await deps.webhooks.post({
      url: target.url, method: target.method, params: request.params, authToken: request.authToken, timeoutMs: deps.settings.callbacks.outOfSessionTimeoutMs,
    });
    log.add('app-request', `${target.method} ${target.url} answered HTTP ${response.status}`, { ...data, status: String(response.status), ms: ms() });
    return response;
  } catch (err) {
    const reason = describeFailure(err);
    log.add('app-request', `${target.method} ${target.url} got no answer: ${reason}`, { ...data, status: '', ms: ms() });
    return reason;
  }
};

const logProblems = (log: StepLog, problems: readonly TwimlProblem[]): void => {
  for (const p of problems) log.add('twiml-problem', `${p.path}: ${p.message}`, { path: p.path, kind: p.kind, message: p.message });
};

/** The app's answer read as a document, or why it is none. */
const readAnswer = <V>(log: StepLog, answer: WebhookResponse | string, target: AppTarget, request: DocumentRequest<V>): DocumentOutcome<V> => {
  if (typeof answer === 'string') return fail(target, '11200', `No answer from the app: ${answer}`);
  if (answer.status < 200 || answer.status > 299) return fail(target, '11200', `The app answered HTTP ${answer.status}`);
  if (answer.body.trim() === '') return request.emptyIsNothing ? { kind: 'empty', target } : fail(target, '12100', 'The app answered an empty document');
  const read = request.read(answer.body, target.url);
  if (read.kind === 'ok') return { kind: 'ok', verbs: read.verbs, xml: answer.body, target };
  logProblems(log, read.problems);
  const first = read.problems[0];
  const firstSaid = first ? `${first.path}: ${first.message}` : 'unreadable';
  if (read.problems.some((p) => p.kind === 'malformed' || p.kind === 'refused')) {
    return fail(target, '12100', `The app's answer is not a TwiML document (Content-Type: ${answer.contentType ?? 'none'}): ${firstSaid}`);
  }
  return fail(target, '12200', `The app's TwiML has ${read.problems.length} problem(s) masq cannot carry out; the first: ${firstSaid}`);
};

/** One request and its answer read; every failure logged ('app-failed', and each TwiML problem). */
export const fetchDocument = async <V>(deps: AppDeps, log: StepLog, target: AppTarget, request: DocumentRequest<V>): Promise<DocumentOutcome<V>> => {
  const outcome = readAnswer(log, await send(deps, log, target, request), target, request);
  if (outcome.kind === 'failed') log.add('app-failed', outcome.reason, { url: target.url, ErrorCode: outcome.errorCode, reason: outcome.reason });
  return outcome;
};

/**
 * The primary document, or the fallback's when the primary failed and there is one (asked with ErrorCode
 * and ErrorUrl). The outcome says which answered; a failure is the last one met.
 */
export const fetchWithFallback = async <V>(
  deps: AppDeps, log: StepLog, primary: AppTarget, fallback: AppTarget | null, request: DocumentRequest<V>,
): Promise<DocumentOutcome<V>> => {
  const first = await fetchDocument(deps, log, primary, request);
  if (first.kind !== 'failed' || fallback === null) return first;
  log.add('fallback', `Asking the fallback URL ${fallback.url} after error ${first.errorCode}`, { url: fallback.url, ErrorCode: first.errorCode, ErrorUrl: primary.url });
  return fetchDocument(deps, log, fallback, { ...request, params: { ...request.params, ErrorCode: first.errorCode, ErrorUrl: primary.url } });
};
