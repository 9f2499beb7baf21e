// "The database is unreachable" is told apart from "this statement failed": the first becomes the port's
// StoreUnavailable (a 503, retried), the second stays what it is. The pool itself, on a real PostgreSQL,
// is tested in test/storage/postgres-lost-connection.test.ts.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { unavailableReason } from './unavailable.ts';

const dbError = (code: string, message = 'server says no'): pg.DatabaseError => {
  const err = new pg.DatabaseError(message, message.length, 'error');
  err.code = code;
  return err;
};

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });

describe('unavailableReason', () => {
  test('server shutdown and connection SQLSTATEs are outages', () => {
    assert.equal(unavailableReason(dbError('57P01', 'terminating connection due to administrator command')), 'the server is shutting down (admin shutdown)');
    assert.equal(unavailableReason(dbError('57P02')), 'the server crashed (crash shutdown)');
    assert.equal(unavailableReason(dbError('57P03', 'the database system is starting up')), 'the server is not accepting connections yet');
    assert.equal(unavailableReason(dbError('08006')), 'connection failure');
    assert.equal(unavailableReason(dbError('08001')), 'connection failure');
    assert.equal(unavailableReason(dbError('53300')), 'too many connections');
  });

  test('statement errors are not outages', () => {
    for (const code of ['23505', '40001', '40P01', '42P01', '22P02', '57014', '28P01', '3D000']) {
      assert.equal(unavailableReason(dbError(code)), null, code);
    }
    assert.equal(unavailableReason(new Error('something else')), null);
    assert.equal(unavailableReason(new TypeError('cannot read properties of undefined')), null);
    assert.equal(unavailableReason('ECONNREFUSED'), null);
    assert.equal(unavailableReason(null), null);
    assert.equal(unavailableReason(undefined), null);
  });

  test('socket errors on the way to the database are outages', () => {
    assert.equal(unavailableReason(errno('ECONNREFUSED')), 'connection refused');
    assert.equal(unavailableReason(errno('ECONNRESET')), 'connection reset');
    assert.equal(unavailableReason(errno('ETIMEDOUT')), 'connection timed out');
    assert.equal(unavailableReason(errno('EHOSTUNREACH')), 'host unreachable');
    assert.equal(unavailableReason(errno('ENOTFOUND')), 'host not found');
    assert.equal(unavailableReason(errno('EPIPE')), 'connection closed');
  });

  test("pg's own messages for a dropped or slow connection are outages", () => {
    assert.equal(unavailableReason(new Error('Connection terminated unexpectedly')), 'connection lost');
    assert.equal(unavailableReason(new Error('Connection terminated')), 'connection lost');
    assert.equal(unavailableReason(new Error('Client has encountered a connection error and is not queryable')), 'connection lost');
    assert.equal(unavailableReason(new Error('timeout exceeded when trying to connect')), 'connection timed out');
    assert.equal(unavailableReason(new Error('Connection terminated due to connection timeout', { cause: new Error('x') })), 'connection lost');
  });

  test('wrapped errors are looked through: AggregateError (dual-stack connect) and cause chains', () => {
    assert.equal(unavailableReason(new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')], '')), 'connection refused');
    assert.equal(unavailableReason(new Error('query failed', { cause: errno('ECONNRESET') })), 'connection reset');
    assert.equal(unavailableReason(new Error('query failed', { cause: new Error('unrelated') })), null);
  });
});
