// Listener options, limits and the per-session record: the JSON contract of `mailtls listen --json`, as plain values.
import type { Finding, Verdict } from '../findings/types.js';
import type { Lang } from '../i18n/lang.js';
import type { TlsVersion } from '../policy/exchange-online.js';
import type { ListenPolicyName, VersionRange } from './policy.js';
import type { ConnectorRecord, InboundConnectorSettings } from './connector.js';

export type { Verdict };

/** Finite budgets per session and per listener (RFC 5321 §4.5.3 and Postfix smtpd defaults, see limits.ts). */
export interface ReceiverLimits {
  /** Longest command line, CRLF included (RFC 5321: 512). */
  maxLineLength: number;
  /** An over-long line that reaches this many bytes without a newline closes the session (421). */
  maxJunkLineBytes: number;
  /** Recipients per message (RFC 5321 minimum and the 452 beyond it). */
  maxRecipients: number;
  /** Errors before the session is closed (Postfix smtpd_hard_error_limit 20). */
  hardErrorLimit: number;
  /** HELO/EHLO/NOOP/RSET/VRFY/HELP before the session is closed (Postfix smtpd_junk_command_limit 100). */
  junkCommandLimit: number;
  /** Bytes of commands per session (outside DATA). */
  maxCommandBytes: number;
  /** Message size advertised in SIZE and enforced during DATA (Postfix message_size_limit). */
  maxMessageBytes: number;
  /** Idle time between reads, ms (RFC 5321 §4.5.3.2.7 asks for at least 5 minutes). */
  idleTimeoutMs: number;
  /** Whole-session deadline, ms: defeats a client that drips one byte per idle period. */
  sessionTimeoutMs: number;
  /** From the 220 to STARTTLS until the handshake completes, ms (our own timer; tls.Server's does not apply). */
  handshakeTimeoutMs: number;
  /** Concurrent sessions in total; beyond it new clients get 421. */
  maxConnections: number;
  /** Concurrent sessions per client IP (Postfix smtpd_client_connection_count_limit). */
  maxConnectionsPerClient: number;
  /** Messages kept in --keep-dir per listener run. */
  keepMaxCount: number;
  /** Bytes kept per message in --keep-dir (the rest is counted, not stored). */
  keepMaxBytes: number;
}

export interface ListenOptions {
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 2525; 0 = any free port). */
  port?: number;
  policy?: ListenPolicyName;
  /** TLS versions for the exchange-server policy (default 1.2+) or the opportunistic one (default 1.0–1.3). */
  tls?: VersionRange;
  /** Certificate chain and key, PEM; default: a self-signed RSA 2048 certificate for `hostname`. */
  cert?: string;
  key?: string;
  /** Name in the greeting and EHLO reply (default: the machine's host name). */
  hostname?: string;
  /** Advertise and offer STARTTLS (default true); false is a server without TLS (STARTTLS gets 500 5.3.3). */
  starttls?: boolean;
  /** Take a test message (answer 250 to DATA); always on under the opportunistic policy. */
  accept?: boolean;
  /** Keep accepted messages here (bounded by limits.keepMaxCount / keepMaxBytes); default: discard. */
  keepDir?: string;
  /** Stop after this many sessions (the listener stops accepting, lets them finish, then ends). */
  maxSessions?: number;
  /** Stop after this long, ms. */
  durationMs?: number;
  limits?: Partial<ReceiverLimits>;
  /** Language of finding messages. */
  lang?: Lang;
  signal?: AbortSignal;
  /**
   * Processes that run sessions (default 1: all in this process). With n > 1, n worker processes run the sessions on
   * every core; this process accepts (so the connection caps count all of them), hands each socket to the least busy
   * worker and reports every record as usual. Workers exit with the listener, and with this process.
   */
  workers?: number;
  /** Play an Exchange Online inbound connector that identifies senders by their client certificate (connector.ts). */
  connector?: InboundConnectorSettings;
}

/** What a session's ClientHello offered, as recorded before the TLS library saw it. */
export interface RecordedClientHello {
  /** Versions offered, oldest first (from supported_versions, else from legacy_version down to SSLv3). */
  versions: TlsVersion[];
  maxVersion: TlsVersion | null;
  /** IANA suite names in the client's order. */
  ciphers: string[];
  sni: string | null;
  /** `tls` record or the SSLv2-compatible format of very old clients. */
  format: 'tls' | 'sslv2';
  recordVersion: string;
  legacyVersion: string;
  /** supported_versions values (empty when the extension is absent). */
  supportedVersions: string[];
  /** Extension type numbers in the client's order. */
  extensions: number[];
  alpn: string[];
}

export type SessionOutcome =
  /** A message was accepted (250 to the end of DATA). */
  | 'delivered'
  /** TLS negotiated; no message taken (not asked to, or the client did not send one). */
  | 'tls-ok'
  /** The ClientHello was refused with a fatal alert (version or suites). */
  | 'tls-refused'
  /** The hello was passed to OpenSSL and the handshake failed (either side). */
  | 'tls-failed'
  /** What followed STARTTLS was not a TLS ClientHello. */
  | 'tls-malformed'
  /** MAIL/RCPT/DATA before STARTTLS got the policy's 451 5.7.3. */
  | 'starttls-required'
  /** The client talked SMTP but never started TLS nor tried to send. */
  | 'no-starttls'
  /** A budget was exceeded (errors, junk commands, line or session bytes). */
  | 'limit'
  /** A deadline expired (idle, session or handshake). */
  | 'timeout'
  /** Refused at connect: too many sessions in total or from this client. */
  | 'capacity'
  /** The client closed before saying anything useful, or the listener shut down. */
  | 'closed';

/** One SMTP command as received (sanitised, truncated), and whether it came inside TLS. */
export interface RecordedCommand {
  tls: boolean;
  line: string;
}

/** Everything recorded about one connection; `--json` prints one per line. */
export interface SessionRecord {
  /** Listener-unique session id. */
  id: string;
  /** `ip:port` of the sender (`[v6]:port` for IPv6). */
  remote: string;
  remoteAddress: string;
  local: string;
  policy: ListenPolicyName;
  startedAt: string;
  endedAt: string;
  /** HELO/EHLO name; after STARTTLS only the one given inside TLS (RFC 3207 §4.2). */
  ehlo: string | null;
  clientHello: RecordedClientHello | null;
  negotiated: { version: TlsVersion | null; cipher: string | null } | null;
  outcome: SessionOutcome;
  /** The reply (or TLS alert) that decided the outcome, as the sender received it. */
  reply: string | null;
  verdict: Verdict;
  findings: Finding[];
  /** Why the TLS handshake failed (OpenSSL's reason) or why the hello was refused. */
  tlsError: string | null;
  commands: RecordedCommand[];
  /** Plaintext bytes the client sent after STARTTLS before the handshake (discarded; CVE-2011-0411 pattern). */
  bytesAfterStarttls: number;
  /** Messages accepted in this session (bodies discarded unless kept). */
  messages: number;
  /** Files written to --keep-dir. */
  kept: string[];
  /** With --tls-sender-certificate-name: the client certificate and whether the inbound connector attributes it. */
  connector?: ConnectorRecord;
}

/** The verdict per sender (client IP) over a listener run. */
export interface SenderSummary {
  remoteAddress: string;
  sessions: number;
  pass: number;
  fail: number;
  inconclusive: number;
  /** Best version each session offered, deduplicated. */
  maxVersions: TlsVersion[];
  negotiated: TlsVersion[];
  ehlo: string | null;
  /** Finding ids seen, deduplicated. */
  findingIds: string[];
  /** fail if any session failed; pass if any passed; else inconclusive. */
  verdict: Verdict;
  lastSeen: string;
}
