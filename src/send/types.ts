// send() request and result types: the JSON of `mailtls send --json`, as plain values.
import type { Finding, Verdict as SendVerdict } from '../findings/types.js';
import type { Lang } from '../i18n/lang.js';
import type { TlsVersion } from '../policy/exchange-online.js';
import type { SmtpTimeouts } from '../smtp/client.js';

export const SEND_POLICIES = ['exchange-online', 'opportunistic'] as const;
/**
 * `exchange-online`: STARTTLS required, TLS 1.2+ with Exchange Online's suites only, never plaintext (a connector that
 * enforces TLS). `opportunistic`: TLS when offered (any version OpenSSL can speak), plaintext otherwise.
 */
export type SendPolicy = (typeof SEND_POLICIES)[number];

export type { SendVerdict };

/** Where a session stopped: the SMTP phase whose reply (or lack of one) ended it. */
export type SendPhase = 'connect' | 'greeting' | 'ehlo' | 'starttls' | 'tls' | 'mail' | 'rcpt' | 'data' | 'quit';

export interface SendOptions {
  host: string;
  port?: number;
  from: string;
  to: string | string[];
  policy?: SendPolicy;
  /** EHLO name (default: this machine's host name). */
  ehlo?: string;
  /** SNI and the name in the message (default: host unless it is an IP literal). */
  servername?: string;
  subject?: string;
  /** Send to private, loopback or link-local addresses too (tests, internal relays); as probe's --allow-private. */
  allowPrivate?: boolean;
  timeouts?: Partial<SmtpTimeouts>;
  lang?: Lang;
  signal?: AbortSignal;
  /** A client certificate (PEM chain and key) presented after STARTTLS, as a send connector with TlsCertificateName does. */
  clientCertificate?: { cert: string; key: string };
}

/** One line of the conversation; server text is sanitised. */
export interface TranscriptLine {
  /** `C` client (us), `S` server, `*` a note (TLS established, bytes discarded). */
  dir: 'C' | 'S' | '*';
  text: string;
  /** Inside TLS. */
  tls: boolean;
}

export interface SendResult {
  target: string;
  host: string;
  port: number;
  policy: SendPolicy;
  banner: string | null;
  starttls: 'offered' | 'not-offered' | 'refused' | 'failed' | null;
  tls: { version: TlsVersion | null; cipher: string | null } | null;
  /** Plaintext the server sent after its 220 to STARTTLS, discarded before the handshake. */
  bytesDiscardedAfterStarttls: number;
  /** True when the server answered 250 to the end of DATA. */
  delivered: boolean;
  /** Phase where it failed, or null when delivered. */
  failedAt: SendPhase | null;
  /** Why (sanitised server reply or local error). */
  reason: string | null;
  transcript: TranscriptLine[];
  findings: Finding[];
  verdict: SendVerdict;
  elapsedMs: number;
}
