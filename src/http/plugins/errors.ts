// Every error leaves in Twilio's legacy envelope {code, message, more_info, status} with `status` equal
// to the HTTP status (twilio-node turns it into a RestException). Never the RFC 9457 shape: the
// client would throw a different exception type. Unknown errors get a generic message with the request
// id; their details go to the log only, so a database driver's text never reaches a caller.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, invalidParameter, moreInfoUrl, notFound } from '../../domain/errors.ts';
import { StoreUnavailable } from '../../ports/store.ts';
import { collectRouteMethods } from './method-not-allowed.ts';

export interface ErrorEnvelope {
  readonly code: number;
  readonly detail?: string;
  readonly message: string;
  readonly more_info: string;
  readonly status: number;
}

export const envelope = (code: number, message: string, status: number, detail?: string): ErrorEnvelope => ({
  code,
  ...(detail !== undefined && { detail }),
  message,
  more_info: moreInfoUrl(code),
  status,
});

interface ValidationIssue {
  readonly instancePath?: string;
  readonly params?: Record<string, unknown>;
}

/** The wire name of the parameter a schema check rejected: `Ttl`, `Participants`, `PageSize`... */
export const parameterName = (issue: ValidationIssue | undefined): string => {
  const first = issue?.instancePath?.split('/').find((segment) => segment !== '');
  if (first) return first;
  const missing = issue?.params?.missingProperty;
  return typeof missing === 'string' ? missing : 'body';
};

const fromAppError = (err: AppError): ErrorEnvelope => envelope(err.code, err.message, err.status, err.detail);

/** Seconds a client should wait before retrying while the database is unreachable (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

/** A database outage is transient: 503 + Retry-After tells clients and carriers to retry, unlike a 500. */
const unavailable = (): ErrorEnvelope =>
  fromAppError(new AppError(20503, 'Service temporarily unavailable: the database cannot be reached. Retry later.'));

const toEnvelope = (err: FastifyError | AppError, requestId: string): ErrorEnvelope => {
  if (err instanceof AppError) return fromAppError(err);
  if (err instanceof StoreUnavailable) return unavailable();
  if (err.validation) {
    const issue = err.validation[0];
    return fromAppError(invalidParameter(parameterName(issue), issue?.params?.missingProperty ? 'It is required.' : undefined));
  }
  // Fastify's own 4xx (bad JSON, unsupported media type, body too large): their messages are safe.
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return envelope(80701, err.message, status);
  return envelope(80504, `Internal error (request id ${requestId})`, 500);
};

const unauthorizedHeaders = (reply: FastifyReply): void => {
  reply.header('WWW-Authenticate', 'Basic realm="Twilio API"');
};

export const registerErrorHandling = (app: FastifyInstance): void => {
  app.setErrorHandler((err: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    const body = toEnvelope(err, request.id);
    if (body.status >= 500) request.log.error({ err }, 'request failed');
    if (body.status === 401) unauthorizedHeaders(reply);
    if (body.status === 503) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return reply.code(body.status).type('application/json; charset=utf-8').send(body);
  });
  const routes = collectRouteMethods(app);
  app.setNotFoundHandler((request, reply) => {
    const path = new URL(request.url, 'http://masq.invalid').pathname;
    const allowed = routes.allowedFor(path);
    if (allowed.length > 0) {
      reply.header('Allow', allowed.join(', '));
      return reply.code(405).type('application/json; charset=utf-8').send(fromAppError(new AppError(20004)));
    }
    return reply.code(404).type('application/json; charset=utf-8').send(fromAppError(notFound(path)));
  });
};
