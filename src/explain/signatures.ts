// What explain recognises in pasted text: signature ids, tolerant detection patterns, side/direction, real-world samples.
import * as L from '../logs/signatures.js';
import { ALERTS } from '../tls/hello.js';

/** Which side most likely has to change something. */
export type Side = 'sender' | 'receiver' | 'client' | 'local' | 'remote' | 'either' | 'none';
/**
 * Direction of the failing mail flow, seen from the server whose log or queue shows the text:
 * outbound = that server sends, inbound = it receives, submission = a device/app submits with SMTP AUTH.
 */
export type Direction = 'outbound' | 'inbound' | 'submission' | 'either' | 'none';

/** Values captured from the matched text (alert code, protocol, error token...). */
export type Details = Record<string, string>;

/** One way a signature shows up. Patterns run on normalised text (see normalize.ts): lower case, one space per gap. */
export interface SigPattern {
  re: RegExp;
  /** How sure a hit of this pattern is (0..1). */
  weight: number;
  /** Overrides the signature's direction when this pattern says more (e.g. `SSL_accept` = inbound). */
  direction?: Direction;
  /** Pulls details out of the hit. */
  details?: (m: RegExpExecArray) => Details;
}

export interface ExplainSignature {
  id: string;
  side: Side;
  direction: Direction;
  patterns: readonly SigPattern[];
  /** Real-world-shaped texts (from the reference notes) that must be recognised as this signature. */
  samples: readonly string[];
  /** More specific signatures: when one of them matched, a hit of this one without details is dropped. */
  refinedBy?: readonly string[];
}

/**
 * Signature ids. The ones `mailtls logs` also reports are defined in src/logs/signatures.ts and imported here (one
 * definition); the rest only occur in pasted NDRs, event logs and replies, so explain defines them.
 */
export const SIG = {
  socketError421: L.SIG_SOCKET_ERROR_421,
  tlsNegotiationFailed: L.SIG_TLS_NEGOTIATION_FAILED,
  tlsNoCredentials: L.SIG_TLS_NO_CREDENTIALS,
  tlsUnknownCredentials: L.SIG_TLS_UNKNOWN_CREDENTIALS,
  mustIssueStarttls: L.SIG_MUST_ISSUE_STARTTLS,
  starttlsRequired: L.SIG_STARTTLS_REQUIRED,
  cannotConnect4317: L.SIG_4_4_317,
  legacyClientTls4766: L.SIG_4_7_66,
  versionTooLow: L.SIG_VERSION_TOO_LOW,
  unsupportedProtocol: L.SIG_UNSUPPORTED_PROTOCOL,
  wrongVersionNumber: L.SIG_WRONG_VERSION_NUMBER,
  alertProtocolVersion: L.SIG_ALERT_PROTOCOL_VERSION,
  sslAcceptError: L.SIG_SSL_ACCEPT_ERROR,
  sslConnectError: L.SIG_SSL_CONNECT_ERROR,
  cannotStartTls: L.SIG_CANNOT_START_TLS,
  tlsRequiredNotOffered: L.SIG_TLS_REQUIRED_NOT_OFFERED,
  eximTlsError: L.SIG_EXIM_TLS_ERROR,
  sendmailStarttlsError: L.SIG_SENDMAIL_STARTTLS_ERROR,
  sendmailHandshakeFailed: L.SIG_TLS_HANDSHAKE_FAILED_403,
  // explain only:
  mustIssueStarttls530: L.SIG_MUST_ISSUE_STARTTLS_530,
  suspiciousRemoteServer: 'sig.suspicious-remote-server',
  authTempFailure454: 'sig.auth-temp-failure-454',
  tlsNotAvailable454: 'sig.tls-not-available-454',
  alertHandshakeFailure: 'sig.alert-handshake-failure',
  eximTlsRequired: 'sig.exim-tls-required',
  legacyTlsInUse: 'sig.legacy-tls-in-use',
  schannel36871: 'sig.schannel-36871',
  schannel36874: 'sig.schannel-36874',
  schannel36887v70: 'sig.schannel-36887-70',
  schannel36887v40: 'sig.schannel-36887-40',
  schannel36887: 'sig.schannel-36887',
  schannel36888v70: 'sig.schannel-36888-70',
  schannel36888v40: 'sig.schannel-36888-40',
  schannel36888: 'sig.schannel-36888',
} as const;
export type SigId = (typeof SIG)[keyof typeof SIG];

/** TLS alert descriptions (IANA registry), for Schannel's "fatal alert code is N": the codec's table. */
export const TLS_ALERTS: Readonly<Record<number, string>> = ALERTS;

const ESC = /[.*+?^${}()|[\]\\/]/g;

/**
 * A literal phrase as a pattern on normalised text: a space may be absent or a line break (wrapped NDRs),
 * and a word may be cut by a line break anywhere (hard-wrapped queue viewer copies).
 */
export function phrase(text: string): string {
  let out = '';
  const s = text.toLowerCase();
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === ' ') { out += '[ \\n]?'; continue; }
    out += ch.replace(ESC, '\\$&');
    const next = s[i + 1];
    if (next !== undefined && next !== ' ') out += '\\n?';
  }
  return out;
}

/** The literal text each phrase of a pattern needs, without spaces and line breaks (see literalsOf). */
const LITERALS = new WeakMap<RegExp, readonly string[]>();

/**
 * What any match of `re` must contain, as text of the normalised input with every ' ' and '\n' removed: the phrases it
 * was built from (a phrase only lets a space or a line break appear or vanish, so a match squeezed the same way holds
 * the phrase squeezed). Empty for a pattern not built from phrases. Lets matching skip patterns that cannot hit.
 */
export function literalsOf(pattern: RegExp): readonly string[] {
  return LITERALS.get(pattern) ?? [];
}

const squeeze = (s: string): string => s.replace(/[ \n]/g, '');

/** A regexp from pieces: strings are phrases, RegExps are used as they are. */
function re(...parts: (string | RegExp)[]): RegExp {
  const out = new RegExp(parts.map((p) => (typeof p === 'string' ? phrase(p) : p.source)).join(''), 'g');
  const lits = parts.filter((p): p is string => typeof p === 'string').map((p) => squeeze(p.toLowerCase())).filter(Boolean);
  if (lits.length > 0) LITERALS.set(out, lits);
  return out;
}

/** A new regexp that extends `base` (its source first): it needs the same literals. */
function extend(base: RegExp, source: string): RegExp {
  const out = new RegExp(source, 'g');
  const lits = LITERALS.get(base);
  if (lits) LITERALS.set(out, lits);
  return out;
}

/** Gap between two parts of one message (bounded, so a big paste cannot make a pattern slow). */
const GAP = /[^]{0,160}?/;

const alertDetails = (m: RegExpExecArray): Details => {
  const code = m[1] ?? '';
  const name = TLS_ALERTS[Number(code)];
  return code ? { alert: name ? `${code} (${name})` : code } : {};
};
const protoDetails = (m: RegExpExecArray): Details => {
  const v = (m[1] ?? '').replace(/\s/g, '').toLowerCase();
  if (!v) return {};
  const canon = /^(?:tls)?v?1(?:\.0)?$/.test(v) ? 'TLS 1.0' : /1\.1$/.test(v) ? 'TLS 1.1' : /1\.2$/.test(v) ? 'TLS 1.2' : /1\.3$/.test(v) ? 'TLS 1.3' : v.toUpperCase();
  return { protocol: canon };
};

const R_36887 = re('a fatal alert was received from the remote endpoint', GAP, /(?:alert|error)[ \n]?code[ \n]?is[ \n]?/);
const R_36888 = re('a fatal alert was generated and sent to the remote endpoint', GAP, /(?:alert|error)[ \n]?code[ \n]?is[ \n]?/);
// Dutch Windows ("Er is een onherstelbare waarschuwing ontvangen van het externe eindpunt. … is 70."): matched loosely.
const R_36887_NL = re('onherstelbare waarschuwing ontvangen', GAP, /(?:code|is)[^\d]{0,40}?/);
const R_36888_NL = re('onherstelbare waarschuwing gegenereerd', GAP, /(?:code|is)[^\d]{0,40}?/);
const withCode = (base: RegExp, code: string): RegExp => extend(base, `${base.source}(${code})(?!\\d)`);
const anyCode = (base: RegExp): RegExp => extend(base, `${base.source}(\\d{1,3})(?!\\d)`);

/** Every signature, most specific first (ties in ranking go to the earlier one). */
export const EXPLAIN_SIGNATURES: readonly ExplainSignature[] = [
  {
    id: SIG.socketError421, side: 'either', direction: 'outbound',
    patterns: [
      { re: re('421 4.4.2 connection dropped due to socketerror'), weight: 0.98 },
      { re: re('connection dropped due to socketerror'), weight: 0.93 },
      { re: re('421 4.4.2 connection dropped'), weight: 0.75 },
    ],
    samples: [
      "Remote Server returned '421 4.4.2 Connection dropped due to SocketError'",
      '421 4.4.2 Connection dropped due to SocketError',
    ],
  },
  {
    id: SIG.tlsNoCredentials, side: 'local', direction: 'either',
    patterns: [{ re: re('tls negotiation failed with error nocredentials'), weight: 0.98 }],
    samples: ['2019-03-21T13:01:07.212Z,Outbound to Office 365,08D6ADF5B7BF8A51,5,10.0.0.5:28934,104.47.42.36:25,*,,TLS negotiation failed with error NoCredentials'],
  },
  {
    id: SIG.tlsUnknownCredentials, side: 'local', direction: 'either',
    patterns: [{ re: re('tls negotiation failed with error unknowncredentials'), weight: 0.98 }],
    samples: ['TLS negotiation failed with error UnknownCredentials.'],
  },
  {
    id: SIG.tlsNegotiationFailed, side: 'either', direction: 'either',
    patterns: [
      { re: re('tls negotiation failed with error socketerror'), weight: 0.97 },
      // The article's Dutch machine translation, in case an admin pastes it from there.
      { re: re('tls-onderhandeling is mislukt met fout socketerror'), weight: 0.9 },
      // Any other SSPI status name (AlgorithmMismatch, IllegalMessage, UntrustedRoot...).
      { re: re('tls negotiation failed with error ', /([a-z]\w{2,40})/), weight: 0.9, details: (m) => ({ error: m[1] ?? '' }) },
    ],
    samples: [
      '2023-01-11T16:00:05.201Z,EX01\\Outbound to Office 365,08DAF3E9A1B2C3D4,4,192.168.10.5:41234,104.47.22.74:25,*,,TLS negotiation failed with error SocketError',
      'TLS negotiation failed with error SocketError',
      'SmtpReceive,TLS negotiation failed with error AlgorithmMismatch',
    ],
  },
  {
    id: SIG.cannotConnect4317, side: 'receiver', direction: 'inbound',
    patterns: [
      { re: re(/[45]\d\d[ \n]?/, /[45]\.4\.317/, GAP, /(?:\[?message[ \n]?=?[ \n]?|\()?/, '451 5.7.3 starttls is required to send mail'), weight: 0.98 },
      { re: re('450 4.4.317 cannot connect to remote server'), weight: 0.97 },
      { re: re('550 5.4.317 message expired'), weight: 0.95 },
      { re: re(/(?<![\d.])[45]\.4\.317(?![\d])/), weight: 0.85 },
    ],
    samples: [
      'LED=450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail]',
      '550 5.4.317 Message expired, cannot connect to remote server(451 5.7.3 STARTTLS is required to send mail)',
    ],
  },
  {
    id: SIG.legacyClientTls4766, side: 'client', direction: 'submission',
    patterns: [
      { re: re('421 4.7.66 tls 1.0 and 1.1 are not supported'), weight: 0.98 },
      { re: re('tls 1.0 and 1.1 are not supported. please upgrade/update your client'), weight: 0.95 },
      { re: re(/(?<![\d.])4\.7\.66(?!\d)/), weight: 0.85 },
      { re: re('aka.ms/smtp_auth_tls'), weight: 0.8 },
    ],
    samples: [
      '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls [MAXPR0101CA0021.INDPRD01.PROD.OUTLOOK.COM]',
    ],
  },
  {
    id: SIG.starttlsRequired, side: 'sender', direction: 'outbound',
    patterns: [
      { re: re('451 5.7.3 starttls is required to send mail'), weight: 0.97 },
      { re: re('starttls is required to send mail'), weight: 0.88 },
    ],
    samples: ['451 5.7.3 STARTTLS is required to send mail [PA7P264CA0250.FRAP264.PROD.OUTLOOK.COM 2026-03-05T11:41:09.483Z 08DE7A509B86EADD]'],
  },
  {
    id: SIG.mustIssueStarttls, side: 'sender', direction: 'either',
    patterns: [
      { re: re('451 5.7.3 must issue a starttls command first'), weight: 0.97 },
      { re: re('451 4.4.0 primary target ip address responded with', GAP, 'must issue a starttls command first'), weight: 0.97, direction: 'inbound' },
      { re: re('must issue a starttls command first'), weight: 0.85 },
      { re: re('moet eerst een starttls-opdracht geven'), weight: 0.85 },
    ],
    samples: [
      '2023-01-11T16:00:04.338Z,EX01\\Default Frontend EX01,08DAF3E9A1B2C3D5,7,10.0.0.4:25,10.0.0.9:50123,>,451 5.7.3 Must issue a STARTTLS command first,',
      '451 4.4.0 Primary target IP address responded with: "451 5.7.3 Must issue a STARTTLS command first."',
    ],
  },
  {
    id: SIG.mustIssueStarttls530, side: 'sender', direction: 'either',
    patterns: [{ re: re('530 5.7.0 must issue a starttls command first'), weight: 0.97 }],
    samples: ['Mar  3 10:12:01 mx postfix/smtpd[1201]: NOQUEUE: reject: MAIL from unknown[10.0.0.9]: 530 5.7.0 Must issue a STARTTLS command first; proto=ESMTP helo=<scanner>'],
  },
  {
    id: SIG.suspiciousRemoteServer, side: 'receiver', direction: 'inbound',
    patterns: [
      { re: re('smtpsend.suspiciousremoteservererror'), weight: 0.9 },
      { re: re('remote server disconnected abruptly'), weight: 0.8 },
    ],
    samples: ['451 4.4.0 SMTPSEND.SuspiciousRemoteServerError; remote server disconnected abruptly; retry will be delayed'],
  },
  {
    id: SIG.authTempFailure454, side: 'either', direction: 'none',
    patterns: [{ re: re('454 4.7.0 temporary authentication failure'), weight: 0.95 }],
    samples: ['454 4.7.0 Temporary authentication failure'],
  },
  {
    id: SIG.tlsNotAvailable454, side: 'receiver', direction: 'outbound',
    patterns: [{ re: re('454 4.7.0 tls not available due to local problem'), weight: 0.96 }],
    samples: ['host mx.example.nl[192.0.2.25] said: 454 4.7.0 TLS not available due to local problem (in reply to STARTTLS command)'],
  },
  {
    id: SIG.versionTooLow, side: 'remote', direction: 'inbound',
    patterns: [
      { re: re(/tls_process_client_hello:?[ \n]?/, 'version too low'), weight: 0.97, direction: 'inbound' },
      { re: re('ssl routines', /[^\n]{0,80}?/, 'version too low'), weight: 0.92 },
      { re: re(/:[ \n]?/, 'version too low'), weight: 0.8 },
    ],
    samples: [
      'Apr 14 19:24:31 straylight postfix/smtpd[4787]: warning: TLS library problem: error:1417D18C:SSL routines:tls_process_client_hello:version too low:../ssl/statem/statem_srvr.c:974:',
    ],
  },
  {
    id: SIG.unsupportedProtocol, side: 'remote', direction: 'either',
    patterns: [
      { re: re(/tls_early_post_process_client_hello:?[ \n]?/, 'unsupported protocol'), weight: 0.97, direction: 'inbound' },
      { re: re(/ssl_choose_client_version:?[ \n]?/, 'unsupported protocol'), weight: 0.97, direction: 'outbound' },
      { re: re(/error:0a000102:?/, GAP, 'unsupported protocol'), weight: 0.95 },
      { re: re('ssl routines', /[^\n]{0,80}?/, 'unsupported protocol'), weight: 0.92 },
      { re: re(/(?:reason=|:[ \n]?)/, 'unsupported protocol'), weight: 0.8 },
    ],
    samples: [
      'warning: TLS library problem: error:14209102:SSL routines:tls_early_post_process_client_hello:unsupported protocol',
      'error:1425F102:SSL routines:ssl_choose_client_version:unsupported protocol',
      'error:0A000102:SSL routines::unsupported protocol',
    ],
  },
  {
    id: SIG.wrongVersionNumber, side: 'remote', direction: 'either',
    patterns: [
      { re: re(/ssl3_get_client_hello:?[ \n]?/, 'wrong version number'), weight: 0.95, direction: 'inbound' },
      { re: re('ssl routines', /[^\n]{0,80}?/, 'wrong version number'), weight: 0.9 },
      { re: re(/(?:reason=|:[ \n]?)/, 'wrong version number'), weight: 0.8 },
    ],
    samples: ['warning: TLS library problem: 4201:error:1408A10B:SSL routines:ssl3_get_client_hello:wrong version number:s3_srvr.c:1040:'],
  },
  {
    id: SIG.alertProtocolVersion, side: 'local', direction: 'either',
    patterns: [{ re: re(/(?:tlsv1|sslv3)[ \n]?/, 'alert protocol version'), weight: 0.95 }],
    samples: ['warning: TLS library problem: error:1409442E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:s3_pkt.c:1493:SSL alert number 70:'],
  },
  {
    id: SIG.alertHandshakeFailure, side: 'either', direction: 'either',
    patterns: [{ re: re(/(?:sslv3|tlsv1)[ \n]?/, 'alert handshake failure'), weight: 0.9 }],
    samples: ['error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../ssl/record/rec_layer_s3.c:1543:SSL alert number 40'],
  },
  {
    id: SIG.sslAcceptError, side: 'remote', direction: 'inbound',
    patterns: [{ re: re('ssl_accept error from ', /[^\s:]{1,300}/), weight: 0.85 }],
    samples: ['Apr 14 19:24:31 straylight postfix/smtpd[4787]: SSL_accept error from unknown[192.168.251.4]: -1'],
  },
  {
    id: SIG.sslConnectError, side: 'remote', direction: 'outbound',
    patterns: [{ re: re('ssl_connect error to ', /[^\s:]{1,300}/), weight: 0.85 }],
    samples: ['Jun  1 09:00:01 relay postfix/smtp[2211]: SSL_connect error to mx.example.nl[192.0.2.25]:25: -1'],
  },
  {
    id: SIG.cannotStartTls, side: 'either', direction: 'outbound',
    patterns: [{ re: re('cannot start tls: handshake failure'), weight: 0.93 }],
    samples: ['Jun  1 09:00:01 relay postfix/smtp[2211]: 3F2A1C0041: to=<jan@example.nl>, relay=mx.example.nl[192.0.2.25]:25, delay=0.4, status=deferred (Cannot start TLS: handshake failure)'],
  },
  {
    id: SIG.tlsRequiredNotOffered, side: 'receiver', direction: 'outbound',
    patterns: [
      { re: re('tls is required, but was not offered by host'), weight: 0.95 },
      { re: re('tls is required, but host ', /[^\s]{1,300}[ \n]?/, 'refused to start tls'), weight: 0.95 },
    ],
    samples: ['status=deferred (TLS is required, but was not offered by host mx.example.nl[192.0.2.25])'],
  },
  {
    id: SIG.eximTlsError, side: 'either', direction: 'either',
    patterns: [
      { re: re('tls error on connection ', /[^\n]{0,200}?\((?:ssl_accept|gnutls_handshake)[^)]{0,40}\)/), weight: 0.9, direction: 'inbound' },
      { re: re('tls error on connection ', /[^\n]{0,200}?\(ssl_connect[^)]{0,40}\)/), weight: 0.9, direction: 'outbound' },
      { re: re(/tls[ \n]?(?:send[ \n]?|recv[ \n]?)?/, 'error on connection'), weight: 0.8 },
    ],
    samples: [
      '2012-07-11 13:12:25 TLS error on connection from [203.0.113.9] (SSL_accept): timed out',
      'TLS error on connection from mout.gmx.net [212.227.15.15] (gnutls_handshake): A TLS fatal alert has been received.',
    ],
  },
  {
    id: SIG.eximTlsRequired, side: 'receiver', direction: 'outbound',
    patterns: [{ re: re('a tls session is required', /,?[ \n]?/, 'but'), weight: 0.92 }],
    samples: ['1x5T19-0000-0MhN == jan@example.nl R=dnslookup T=remote_smtp defer (-38) H=mx.example.nl [192.0.2.25]: a TLS session is required, but the server did not offer TLS support'],
  },
  {
    id: SIG.sendmailHandshakeFailed, side: 'either', direction: 'outbound',
    patterns: [{ re: re('403 4.7.0 tls handshake failed'), weight: 0.95 }],
    samples: ['Dec  4 10:24:32 c.spam.sonic.net sendmail[32283]: ruleset=tls_server, arg1=SOFTWARE, relay=goransoncpa-com.mail.eo.outlook.com, reject=403 4.7.0 TLS handshake failed.'],
  },
  {
    id: SIG.sendmailStarttlsError, side: 'either', direction: 'either',
    patterns: [
      { re: re('starttls=server, error: accept failed'), weight: 0.93, direction: 'inbound' },
      { re: re('starttls=client, error: connect failed'), weight: 0.93, direction: 'outbound' },
    ],
    samples: [
      'Dec  4 10:24:32 c.spam.sonic.net sendmail[32283]: STARTTLS=client, error: connect failed=0, SSL_error=5',
      'May  2 08:01:12 mx sm-mta[3011]: STARTTLS=server, error: accept failed=-1, reason=unsupported protocol, SSL_error=1, errno=0, retry=-1, relay=[10.0.0.9]',
    ],
  },
  {
    id: SIG.legacyTlsInUse, side: 'remote', direction: 'either',
    patterns: [
      { re: re('tls connection ', /(?:established|reused)[ \n]?from[ \n]?[^\n]{1,300}?:[ \n]?(tlsv1(?:\.1)?)(?![.\d])[ \n]?with[ \n]?cipher/), weight: 0.9, direction: 'inbound', details: protoDetails },
      { re: re('tls connection ', /(?:established|reused)[ \n]?to[ \n]?[^\n]{1,300}?:[ \n]?(tlsv1(?:\.1)?)(?![.\d])[ \n]?with[ \n]?cipher/), weight: 0.9, direction: 'outbound', details: protoDetails },
      { re: re(/<=[^\n]{1,400}?[ \n]x=(tlsv?1(?:\.[01])?):/), weight: 0.85, direction: 'inbound', details: protoDetails },
      { re: re(/=>[^\n]{1,400}?[ \n]x=(tlsv?1(?:\.[01])?):/), weight: 0.85, direction: 'outbound', details: protoDetails },
      { re: re(/starttls=server,[ \n]?relay=[^\n]{1,300}?version=(tlsv1(?:\.1)?),/), weight: 0.85, direction: 'inbound', details: protoDetails },
      { re: re(/starttls=client,[ \n]?relay=[^\n]{1,300}?version=(tlsv1(?:\.1)?),/), weight: 0.85, direction: 'outbound', details: protoDetails },
      { re: re(/tls[ \n]?protocol[ \n]?sp_prot_(tls1(?:_0|_1))_server/), weight: 0.85, direction: 'inbound', details: (m) => ({ protocol: m[1] === 'tls1_1' ? 'TLS 1.1' : 'TLS 1.0' }) },
      { re: re(/tls[ \n]?protocol[ \n]?sp_prot_(tls1(?:_0|_1))_client/), weight: 0.85, direction: 'outbound', details: (m) => ({ protocol: m[1] === 'tls1_1' ? 'TLS 1.1' : 'TLS 1.0' }) },
    ],
    samples: [
      'Jun  8 11:40:36 PDC1 postfix/smtpd[5944]: Anonymous TLS connection established from mail-pz0-f43.google.com[209.85.210.43]: TLSv1 with cipher RC4-SHA (128/128 bits)',
      'Jun 12 06:24:14 sender postfix/smtp[9045]: Untrusted TLS connection established to valid-example-recipient.com[192.168.33.7]:25: TLSv1.1 with cipher AECDH-AES256-SHA (256/256 bits)',
      '2010-09-13 05:00:13 [1487] 1Ov4tU-0000Nz-Rm <= mailling.list@domain.com H=mailhost.domain.com [208.42.54.2]:51792 I=[67.215.162.175]:25 P=esmtps X=TLSv1:AES256-SHA:256 CV=no S=21778',
      '2023-01-11T16:00:04.201Z,EX01\\Default EX01,08DAF3E9A1B2C3D5,5,10.0.0.4:25,10.0.0.9:50123,*,,"TLS protocol SP_PROT_TLS1_0_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits"',
    ],
  },
  {
    id: SIG.schannel36871, side: 'local', direction: 'either',
    patterns: [
      { re: re('a fatal error occurred while creating a', /n?[ \n]?/, /(?:tls|ssl)[ \n]?(?:client|server)[ \n]?/, 'credential'), weight: 0.95 },
    ],
    samples: ['A fatal error occurred while creating a TLS client credential. The internal error state is 10013.'],
  },
  {
    id: SIG.schannel36874, side: 'client', direction: 'inbound',
    patterns: [
      {
        re: re(/an?[ \n]?((?:tls|ssl)[ \n]?\d\.\d)?[ \n]?/, 'connection request was received from a remote client application, but none of the cipher suites'),
        weight: 0.97, details: protoDetails,
      },
      { re: re(/(?:event[ \n]?(?:id)?[ \n]?:?[ \n]?|gebeurtenis-?[ \n]?id[ \n]?:?[ \n]?|schannel[^\n]{0,60}?)36874(?!\d)/), weight: 0.85 },
    ],
    samples: ['A TLS 1.0 connection request was received from a remote client application, but none of the cipher suites supported by the client application are supported by the server. The TLS connection request has failed.'],
  },
  {
    id: SIG.schannel36887v70, side: 'local', direction: 'either',
    patterns: [
      { re: withCode(R_36887, '70'), weight: 0.97, details: alertDetails },
      { re: withCode(R_36887_NL, '70'), weight: 0.95, details: alertDetails },
    ],
    samples: [
      'A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 70.',
      'Er is een onherstelbare waarschuwing ontvangen van het externe eindpunt. De door het TLS-protocol gedefinieerde code voor de onherstelbare waarschuwing is 70.',
    ],
  },
  {
    id: SIG.schannel36887v40, side: 'either', direction: 'either',
    patterns: [
      { re: withCode(R_36887, '40'), weight: 0.97, details: alertDetails },
      { re: withCode(R_36887_NL, '40'), weight: 0.95, details: alertDetails },
    ],
    samples: ['A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 40.'],
  },
  {
    id: SIG.schannel36887, side: 'either', direction: 'either', refinedBy: [SIG.schannel36887v70, SIG.schannel36887v40],
    patterns: [
      { re: anyCode(R_36887), weight: 0.93, details: alertDetails },
      { re: anyCode(R_36887_NL), weight: 0.9, details: alertDetails },
      { re: re('a fatal alert was received from the remote endpoint'), weight: 0.9 },
      { re: re(/(?:event[ \n]?(?:id)?[ \n]?:?[ \n]?|gebeurtenis-?[ \n]?id[ \n]?:?[ \n]?|schannel[^\n]{0,60}?)36887(?!\d)/), weight: 0.85 },
    ],
    samples: ['A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 46.'],
  },
  {
    id: SIG.schannel36888v70, side: 'remote', direction: 'inbound',
    patterns: [
      { re: withCode(R_36888, '70'), weight: 0.97, details: alertDetails },
      { re: withCode(R_36888_NL, '70'), weight: 0.95, details: alertDetails },
    ],
    samples: [
      'A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal error code is 70. The Windows SChannel error state is 105.',
      'Bron: Schannel\nGebeurtenis-id: 36888\nEr is een onherstelbare waarschuwing gegenereerd en verzonden naar het externe eindpunt. De verbinding kan hierdoor worden beëindigd. De door het TLS-protocol gedefinieerde code voor de onherstelbare waarschuwing is 70.',
    ],
  },
  {
    id: SIG.schannel36888v40, side: 'either', direction: 'inbound',
    patterns: [
      { re: withCode(R_36888, '40'), weight: 0.97, details: alertDetails },
      { re: withCode(R_36888_NL, '40'), weight: 0.95, details: alertDetails },
    ],
    samples: ['A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal error code is 40. The Windows SChannel error state is 1205.'],
  },
  {
    id: SIG.schannel36888, side: 'either', direction: 'either', refinedBy: [SIG.schannel36888v70, SIG.schannel36888v40],
    patterns: [
      { re: anyCode(R_36888), weight: 0.93, details: alertDetails },
      { re: anyCode(R_36888_NL), weight: 0.9, details: alertDetails },
      { re: re('a fatal alert was generated and sent to the remote endpoint'), weight: 0.9 },
      { re: re(/(?:event[ \n]?(?:id)?[ \n]?:?[ \n]?|gebeurtenis-?[ \n]?id[ \n]?:?[ \n]?|schannel[^\n]{0,60}?)36888(?!\d)/), weight: 0.85 },
    ],
    samples: ['A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal alert code is 48.'],
  },
];

/** The signature with this id, or undefined. */
export function explainSignature(id: string): ExplainSignature | undefined {
  return EXPLAIN_SIGNATURES.find((s) => s.id === id);
}
