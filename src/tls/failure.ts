// The one TLS-failure classifier: a node:tls/OpenSSL error (its code and fields) or an alert read off the wire → a typed kind.
import { ALERTS } from './hello.js';
import { alertFromCode } from './reason.js';

/**
 * What kind of TLS failure it was:
 * - `version-refused`: the peer refused the TLS version (protocol_version alert 70), or OpenSSL refused the one the
 *   peer chose (ERR_SSL_UNSUPPORTED_PROTOCOL, ERR_SSL_NO_PROTOCOLS_AVAILABLE);
 * - `no-common-suite`: handshake_failure (40) or insufficient_security (71), or OpenSSL found no shared suite;
 * - `certificate`: the peer refused a certificate with an alert (`alert` set), or the local verification refused the
 *   peer's (an X.509 verification code, `alert` absent);
 * - `alert`: any other alert (`alert` is its number);
 * - `reset`: the peer reset the connection (ECONNRESET on a read or write, EPIPE);
 * - `closed`: the connection ended before the handshake did, without a reset;
 * - `timeout`: no answer in time;
 * - `not-tls`: the peer's answer is not TLS (a plaintext reply: OpenSSL reads a wrong record version);
 * - `malformed`: a TLS answer that cannot be read (cut short, broken);
 * - `other`: anything else (the code is kept).
 */
export type TlsFailureKind =
  | 'version-refused'
  | 'no-common-suite'
  | 'certificate'
  | 'alert'
  | 'reset'
  | 'closed'
  | 'timeout'
  | 'not-tls'
  | 'malformed'
  | 'other';

export interface TlsFailure {
  kind: TlsFailureKind;
  /** The alert description number, when the failure is an alert (from the peer, or read off the wire). */
  alert?: number;
  /** Its RFC name (`internal_error`). */
  alertName?: string;
  /** The error code it was classified from (`ERR_SSL_WRONG_VERSION_NUMBER`, `ECONNRESET`...). */
  code?: string;
}

/** OpenSSL refusing the version itself (the client side of a version mismatch). */
const VERSION_CODES: ReadonlySet<string> = new Set(['ERR_SSL_UNSUPPORTED_PROTOCOL', 'ERR_SSL_NO_PROTOCOLS_AVAILABLE']);
/** OpenSSL finding no suite both sides accept. */
const SUITE_CODES: ReadonlySet<string> = new Set(['ERR_SSL_NO_SHARED_CIPHER', 'ERR_SSL_WRONG_CIPHER_RETURNED']);
/** A record OpenSSL cannot take for TLS at all: a plaintext (SMTP, HTTP) answer. */
const NOT_TLS_CODES: ReadonlySet<string> = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_HTTP_REQUEST',
  'ERR_SSL_HTTPS_PROXY_REQUEST',
]);
/** node:tls's X.509 verification codes (the local side refusing the peer's certificate). */
const VERIFY_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'INVALID_CA',
  'HOSTNAME_MISMATCH',
]);
/** Alerts by which a peer refuses a certificate (ours): bad, unsupported, expired, unknown, unknown CA, bad signature. */
const CERTIFICATE_ALERTS: ReadonlySet<number> = new Set([42, 43, 45, 46, 48, 51]);

/** The failure an alert number means (an alert read off the wire, or the one an OpenSSL code names). */
export function failureFromAlert(description: number): TlsFailure {
  const named = { alert: description, ...(ALERTS[description] ? { alertName: ALERTS[description] } : {}) };
  if (description === 70) return { kind: 'version-refused', ...named };
  if (description === 40 || description === 71) return { kind: 'no-common-suite', ...named };
  if (CERTIFICATE_ALERTS.has(description)) return { kind: 'certificate', ...named };
  return { kind: 'alert', ...named };
}

/**
 * A connection that ended before a ServerHello could be read (a raw socket's close): `malformed` when part of an
 * answer had come (cut short), `reset` on ECONNRESET, else `closed`.
 */
export function failureFromClose(error: string | null | undefined, bytes: number): TlsFailure {
  if (bytes > 0) return { kind: 'malformed', ...(error ? { code: error } : {}) };
  if (error === 'ECONNRESET' || error === 'EPIPE') return { kind: 'reset', code: error };
  return { kind: 'closed', ...(error ? { code: error } : {}) };
}

/**
 * Classifies a node:tls error (an Error with `code`, and for socket errors `syscall`) or a bare error code, on the code
 * and fields only, never on the message. node:tls reports both a reset and a close before the handshake finished as
 * ECONNRESET: a reset carries the `syscall` that met it (`read`), a close none.
 */
export function classifyTlsError(e: unknown): TlsFailure {
  const fields = typeof e === 'object' && e !== null ? (e as { code?: unknown; syscall?: unknown }) : { code: e };
  const code = typeof fields.code === 'string' ? fields.code : undefined;
  if (code === undefined) return { kind: 'other' };
  const alert = alertFromCode(code);
  if (alert) return { ...failureFromAlert(alert.description), code };
  if (VERSION_CODES.has(code)) return { kind: 'version-refused', code };
  if (SUITE_CODES.has(code)) return { kind: 'no-common-suite', code };
  if (NOT_TLS_CODES.has(code)) return { kind: 'not-tls', code };
  if (VERIFY_CODES.has(code)) return { kind: 'certificate', code };
  if (code === 'ECONNRESET') return { kind: typeof fields.syscall === 'string' ? 'reset' : 'closed', code };
  if (code === 'EPIPE') return { kind: 'reset', code };
  if (code === 'ETIMEDOUT') return { kind: 'timeout', code };
  if (code === 'ERR_SSL_UNEXPECTED_EOF_WHILE_READING') return { kind: 'closed', code };
  return { kind: 'other', code };
}
