// The few better-sqlite3 calls the scan store uses, typed here (the package ships no types) and loaded lazily.
import { createRequire } from 'node:module';
import { MailtlsError } from '../errors.js';

export type SqlValue = string | number | bigint | null | Buffer;

export interface Statement<Row = Record<string, SqlValue>> {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): Row | undefined;
  all(...params: unknown[]): Row[];
  iterate(...params: unknown[]): IterableIterator<Row>;
}

export interface Database {
  prepare<Row = Record<string, SqlValue>>(sql: string): Statement<Row>;
  exec(sql: string): void;
  pragma(sql: string, opts?: { simple?: boolean }): unknown;
  transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  close(): void;
  readonly open: boolean;
}

type DatabaseCtor = new (path: string, opts?: { timeout?: number; readonly?: boolean }) => Database;

let ctor: DatabaseCtor | null = null;

/** Opens (creating if needed) an SQLite database file with better-sqlite3. */
export function openDatabase(path: string, opts: { readonly?: boolean } = {}): Database {
  if (!ctor) {
    try {
      ctor = createRequire(import.meta.url)('better-sqlite3') as DatabaseCtor;
    } catch (e) {
      throw new MailtlsError('EUNSUPPORTED', `better-sqlite3 could not be loaded: ${(e as Error).message}`);
    }
  }
  try {
    return new ctor(path, { timeout: 10_000, ...(opts.readonly ? { readonly: true } : {}) });
  } catch (e) {
    throw new MailtlsError('EIO', `cannot open scan database ${path}: ${(e as Error).message}`);
  }
}
