// Default budgets of the receiver, each with where its number comes from (RFC 5321 §4.5.3, Postfix smtpd defaults).
import type { ReceiverLimits } from './types.js';

export const DEFAULT_LIMITS: Readonly<ReceiverLimits> = Object.freeze({
  maxLineLength: 512, // RFC 5321 §4.5.3.1.4: command line incl. CRLF; longer → 500
  maxJunkLineBytes: 16 * 1024, // a "line" this long without LF is not SMTP; smtp-server caps at 4 KiB (GHSA-fv2f-rw9f-v9cm)
  maxRecipients: 100, // RFC 5321 §4.5.3.1.8 minimum; the 101st gets 452 4.5.3
  hardErrorLimit: 20, // Postfix smtpd_hard_error_limit
  junkCommandLimit: 100, // Postfix smtpd_junk_command_limit
  maxCommandBytes: 1024 * 1024, // outside DATA
  maxMessageBytes: 10_240_000, // Postfix message_size_limit
  idleTimeoutMs: 300_000, // Postfix smtpd_timeout; RFC 5321 §4.5.3.2.7
  sessionTimeoutMs: 600_000, // whole session; stops a one-byte-per-idle-period drip
  handshakeTimeoutMs: 60_000, // STARTTLS 220 → handshake done (Postfix smtpd_starttls_timeout is 300 s, 10 s under stress)
  maxConnections: 200, // concurrent sessions
  maxConnectionsPerClient: 50, // Postfix smtpd_client_connection_count_limit default
  keepMaxCount: 100,
  keepMaxBytes: 1024 * 1024,
});

/** Defaults overlaid with the caller's values; non-positive or non-finite values are a usage error upstream. */
export function resolveLimits(partial: Partial<ReceiverLimits> = {}): ReceiverLimits {
  const out: ReceiverLimits = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(partial) as [keyof ReceiverLimits, number | undefined][]) {
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) out[k] = v;
  }
  return out;
}
