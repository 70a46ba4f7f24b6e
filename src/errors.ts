// Error classes with stable codes: every failure a user can cause or meet carries one, and the CLI maps them to exit 2.

/** Stable error codes; the CLI prints `mailtls: <message>` and exits 2 for any of them. */
export type ErrorCode =
  | 'EUSAGE' // bad command-line arguments
  | 'EINPUT' // malformed input file / text
  | 'EDNS' // name resolution failed
  | 'ECONNECT' // TCP connect failed
  | 'ETIMEDOUT' // a deadline expired
  | 'EPROTOCOL' // peer violated SMTP/TLS
  | 'ETLS' // TLS handshake failed
  | 'ELIMIT' // a size or count cap was hit
  | 'EIO' // file system error
  | 'EUNSUPPORTED'; // not possible on this platform

export class MailtlsError extends Error {
  readonly code: ErrorCode;
  /** Extra machine-readable context (the command that caused it, the reply, the phase...). */
  readonly detail: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, detail: Record<string, unknown> = {}) {
    super(message);
    this.name = 'MailtlsError';
    this.code = code;
    this.detail = detail;
  }
}

/** True when `e` is a MailtlsError (also across module copies). */
export function isMailtlsError(e: unknown): e is MailtlsError {
  return e instanceof MailtlsError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'MailtlsError');
}

/** Exit statuses shared by every command (docs/json.md). */
export const EXIT = { OK: 0, FINDINGS: 1, FAILED: 2 } as const;
