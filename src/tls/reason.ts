// Shortens OpenSSL's error text ("...:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl/...:SSL alert
// number 70") to the part an admin can act on ("tlsv1 alert protocol version (alert 70)"), and reads the alert a
// node:tls error code names.
import { ALERTS } from './hello.js';

export function tlsReason(message: string): string {
  const m = /SSL routines:[^:]*:([^:]+):/.exec(message);
  if (!m) return message.replace(/\s+/g, ' ').trim();
  const alert = /SSL alert number (\d+)/.exec(message);
  return `${(m[1] as string).trim()}${alert ? ` (alert ${alert[1]})` : ''}`;
}

/**
 * The TLS alert a node:tls handshake error carries, from its error code (`ERR_SSL_TLSV1_ALERT_INTERNAL_ERROR` →
 * 80 internal_error): the alert the server sent; null when the failure was not an alert from the server.
 */
export function alertFromCode(code: unknown): { description: number; name: string } | null {
  if (typeof code !== 'string') return null;
  const m = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/.exec(code);
  if (!m) return null;
  const name = (m[1] as string).toLowerCase();
  for (const [n, v] of Object.entries(ALERTS)) if (v === name) return { description: Number(n), name };
  return null;
}
