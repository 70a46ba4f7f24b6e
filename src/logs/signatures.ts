// The article's error signatures as data: stable ids (shared with `explain`), byte patterns for the prefilter, regexes.
import type { Severity } from '../findings/types.js';
import { EXCHANGE_ONLINE } from '../policy/exchange-online.js';

/** Signature ids. Stable: `explain`, the docs and JSON consumers use them. */
export const SIG_SOCKET_ERROR_421 = 'sig.socket-error-421';
export const SIG_TLS_NEGOTIATION_FAILED = 'sig.tls-negotiation-failed';
export const SIG_TLS_NO_CREDENTIALS = 'sig.tls-no-credentials';
export const SIG_TLS_UNKNOWN_CREDENTIALS = 'sig.tls-unknown-credentials';
export const SIG_MUST_ISSUE_STARTTLS = 'sig.must-issue-starttls';
/** Postfix's permanent `530 5.7.0` refusal (smtpd_tls_security_level = encrypt), not Exchange's temporary 451 5.7.3. */
export const SIG_MUST_ISSUE_STARTTLS_530 = 'sig.must-issue-starttls-530';
export const SIG_STARTTLS_REQUIRED = 'sig.starttls-required';
export const SIG_4_4_317 = 'sig.4-4-317';
export const SIG_4_7_66 = 'sig.4-7-66';
export const SIG_VERSION_TOO_LOW = 'sig.version-too-low';
export const SIG_UNSUPPORTED_PROTOCOL = 'sig.unsupported-protocol';
export const SIG_WRONG_VERSION_NUMBER = 'sig.wrong-version-number';
export const SIG_ALERT_PROTOCOL_VERSION = 'sig.alert-protocol-version';
export const SIG_SSL_ACCEPT_ERROR = 'sig.ssl-accept-error';
export const SIG_SSL_CONNECT_ERROR = 'sig.ssl-connect-error';
export const SIG_CANNOT_START_TLS = 'sig.cannot-start-tls';
export const SIG_TLS_REQUIRED_NOT_OFFERED = 'sig.tls-required-not-offered';
export const SIG_EXIM_TLS_ERROR = 'sig.exim-tls-error';
export const SIG_SENDMAIL_STARTTLS_ERROR = 'sig.sendmail-starttls-error';
export const SIG_TLS_HANDSHAKE_FAILED_403 = 'sig.tls-handshake-failed-403';

/** One signature: what it is, how bad, and how to recognise it in a line. */
export interface Signature {
  id: string;
  severity: Severity;
  /** A literal substring every matching line contains (used by the byte prefilter; case-sensitive). */
  literal: string;
  /** The full test, run only on lines that contain `literal`. */
  regex: RegExp;
  /** Where it is logged. */
  formats: readonly ('exchange' | 'postfix' | 'exim' | 'sendmail')[];
  /** The Microsoft article / reference this comes from. */
  source: string;
}

const R = EXCHANGE_ONLINE.replies;
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every signature, most specific first (the first match per line wins for reply lines). */
export const SIGNATURES: readonly Signature[] = [
  {
    id: SIG_SOCKET_ERROR_421,
    severity: 'error',
    literal: '421 4.4.2',
    regex: /\b421[ -]4\.4\.2\b/,
    formats: ['exchange'],
    source: `NDR / queue viewer: "${R.socketErrorNdr}"`,
  },
  {
    id: SIG_TLS_NO_CREDENTIALS,
    severity: 'error',
    literal: 'TLS negotiation failed with error NoCredentials',
    regex: /TLS negotiation failed with error NoCredentials\b/,
    formats: ['exchange'],
    source: 'KB 4495258',
  },
  {
    id: SIG_TLS_UNKNOWN_CREDENTIALS,
    severity: 'error',
    literal: 'TLS negotiation failed with error UnknownCredentials',
    regex: /TLS negotiation failed with error UnknownCredentials\b/,
    formats: ['exchange'],
    source: 'Exchange troubleshooting KB',
  },
  {
    id: SIG_TLS_NEGOTIATION_FAILED,
    severity: 'error',
    literal: 'TLS negotiation failed with error',
    regex: /TLS negotiation failed with error (\w+)/,
    formats: ['exchange'],
    source: `send connector protocol log: "${R.socketErrorLog}"`,
  },
  {
    id: SIG_MUST_ISSUE_STARTTLS_530,
    severity: 'error',
    literal: '530 5.7.0 Must issue a STARTTLS command first',
    regex: /\b530 5\.7\.0 Must issue a STARTTLS command first/,
    formats: ['postfix'],
    source: 'postfix smtpd: "530 5.7.0 Must issue a STARTTLS command first" (smtpd_tls_security_level = encrypt)',
  },
  {
    id: SIG_MUST_ISSUE_STARTTLS,
    severity: 'error',
    literal: 'Must issue a STARTTLS command first',
    regex: /(?:\b(?:451 5\.7\.3|530 5\.7\.0) )?Must issue a STARTTLS command first/,
    formats: ['exchange', 'postfix'],
    source: `send/receive protocol log: "${R.mustIssueStarttls}"`,
  },
  {
    id: SIG_4_4_317,
    severity: 'error',
    literal: '.4.317',
    regex: /\b(?:450 4|550 5)\.4\.317\b/,
    formats: ['exchange'],
    source: 'hybrid: "450 4.4.317 Cannot connect to remote server"',
  },
  {
    id: SIG_STARTTLS_REQUIRED,
    severity: 'error',
    literal: 'STARTTLS is required to send mail',
    regex: new RegExp(`(?:451 5\\.7\\.3 )?${esc('STARTTLS is required to send mail')}`),
    formats: ['exchange'],
    source: `Exchange Online: "${R.starttlsRequired}"`,
  },
  {
    id: SIG_4_7_66,
    severity: 'error',
    literal: '421 4.7.66',
    regex: /\b421 4\.7\.66\b/,
    formats: ['exchange'],
    source: `SMTP AUTH client on TLS 1.0/1.1: "${R.legacyClientSubmission.slice(0, 45)}…"`,
  },
  {
    id: SIG_VERSION_TOO_LOW,
    severity: 'error',
    literal: 'version too low',
    regex: /\bversion too low\b/,
    formats: ['postfix', 'exim', 'sendmail'],
    source: 'OpenSSL 1.1 server: tls_process_client_hello:version too low',
  },
  {
    id: SIG_UNSUPPORTED_PROTOCOL,
    severity: 'error',
    literal: 'unsupported protocol',
    regex: /\bunsupported protocol\b/,
    formats: ['postfix', 'exim', 'sendmail'],
    source: 'OpenSSL: error:0A000102 / 14209102 / 1425F102 unsupported protocol',
  },
  {
    id: SIG_WRONG_VERSION_NUMBER,
    severity: 'error',
    literal: 'wrong version number',
    regex: /wrong version number\b/,
    formats: ['postfix', 'exim', 'sendmail'],
    source: 'OpenSSL 1.0: ssl3_get_client_hello:wrong version number',
  },
  {
    id: SIG_ALERT_PROTOCOL_VERSION,
    severity: 'error',
    literal: 'alert protocol version',
    regex: /alert protocol version\b/,
    formats: ['postfix', 'exim', 'sendmail'],
    source: 'TLS alert 70 protocol_version from the peer',
  },
  {
    id: SIG_SSL_ACCEPT_ERROR,
    severity: 'warning',
    literal: 'SSL_accept error from',
    regex: /SSL_accept error from ([^:\s]+)/,
    formats: ['postfix'],
    source: 'postfix tls_server.c',
  },
  {
    id: SIG_SSL_CONNECT_ERROR,
    severity: 'warning',
    literal: 'SSL_connect error to',
    regex: /SSL_connect error to ([^:\s]+)/,
    formats: ['postfix'],
    source: 'postfix tls_client.c',
  },
  {
    id: SIG_CANNOT_START_TLS,
    severity: 'error',
    literal: 'Cannot start TLS',
    regex: /Cannot start TLS: ([^)]*)/,
    formats: ['postfix'],
    source: 'postfix smtp: status=deferred (Cannot start TLS: handshake failure)',
  },
  {
    id: SIG_TLS_REQUIRED_NOT_OFFERED,
    severity: 'error',
    literal: 'TLS is required, but',
    regex: /TLS is required, but (?:was not offered|host \S+ refused to start TLS)/,
    formats: ['postfix'],
    source: 'postfix smtp_proto.c',
  },
  {
    id: SIG_EXIM_TLS_ERROR,
    severity: 'error',
    literal: 'TLS error on connection',
    regex: /TLS (?:send |recv )?error on connection/,
    formats: ['exim'],
    source: 'exim smtp_in.c / tls-openssl.c / tls-gnu.c',
  },
  {
    id: SIG_SENDMAIL_STARTTLS_ERROR,
    severity: 'error',
    literal: 'STARTTLS=',
    regex: /STARTTLS=(?:server|client), error: (?:accept|connect) failed=/,
    formats: ['sendmail'],
    source: 'sendmail tls.c',
  },
  {
    id: SIG_TLS_HANDSHAKE_FAILED_403,
    severity: 'error',
    literal: 'TLS handshake failed',
    regex: /403 4\.7\.0 TLS handshake failed/,
    formats: ['sendmail'],
    source: 'sendmail ruleset=tls_server reject',
  },
];

/** The signature with this id, or undefined. */
export function signature(id: string): Signature | undefined {
  return SIGNATURES.find((s) => s.id === id);
}

/** Exchange TLS success line: version from the Schannel protocol name (also the docs' hyphen typo) or a bare number. */
export const EXCHANGE_TLS_SUCCESS =
  /TLS protocol (?:SP_PROT[_-](TLS1_[0-3]|SSL3)_(SERVER|CLIENT)|(\d+)) negotiation succeeded using bulk encryption algorithm (\w+) with strength \d+ bits, MAC hash algorithm (\w+) with strength \d+ bits and key exchange algorithm (\w+)/;

/** The start of an Exchange TLS success line: enough for the version when the rest of the line is cut off. */
export const EXCHANGE_TLS_VERSION = /TLS protocol (?:SP_PROT[_-](TLS1_[0-3]|SSL3)_(SERVER|CLIENT)|(\d+)) negotiation succeeded/;

/** Exchange failure line (context of an `*` event). */
export const EXCHANGE_TLS_FAILED = /TLS negotiation failed with error (\w+)/;

/** The signatures of each format, in table order (made on first use). */
const BY_FORMAT = new Map<Signature['formats'][number], Signature[]>();

/** All signatures whose regex matches `line`, in table order (one negotiation-failed variant; Postfix's 530 replaces the generic one). */
export function matchSignatures(line: string, format: Signature['formats'][number]): string[] {
  const out: string[] = [];
  let list = BY_FORMAT.get(format);
  if (list === undefined) BY_FORMAT.set(format, (list = SIGNATURES.filter((s) => s.formats.includes(format))));
  for (const s of list) {
    if (line.indexOf(s.literal) === -1 || !s.regex.test(line)) continue;
    if (s.id === SIG_TLS_NEGOTIATION_FAILED && (out.includes(SIG_TLS_NO_CREDENTIALS) || out.includes(SIG_TLS_UNKNOWN_CREDENTIALS))) continue;
    if (s.id === SIG_MUST_ISSUE_STARTTLS && out.includes(SIG_MUST_ISSUE_STARTTLS_530)) continue;
    out.push(s.id);
  }
  return out;
}
