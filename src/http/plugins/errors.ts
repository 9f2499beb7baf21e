// Every error leaves in Twilio's legacy envelope {code, message, more_info, status} with `status` equal
// to the HTTP status (twilio-node turns it into a RestException). Never the RFC 9457 shape: the
// client would throw a different exception type. Unknown errors get a generic message with the request
// id; their details go to the log only, so a database driver's text never reaches a caller. `more_info` is
// Twilio's page for an error with Twilio's meaning and masq's own /docs/errors for a masq-only one.
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

/** The request's public base URL (publicUrl, or the Host header): where masq serves its error docs. */
export type BaseUrlOf = (request: FastifyRequest) => string;

/**
 * The envelope of an AppError. `base` is the public base URL that masq-only errors' `more_info` points
 * into; `status` differs from the catalog's only for request-shape errors answered with the HTTP
 * status of the problem (413, 415, 431...).
 */
export const errorEnvelope = (err: AppError, base: string, status: number = err.status): ErrorEnvelope => ({
  code: err.twilioCode,
  ...(err.detail !== undefined && { detail: err.detail }),
  message: err.message,
  more_info: moreInfoUrl(err.code, base),
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

/** Seconds a client should wait before retrying while the database is unreachable (Retry-After). */
export const RETRY_AFTER_SECONDS = 5;

/** A database outage is transient: 503 + Retry-After tells clients and carriers to retry, unlike a 500. */
const unavailable = (): AppError =>
  new AppError('store-unavailable', 'Service temporarily unavailable: the database cannot be reached. Retry later.');

const toEnvelope = (err: FastifyError | AppError, request: FastifyRequest, base: string): ErrorEnvelope => {
  if (err instanceof AppError) return errorEnvelope(err, base);
  if (err instanceof StoreUnavailable) return errorEnvelope(unavailable(), base);
  if (err.validation) {
    const issue = err.validation[0];
    return errorEnvelope(invalidParameter(parameterName(issue), issue?.params?.missingProperty ? 'It is required.' : undefined), base);
  }
  // Fastify's own 4xx (bad JSON, unsupported media type, body too large): their messages are safe.
  const status = err.statusCode ?? 500;
  if (status >= 400 && status < 500) return errorEnvelope(new AppError('parameter-invalid', err.message), base, status);
  return errorEnvelope(new AppError('internal-error', `Internal error (request id ${request.id})`), base);
};

const unauthorizedHeaders = (reply: FastifyReply): void => {
  reply.header('WWW-Authenticate', 'Basic realm="Twilio API"');
};

const JSON_TYPE = 'application/json; charset=utf-8';

export const registerErrorHandling = (app: FastifyInstance, baseUrlOf: BaseUrlOf): void => {
  app.setErrorHandler((err: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    const body = toEnvelope(err, request, baseUrlOf(request));
    if (body.status >= 500) request.log.error({ err }, 'request failed');
    if (body.status === 401) unauthorizedHeaders(reply);
    if (body.status === 503) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return reply.code(body.status).type(JSON_TYPE).send(body);
  });
  const routes = collectRouteMethods(app);
  app.setNotFoundHandler((request, reply) => {
    const path = new URL(request.url, 'http://masq.invalid').pathname;
    const allowed = routes.allowedFor(path);
    if (allowed.length > 0) {
      reply.header('Allow', allowed.join(', '));
      return reply.code(405).type(JSON_TYPE).send(errorEnvelope(new AppError('method-not-allowed'), baseUrlOf(request)));
    }
    return reply.code(404).type(JSON_TYPE).send(errorEnvelope(notFound(path), baseUrlOf(request)));
  });
};
