import { describe, expect, it } from 'vitest';
import { ConnectionLostError, databaseFaultError, databaseFaultOf } from '../../src/db/errors.js';
import { MigrationError } from '../../src/db/migrator.js';

const coded = (code: string, message = 'whatever the driver says') => Object.assign(new Error(message), { code });

describe('database faults are told apart by code, never by message', () => {
  it('classifies storage, resource and connection codes of both engines', () => {
    const cases: Array<[string, string | undefined]> = [
      ['SQLITE_FULL', 'disk_full'], ['53100', 'disk_full'],
      ['SQLITE_IOERR', 'io_error'], ['SQLITE_IOERR_WRITE', 'io_error'], ['SQLITE_IOERR_FSYNC', 'io_error'],
      ['53200', 'insufficient_resources'], ['53300', 'insufficient_resources'],
      ['57P01', 'unavailable'], ['57P02', 'unavailable'], ['57P03', 'unavailable'], ['08006', 'unavailable'], ['08001', 'unavailable'],
      ['ECONNREFUSED', 'unavailable'], ['ECONNRESET', 'unavailable'], ['ETIMEDOUT', 'unavailable'],
      // Not the database's condition: the request's or the code's fault.
      ['23505', undefined], ['SQLITE_CONSTRAINT_UNIQUE', undefined], ['SQLITE_ERROR', undefined], ['42P01', undefined], ['28P01', undefined], ['57014', undefined],
    ];
    for (const [code, fault] of cases) expect(databaseFaultOf(coded(code)), code).toBe(fault);
  });

  it('ignores the message text', () => {
    expect(databaseFaultOf(new Error('database or disk is full'))).toBeUndefined();
    expect(databaseFaultOf(coded('SQLITE_ERROR', 'cannot rollback - no transaction is active'))).toBeUndefined();
  });

  it('looks through wrappers (a failed migration) and gives code-less connection failures a code', () => {
    expect(databaseFaultOf(new MigrationError('migration 0001 failed', '0001', coded('ECONNREFUSED')))).toBe('unavailable');
    const lost = new ConnectionLostError(new Error('timeout exceeded when trying to connect'));
    expect(databaseFaultOf(lost)).toBe('unavailable');
    expect(lost.message).toBe('database connection failed: timeout exceeded when trying to connect');
  });

  it('maps each fault to one domain error with a retry hint', () => {
    expect(databaseFaultError(coded('SQLITE_FULL'))).toMatchObject({ code: 'STORAGE_FULL', retryAfterSeconds: 60, logDetail: { fault: 'disk_full', dbCode: 'SQLITE_FULL' } });
    expect(databaseFaultError(coded('SQLITE_IOERR_WRITE'))).toMatchObject({ code: 'STORAGE_ERROR', retryAfterSeconds: 30 });
    expect(databaseFaultError(coded('57P01'))).toMatchObject({ code: 'DATABASE_UNAVAILABLE', retryAfterSeconds: 5, details: { retryAfterSeconds: 5 } });
    expect(databaseFaultError(coded('23505'))).toBeUndefined();
  });
});
