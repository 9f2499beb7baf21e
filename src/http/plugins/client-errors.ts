// Errors answered before any route, hook or error handler runs, which Fastify and Node answer in their
// own shape by default: a URL that is not valid percent-encoding or a path parameter past maxParamLength
// (Fastify's router: `frameworkErrors`), and what Node's HTTP parser refuses before there is a request at
// all, such as headers too large (the server's 'clientError': `clientErrorHandler`). Twilio clients
// expect the envelope, with the right status, for these too.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import { errorEnvelope, type ErrorEnvelope } from './errors.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Request-shape errors are parameter-invalid (80701) with the HTTP status of the problem (docs/errors.md). */
const requestShapeError = (message: string, status: number): ErrorEnvelope =>
  // A Twilio-meaning error links to Twilio's page, so no base URL is needed (and none is known here).
  errorEnvelope(new AppError('parameter-invalid', message), '', status);

const ROUTER_ERRORS: Readonly<Record<string, string>> = {
  FST_ERR_BAD_URL: 'The URL is not valid percent-encoding',
  FST_ERR_MAX_PARAM_LENGTH: 'A path segment of the URL is too long',
};

export const frameworkErrors = (err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
  const status = err.statusCode ?? 400;
  void reply.code(status).type(JSON_TYPE).send(requestShapeError(ROUTER_ERRORS[err.code] ?? 'Bad request', status));
};

const PARSER_ERRORS: Readonly<Record<string, { readonly status: number; readonly message: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, message: 'Request header fields too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: 'Request timeout' },
};

/** As Node's and Fastify's default handlers do: answer if the socket still can, then close it. */
export const clientErrorHandler = (err: ConnectionError, socket: Socket): void => {
  // A reset connection has no one left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = PARSER_ERRORS[err.code] ?? { status: 400, message: 'Malformed HTTP request' };
  const body = JSON.stringify(requestShapeError(message, status));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  socket.destroy(err);
};
