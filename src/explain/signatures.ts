// What explain recognises in pasted text: signature ids, tolerant detection patterns, side/direction, real-world samples.
import { LOG_SIGNATURE_IDS as L } from '../logs/index.js';
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
  /** Signatures this one explains when both are in the text (an Exchange Online code quoting the reply it got). */
  suppresses?: readonly string[];
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
  timedOut421: 'sig.timed-out-421',
  remoteSocketError: 'sig.remote-socket-error',
  exo4316: 'sig.exo-4-4-316',
  mtaStsFailed: 'sig.mta-sts-failed',
  daneFailed: 'sig.dane-failed',
  tenantAttribution: 'sig.tenant-attribution-5-7-64',
  tlsChannelAccessDenied: 'sig.tls-channel-access-denied',
  clientTlsConfig: 'sig.client-tls-config',
  certHostMismatch: 'sig.cert-host-mismatch',
  sendConnectorTlsRequired: 'sig.send-connector-tls-required',
  eximTlsUnavailable: 'sig.exim-tls-unavailable',
  secAlgorithmMismatch: 'sig.sec-algorithm-mismatch',
  secIllegalMessage: 'sig.sec-illegal-message',
  secUnsupportedFunction: 'sig.sec-unsupported-function',
  secWrongPrincipal: 'sig.sec-wrong-principal',
  secCertExpired: 'sig.sec-cert-expired',
  secUntrustedRoot: 'sig.sec-untrusted-root',
  secInvalidToken: 'sig.sec-invalid-token',
  dotnetSspiFailed: 'sig.dotnet-sspi-failed',
  dotnetUnexpectedPacket: 'sig.dotnet-unexpected-packet',
  dotnetRemoteClosed: 'sig.dotnet-remote-closed',
  dotnetRemoteCertInvalid: 'sig.dotnet-remote-cert-invalid',
  dotnetTlsAlert: 'sig.dotnet-tls-alert',
  dotnetConnectionReset: 'sig.dotnet-connection-reset',
  noSharedCipher: 'sig.no-shared-cipher',
  noProtocolsAvailable: 'sig.no-protocols-available',
  dhKeyTooSmall: 'sig.dh-key-too-small',
  tls12Required: 'sig.tls12-required',
  gnutlsHandshake: 'sig.gnutls-handshake',
  curlSchannelHandshake: 'sig.curl-schannel-handshake',
} as const;
export type SigId = (typeof SIG)[keyof typeof SIG];

/** TLS alert descriptions (IANA registry), for Schannel's "fatal alert code is N": the codec's table. */
export const TLS_ALERTS: Readonly<Record<number, string>> = ALERTS;

/** The characters a phrase escapes in its regexp source (the syntax characters and '/'). */
const SPECIAL = new Set(['.', '*', '+', '?', '^', '$', '{', '}', '(', ')', '|', '[', ']', '\\', '/']);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * A literal phrase as a pattern on normalised text: a space may be absent or a line break (wrapped NDRs),
 * and a word may be cut by a line break anywhere (hard-wrapped queue viewer copies).
 */
export function phrase(text: string): string {
  let out = '';
  const s = text.toLowerCase();
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === ' ') {
      out += '[ \\n]?';
      continue;
    }
    // "4.4.2" typed from memory as "4.4 2" or "442": a dot between digits may be a space or missing.
    if (ch === '.' && isDigit(s[i - 1]) && isDigit(s[i + 1])) {
      out += '(?:\\.\\n?|[ \\n])?';
      continue;
    }
    // (character tests, not a regexp per character: every signature is built from phrases on first use)
    out += SPECIAL.has(ch) ? `\\${ch}` : ch;
    const next = s[i + 1];
    if (next !== undefined && next !== ' ') out += '\\n?';
  }
  return out;
}

/** The literal text each phrase of a pattern needs, without spaces and line breaks (see literalsOf). */
const LITERALS = new WeakMap<RegExp, readonly string[]>();

/**
 * The runs of letters, digits and '_' (3 or more) that any match of a regexp source must contain: read from the top level
 * of the source only (a group, a character class, a quantifier, an escape or an optional character ends a run; a top-level `|`, or an
 * escape that names something, means none). Empty when unsure: the pattern then always runs.
 */
export function sourceLiterals(src: string): string[] {
  if (/\\[pPuk][{<]/.test(src)) return [];
  // (character codes, not a regexp test per character: this runs for every bare pattern at a cold explain's start)
  const hex = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102);
  const word = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122) || c === 95;
  const out: string[] = [];
  let run = '';
  let depth = 0;
  const end = (): void => {
    if (run.length >= 3) out.push(run);
    run = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      end();
      i++; // the escaped character; hex digits of \xHH, \uHHHH or a back-reference number are skipped as well
      while (i + 1 < src.length && hex(src.charCodeAt(i + 1))) i++;
    } else if (c === '[') {
      end();
      for (i++; i < src.length && src[i] !== ']'; i++) if (src[i] === '\\') i++;
    } else if (c === '{') {
      end(); // a {n,m} quantifier: its digits are not text
      while (i + 1 < src.length && src[i] !== '}') i++;
    } else if (c === '(' || c === ')') {
      end();
      depth += c === '(' ? 1 : -1;
    } else if (c === '|') {
      if (depth === 0) return [];
      end();
    } else if (depth === 0 && word(src.charCodeAt(i))) {
      const q = src[i + 1];
      if (q === '?' || q === '*' || q === '{') end();
      else {
        run += c;
        if (q === '+') end();
      }
    } else end();
  }
  end();
  return out;
}

/**
 * What any match of `re` must contain, as text of the normalised input with every ' ' and '\n' removed: the phrases it
 * was built from (a phrase only lets a space or a line break appear or vanish, so a match squeezed the same way holds
 * the phrase squeezed), or for a pattern written as a bare RegExp the literal runs of its source (sourceLiterals: a run
 * has no space or line break, so it is in the squeezed text too). Lets matching skip patterns that cannot hit.
 */
export function literalsOf(pattern: RegExp): readonly string[] {
  let lits = LITERALS.get(pattern);
  if (!lits) {
    lits = sourceLiterals(pattern.source);
    LITERALS.set(pattern, lits);
  }
  return lits;
}

const squeeze = (s: string): string => s.replace(/[ \n]/g, '');

/**
 * `source` for a text that has no line break: every optional line break (`\n?` outside a character class, which is how
 * phrase() lets a pasted message wrap between any two characters) left out. On such a text it matches exactly what
 * `source` matches, at the same places and with the same groups (`\n?` can only match nothing there); it compiles in a
 * fraction of the time (the phrase patterns of a cold `mailtls explain` took ~2 ms to compile). A `\n?` followed by
 * another quantifier character is kept.
 */
export function oneLineSource(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      const esc = source.slice(i, i + 2);
      const after = source[i + 2];
      const next = source[i + 3];
      if (!inClass && esc === '\\n' && after === '?' && next !== '?' && next !== '+' && next !== '*' && next !== '{') {
        i += 2;
        continue;
      }
      out += esc;
      i++;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    out += c;
  }
  return out;
}

/** A regexp from pieces: strings are phrases, RegExps are used as they are. */
function re(...parts: (string | RegExp)[]): RegExp {
  const out = new RegExp(parts.map((p) => (typeof p === 'string' ? phrase(p) : p.source)).join(''), 'g');
  // A dot between digits may vanish or be a space (see phrase()): the literal pieces are what lies between such dots.
  const lits = parts
    .filter((p): p is string => typeof p === 'string')
    .flatMap((p) => squeeze(p.toLowerCase()).split(/(?<=\d)\.(?=\d)/))
    .filter(Boolean);
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
  const canon = /^(?:tls)?v?1(?:\.0)?$/.test(v)
    ? 'TLS 1.0'
    : /1\.1$/.test(v)
      ? 'TLS 1.1'
      : /1\.2$/.test(v)
        ? 'TLS 1.2'
        : /1\.3$/.test(v)
          ? 'TLS 1.3'
          : v.toUpperCase();
  return { protocol: canon };
};

/** .NET's TlsAlertMessage names ("the remote party sent a TLS alert: 'ProtocolVersion'") and their alert numbers. */
export const DOTNET_ALERTS: Readonly<Record<string, number>> = {
  closenotify: 0,
  unexpectedmessage: 10,
  badrecordmac: 20,
  decryptionfailed: 21,
  recordoverflow: 22,
  decompressionfail: 30,
  handshakefailure: 40,
  nocertificate: 41,
  badcertificate: 42,
  unsupportedcert: 43,
  certificaterevoked: 44,
  certificateexpired: 45,
  certificateunknown: 46,
  illegalparameter: 47,
  unknownca: 48,
  accessdenied: 49,
  decodeerror: 50,
  decrypterror: 51,
  exportrestriction: 60,
  protocolversion: 70,
  insufficientsecurity: 71,
  internalerror: 80,
  inappropriatefallback: 86,
  usercanceled: 90,
  norenegotiation: 100,
  missingextension: 109,
  unsupportedext: 110,
  unsupportedextension: 110,
  unrecognizedname: 112,
  badcertificatestatusresponse: 113,
  unknownpskidentity: 115,
  certificaterequired: 116,
  noapplicationprotocol: 120,
};
const dotnetAlertDetails = (m: RegExpExecArray): Details => {
  const name = m[1] ?? '';
  const code = DOTNET_ALERTS[name.toLowerCase()];
  if (code === undefined) return name ? { alert: name } : {};
  const iana = TLS_ALERTS[code];
  return { alert: iana ? `${code} (${iana})` : String(code) };
};
/** .NET's SslStream wording; the alert name follows after a colon (quotes are gaps after normalising). */
const R_DOTNET_ALERT = /the[ \n]?remote[ \n]?party[ \n]?sent[ \n]?a[ \n]?tls[ \n]?alert[ \n]?:?[ \n]?/;
/**
 * An OpenSSL error code with this reason (the last three hex digits): 1.x "error:1408A0C1" (library 0x14, function,
 * reason) and 3.x "error:0A0000C1" (library 0x0A, reason).
 */
const openSslCode = (reason: string, text: string): RegExp =>
  // The reason text on the same line belongs to the same hit (one occurrence, not two).
  new RegExp(`error:(?:14[0-9a-f]{3}|0a000)${reason}(?![0-9a-f])(?:[^\\n]{0,160}?${text.replace(/ /g, '[ \\n]?')})?`);

/**
 * Every signature, most specific first (ties in ranking go to the earlier one). Built on first use, not when the module
 * loads: compiling the ~200 patterns from phrases is work every start of the CLI would pay, whatever the command.
 */
function buildSignatures(): ExplainSignature[] {
  const R_36887 = re('a fatal alert was received from the remote endpoint', GAP, /(?:alert|error)[ \n]?code[ \n]?is[ \n]?/);
  const R_36888 = re('a fatal alert was generated and sent to the remote endpoint', GAP, /(?:alert|error)[ \n]?code[ \n]?is[ \n]?/);
  // Dutch Windows ("Er is een onherstelbare waarschuwing ontvangen van het externe eindpunt. … is 70."): matched loosely.
  const R_36887_NL = re('onherstelbare waarschuwing ontvangen', GAP, /(?:code|is)[^\d]{0,40}?/);
  const R_36888_NL = re('onherstelbare waarschuwing gegenereerd', GAP, /(?:code|is)[^\d]{0,40}?/);
  const withCode = (base: RegExp, code: string): RegExp => extend(base, `${base.source}(${code})(?!\\d)`);
  const anyCode = (base: RegExp): RegExp => extend(base, `${base.source}(\\d{1,3})(?!\\d)`);
  return [
    {
      id: SIG.socketError421,
      side: 'either',
      direction: 'outbound',
      patterns: [
        { re: re('421 4.4.2 connection dropped due to socket', /[ \n-]?/, 'error'), weight: 0.98 },
        { re: re('connection dropped due to socket', /[ \n-]?/, 'error'), weight: 0.93 },
        // Bare "421 4.4.2 Connection dropped": low, so that "… due to TimedOut" (its own entry) wins.
        { re: re('421 4.4.2 connection dropped', /(?![ \n]?due[ \n]?to[ \n]?time)/), weight: 0.75 },
        { re: re('421 4.4.2 socket', /[ \n-]?/, 'error'), weight: 0.9 },
      ],
      samples: [
        "Remote Server returned '421 4.4.2 Connection dropped due to SocketError'",
        '421 4.4.2 Connection dropped due to SocketError',
        '421 4.4 2 connection dropped due to socket error',
      ],
    },
    {
      id: SIG.timedOut421,
      side: 'either',
      direction: 'outbound',
      patterns: [
        { re: re('421 4.4.2 connection dropped due to time', /d?[ \n]?/, 'out'), weight: 0.98 },
        { re: re('connection dropped due to time', /d?[ \n]?/, 'out'), weight: 0.94 },
      ],
      samples: ["Remote Server returned '421 4.4.2 Connection dropped due to TimedOut'"],
    },
    {
      id: SIG.remoteSocketError,
      side: 'sender',
      direction: 'inbound',
      patterns: [{ re: re('remote(socketerror)'), weight: 0.92 }],
      samples: ['2025-05-28T10:01:02.003Z,EX01\\TLS 12825,08DD9C2A1B2C3D4E,12,10.0.0.4:12825,10.0.0.50:50412,-,,Remote(SocketError)'],
    },
    {
      id: SIG.tlsNoCredentials,
      side: 'local',
      direction: 'either',
      patterns: [{ re: re('tls negotiation failed with error nocredentials'), weight: 0.98 }],
      samples: [
        '2019-03-21T13:01:07.212Z,Outbound to Office 365,08D6ADF5B7BF8A51,5,10.0.0.5:28934,104.47.42.36:25,*,,TLS negotiation failed with error NoCredentials',
      ],
    },
    {
      id: SIG.tlsUnknownCredentials,
      side: 'local',
      direction: 'either',
      patterns: [{ re: re('tls negotiation failed with error unknowncredentials'), weight: 0.98 }],
      samples: ['TLS negotiation failed with error UnknownCredentials.'],
    },
    {
      id: SIG.tlsNegotiationFailed,
      side: 'either',
      direction: 'either',
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
        'SmtpReceive,TLS negotiation failed with error CertUnknown',
      ],
    },
    {
      id: SIG.cannotConnect4317,
      side: 'receiver',
      direction: 'inbound',
      patterns: [
        {
          re: re(/[45]\d\d[ \n]?/, /[45][. \n]?4[. \n]?317/, GAP, /(?:\[?message[ \n]?=?[ \n]?|\()?/, '451 5.7.3 starttls is required to send mail'),
          weight: 0.98,
        },
        { re: re('450 4.4.317 cannot connect to remote server'), weight: 0.97 },
        { re: re('550 5.4.317 message expired'), weight: 0.95 },
        // Exchange Online's message trace without the code: "Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required …".
        { re: re('cannot connect to remote server', /[ \n]?[[(]?(?:message[ \n]?=[ \n]?)?/, '451 5.7.3 starttls is required'), weight: 0.97 },
        { re: re(/(?<![\d.])[45]\.4\.317(?![\d])/), weight: 0.85 },
      ],
      suppresses: [SIG.starttlsRequired, SIG.mustIssueStarttls],
      samples: [
        'LED=450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail]',
        '550 5.4.317 Message expired, cannot connect to remote server(451 5.7.3 STARTTLS is required to send mail)',
      ],
    },
    {
      id: SIG.legacyClientTls4766,
      side: 'client',
      direction: 'submission',
      patterns: [
        { re: re('421 4.7.66 tls 1.0 and 1.1 are not supported'), weight: 0.98 },
        { re: re('tls 1.0 and 1.1 are not supported. please upgrade/update your client'), weight: 0.95 },
        { re: re('tls 1.0 and 1.1 are not supported'), weight: 0.9 },
        { re: re(/(?<![\d.])4\.7\.66(?!\d)/), weight: 0.85 },
        { re: re('aka.ms/smtp_auth_tls'), weight: 0.8 },
      ],
      samples: [
        '421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support TLS 1.2. Visit https://aka.ms/smtp_auth_tls [MAXPR0101CA0021.INDPRD01.PROD.OUTLOOK.COM]',
      ],
    },
    {
      id: SIG.starttlsRequired,
      side: 'sender',
      direction: 'outbound',
      patterns: [
        { re: re('451 5.7.3 starttls is required to send mail'), weight: 0.97 },
        { re: re('starttls is required to send mail'), weight: 0.88 },
      ],
      samples: ['451 5.7.3 STARTTLS is required to send mail [PA7P264CA0250.FRAP264.PROD.OUTLOOK.COM 2026-03-05T11:41:09.483Z 08DE7A509B86EADD]'],
    },
    {
      id: SIG.mustIssueStarttls,
      side: 'sender',
      direction: 'either',
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
      id: SIG.mustIssueStarttls530,
      side: 'sender',
      direction: 'either',
      patterns: [
        { re: re('530 5.7.0 must issue a starttls command first'), weight: 0.97 },
        // Outlook / Windows Mail show the server's reply as "530 5.7.0. Issue a STARTTLS command first" (or without "Must").
        { re: re('530 5.7.0', /\.?[ \n]?(?:must[ \n]?)?/, 'issue a starttls command first'), weight: 0.96 },
      ],
      samples: [
        'Mar  3 10:12:01 mx postfix/smtpd[1201]: NOQUEUE: reject: MAIL from unknown[10.0.0.9]: 530 5.7.0 Must issue a STARTTLS command first; proto=ESMTP helo=<scanner>',
        'The server responded: 530 5.7.0. Issue a STARTTLS command first',
      ],
    },
    {
      id: SIG.suspiciousRemoteServer,
      side: 'receiver',
      // Exchange Online (or Exchange) sending: to a remote MX (outgoing mail) or, through a connector, to the
      // organisation's own on-premises server (incoming mail, as 4.4.317): the text alone does not say which
      direction: 'either',
      patterns: [
        { re: re('smtpsend.suspiciousremoteservererror'), weight: 0.9 },
        { re: re(/(?:smtpsend\.)?/, 'suspiciousremoteservererror'), weight: 0.88 },
        { re: re(/(?<![\d.])[45][. \n]?4[. \n]?318(?!\d)/), weight: 0.87 },
        { re: re('remote server disconnected abruptly'), weight: 0.8 },
        { re: re('connection was closed abruptly'), weight: 0.8 },
      ],
      samples: [
        '451 4.4.0 SMTPSEND.SuspiciousRemoteServerError; remote server disconnected abruptly; retry will be delayed',
        '450 4.4.318 Connection was closed abruptly (SuspiciousRemoteServerError)',
      ],
    },
    {
      id: SIG.authTempFailure454,
      side: 'either',
      direction: 'none',
      patterns: [{ re: re('454 4.7.0 temporary authentication failure'), weight: 0.95 }],
      samples: ['454 4.7.0 Temporary authentication failure'],
    },
    {
      id: SIG.tlsNotAvailable454,
      side: 'receiver',
      direction: 'outbound',
      patterns: [{ re: re('454 4.7.0 tls not available due to local problem'), weight: 0.96 }],
      samples: ['host mx.example.nl[192.0.2.25] said: 454 4.7.0 TLS not available due to local problem (in reply to STARTTLS command)'],
    },
    {
      id: SIG.versionTooLow,
      side: 'remote',
      direction: 'inbound',
      patterns: [
        { re: re(/tls_process_client_hello:?[ \n]?/, 'version too low'), weight: 0.97, direction: 'inbound' },
        { re: re('ssl routines', /[^\n]{0,80}?/, 'version too low'), weight: 0.92 },
        { re: re(/:[ \n]?/, 'version too low'), weight: 0.8 },
        { re: re(openSslCode('18c', 'version too low')), weight: 0.85 },
      ],
      samples: [
        'Apr 14 19:24:31 straylight postfix/smtpd[4787]: warning: TLS library problem: error:1417D18C:SSL routines:tls_process_client_hello:version too low:../ssl/statem/statem_srvr.c:974:',
      ],
    },
    {
      id: SIG.unsupportedProtocol,
      side: 'remote',
      direction: 'either',
      patterns: [
        { re: re(/tls_early_post_process_client_hello:?[ \n]?/, 'unsupported protocol'), weight: 0.97, direction: 'inbound' },
        { re: re(/ssl_choose_client_version:?[ \n]?/, 'unsupported protocol'), weight: 0.97, direction: 'outbound' },
        { re: re(/error:0a000102:?/, GAP, 'unsupported protocol'), weight: 0.95 },
        { re: re('ssl routines', /[^\n]{0,80}?/, 'unsupported protocol'), weight: 0.92 },
        { re: re(/(?:reason=|:[ \n]?)/, 'unsupported protocol'), weight: 0.8 },
        { re: re(openSslCode('102', 'unsupported protocol')), weight: 0.85 },
      ],
      samples: [
        'warning: TLS library problem: error:14209102:SSL routines:tls_early_post_process_client_hello:unsupported protocol',
        'error:1425F102:SSL routines:ssl_choose_client_version:unsupported protocol',
        'error:0A000102:SSL routines::unsupported protocol',
      ],
    },
    {
      id: SIG.wrongVersionNumber,
      side: 'remote',
      direction: 'either',
      patterns: [
        { re: re(/ssl3_get_client_hello:?[ \n]?/, 'wrong version number'), weight: 0.95, direction: 'inbound' },
        { re: re('ssl routines', /[^\n]{0,80}?/, 'wrong version number'), weight: 0.9 },
        { re: re(/(?:reason=|:[ \n]?)/, 'wrong version number'), weight: 0.8 },
        { re: re(openSslCode('10b', 'wrong version number')), weight: 0.85 },
      ],
      samples: ['warning: TLS library problem: 4201:error:1408A10B:SSL routines:ssl3_get_client_hello:wrong version number:s3_srvr.c:1040:'],
    },
    {
      id: SIG.alertProtocolVersion,
      side: 'local',
      direction: 'either',
      patterns: [
        { re: re(/(?:tlsv1|sslv3)[ \n]?/, 'alert protocol version'), weight: 0.95 },
        { re: re(openSslCode('42e', 'alert protocol version')), weight: 0.9 },
        { re: re(R_DOTNET_ALERT, /(protocol[ \n]?version)(?!\w)/), weight: 0.95, details: () => ({ alert: '70 (protocol_version)' }) },
      ],
      samples: ['warning: TLS library problem: error:1409442E:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:s3_pkt.c:1493:SSL alert number 70:'],
    },
    {
      id: SIG.alertHandshakeFailure,
      side: 'either',
      direction: 'either',
      patterns: [
        { re: re(/(?:sslv3|tlsv1)[ \n]?/, 'alert handshake failure'), weight: 0.9 },
        { re: re(openSslCode('410', 'alert handshake failure')), weight: 0.88 },
        { re: re(R_DOTNET_ALERT, /(handshake[ \n]?failure)(?!\w)/), weight: 0.95, details: () => ({ alert: '40 (handshake_failure)' }) },
      ],
      samples: ['error:14094410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../ssl/record/rec_layer_s3.c:1543:SSL alert number 40'],
    },
    {
      id: SIG.sslAcceptError,
      side: 'remote',
      direction: 'inbound',
      patterns: [{ re: re('ssl_accept error from ', /[^\s:]{1,300}/), weight: 0.85 }],
      samples: ['Apr 14 19:24:31 straylight postfix/smtpd[4787]: SSL_accept error from unknown[192.168.251.4]: -1'],
    },
    {
      id: SIG.sslConnectError,
      side: 'remote',
      direction: 'outbound',
      patterns: [{ re: re('ssl_connect error to ', /[^\s:]{1,300}/), weight: 0.85 }],
      samples: ['Jun  1 09:00:01 relay postfix/smtp[2211]: SSL_connect error to mx.example.nl[192.0.2.25]:25: -1'],
    },
    {
      id: SIG.cannotStartTls,
      side: 'either',
      direction: 'outbound',
      patterns: [{ re: re('cannot start tls: handshake failure'), weight: 0.93 }],
      samples: [
        'Jun  1 09:00:01 relay postfix/smtp[2211]: 3F2A1C0041: to=<jan@example.nl>, relay=mx.example.nl[192.0.2.25]:25, delay=0.4, status=deferred (Cannot start TLS: handshake failure)',
      ],
    },
    {
      id: SIG.tlsRequiredNotOffered,
      side: 'receiver',
      direction: 'outbound',
      patterns: [
        { re: re('tls is required, but was not offered by host'), weight: 0.95 },
        { re: re('tls is required, but host ', /[^\s]{1,300}[ \n]?/, 'refused to start tls'), weight: 0.95 },
      ],
      samples: ['status=deferred (TLS is required, but was not offered by host mx.example.nl[192.0.2.25])'],
    },
    {
      id: SIG.eximTlsError,
      side: 'either',
      direction: 'either',
      patterns: [
        // "connection to <host>" is Exim delivering (outbound); "connection from <host>" is Exim receiving (inbound).
        {
          re: re('tls error on connection to ', /[^\n]{0,200}?\((?:ssl_connect|gnutls_handshake|ssl_accept)[^)]{0,40}\):?[ \n]?([^\n]{0,120})/),
          weight: 0.91,
          direction: 'outbound',
          details: (m): Details => (m[1] ? { reason: m[1].trim() } : {}),
        },
        {
          re: re('tls error on connection from ', /[^\n]{0,200}?\((?:ssl_accept|gnutls_handshake|ssl_connect)[^)]{0,40}\):?[ \n]?([^\n]{0,120})/),
          weight: 0.91,
          direction: 'inbound',
          details: (m): Details => (m[1] ? { reason: m[1].trim() } : {}),
        },
        // Without "to"/"from" (cut off), the function tells: SSL_accept is the server side, SSL_connect the client side.
        {
          re: re('tls error on connection ', /[^\n]{0,200}?\(ssl_accept[^)]{0,40}\):?[ \n]?([^\n]{0,120})/),
          weight: 0.9,
          direction: 'inbound',
          details: (m): Details => (m[1] ? { reason: m[1].trim() } : {}),
        },
        {
          re: re('tls error on connection ', /[^\n]{0,200}?\(ssl_connect[^)]{0,40}\):?[ \n]?([^\n]{0,120})/),
          weight: 0.9,
          direction: 'outbound',
          details: (m): Details => (m[1] ? { reason: m[1].trim() } : {}),
        },
        {
          re: re('tls error on connection ', /[^\n]{0,200}?\(gnutls_handshake[^)]{0,40}\):?[ \n]?([^\n]{0,120})/),
          weight: 0.9,
          details: (m): Details => (m[1] ? { reason: m[1].trim() } : {}),
        },
        { re: re(/tls[ \n]?(?:send[ \n]?|recv[ \n]?)?/, 'error on connection'), weight: 0.8 },
        { re: re('(gnutls_handshake):', /[ \n]?([^\n]{1,120})/), weight: 0.82, details: (m): Details => (m[1] ? { reason: m[1].trim() } : {}) },
      ],
      samples: [
        '2012-07-11 13:12:25 TLS error on connection from [203.0.113.9] (SSL_accept): timed out',
        'TLS error on connection from mout.gmx.net [212.227.15.15] (gnutls_handshake): A TLS fatal alert has been received.',
      ],
    },
    {
      id: SIG.eximTlsRequired,
      side: 'receiver',
      direction: 'outbound',
      patterns: [{ re: re('a tls session is required', /,?[ \n]?/, 'but'), weight: 0.92 }],
      samples: [
        '1x5T19-0000-0MhN == jan@example.nl R=dnslookup T=remote_smtp defer (-38) H=mx.example.nl [192.0.2.25]: a TLS session is required, but the server did not offer TLS support',
      ],
    },
    {
      id: SIG.sendmailHandshakeFailed,
      side: 'either',
      direction: 'outbound',
      patterns: [{ re: re('403 4.7.0 tls handshake failed'), weight: 0.95 }],
      samples: [
        'Dec  4 10:24:32 c.spam.sonic.net sendmail[32283]: ruleset=tls_server, arg1=SOFTWARE, relay=goransoncpa-com.mail.eo.outlook.com, reject=403 4.7.0 TLS handshake failed.',
      ],
    },
    {
      id: SIG.sendmailStarttlsError,
      side: 'either',
      direction: 'either',
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
      id: SIG.legacyTlsInUse,
      side: 'remote',
      direction: 'either',
      patterns: [
        {
          re: re('tls connection ', /(?:established|reused)[ \n]?from[ \n]?[^\n]{1,300}?:[ \n]?(tlsv1(?:\.1)?)(?![.\d])[ \n]?with[ \n]?cipher/),
          weight: 0.9,
          direction: 'inbound',
          details: protoDetails,
        },
        {
          re: re('tls connection ', /(?:established|reused)[ \n]?to[ \n]?[^\n]{1,300}?:[ \n]?(tlsv1(?:\.1)?)(?![.\d])[ \n]?with[ \n]?cipher/),
          weight: 0.9,
          direction: 'outbound',
          details: protoDetails,
        },
        { re: re(/<=[^\n]{1,400}?[ \n]x=(tlsv?1(?:\.[01])?):/), weight: 0.85, direction: 'inbound', details: protoDetails },
        { re: re(/=>[^\n]{1,400}?[ \n]x=(tlsv?1(?:\.[01])?):/), weight: 0.85, direction: 'outbound', details: protoDetails },
        { re: re(/starttls=server,[ \n]?relay=[^\n]{1,300}?version=(tlsv1(?:\.1)?),/), weight: 0.85, direction: 'inbound', details: protoDetails },
        { re: re(/starttls=client,[ \n]?relay=[^\n]{1,300}?version=(tlsv1(?:\.1)?),/), weight: 0.85, direction: 'outbound', details: protoDetails },
        {
          re: re(/tls[ \n]?protocol[ \n]?sp_prot_(tls1(?:_0|_1))_server/),
          weight: 0.85,
          direction: 'inbound',
          details: (m) => ({ protocol: m[1] === 'tls1_1' ? 'TLS 1.1' : 'TLS 1.0' }),
        },
        {
          re: re(/tls[ \n]?protocol[ \n]?sp_prot_(tls1(?:_0|_1))_client/),
          weight: 0.85,
          direction: 'outbound',
          details: (m) => ({ protocol: m[1] === 'tls1_1' ? 'TLS 1.1' : 'TLS 1.0' }),
        },
      ],
      samples: [
        'Jun  8 11:40:36 PDC1 postfix/smtpd[5944]: Anonymous TLS connection established from mail-pz0-f43.google.com[209.85.210.43]: TLSv1 with cipher RC4-SHA (128/128 bits)',
        'Jun 12 06:24:14 sender postfix/smtp[9045]: Untrusted TLS connection established to valid-example-recipient.com[192.168.33.7]:25: TLSv1.1 with cipher AECDH-AES256-SHA (256/256 bits)',
        '2010-09-13 05:00:13 [1487] 1Ov4tU-0000Nz-Rm <= mailling.list@domain.com H=mailhost.domain.com [208.42.54.2]:51792 I=[67.215.162.175]:25 P=esmtps X=TLSv1:AES256-SHA:256 CV=no S=21778',
        '2023-01-11T16:00:04.201Z,EX01\\Default EX01,08DAF3E9A1B2C3D5,5,10.0.0.4:25,10.0.0.9:50123,*,,"TLS protocol SP_PROT_TLS1_0_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits"',
      ],
    },
    {
      id: SIG.schannel36871,
      side: 'local',
      direction: 'either',
      patterns: [
        { re: re('a fatal error occurred while creating a', /n?[ \n]?/, /(?:tls|ssl)[ \n]?(?:client|server)[ \n]?/, 'credential'), weight: 0.95 },
        { re: re(/(?:event[ \n]?(?:id)?[ \n]?:?[ \n]?|gebeurtenis-?[ \n]?id[ \n]?:?[ \n]?|schannel[^\n]{0,60}?)36871(?!\d)/), weight: 0.85 },
      ],
      samples: ['A fatal error occurred while creating a TLS client credential. The internal error state is 10013.'],
    },
    {
      id: SIG.schannel36874,
      side: 'client',
      direction: 'inbound',
      patterns: [
        {
          re: re(
            /an?[ \n]?((?:tls|ssl)[ \n]?\d\.\d)?[ \n]?/,
            'connection request was received from a remote client application, but none of the cipher suites',
          ),
          weight: 0.97,
          details: protoDetails,
        },
        { re: re(/(?:event[ \n]?(?:id)?[ \n]?:?[ \n]?|gebeurtenis-?[ \n]?id[ \n]?:?[ \n]?|schannel[^\n]{0,60}?)36874(?!\d)/), weight: 0.85 },
      ],
      samples: [
        'A TLS 1.0 connection request was received from a remote client application, but none of the cipher suites supported by the client application are supported by the server. The TLS connection request has failed.',
      ],
    },
    {
      id: SIG.schannel36887v70,
      side: 'local',
      direction: 'either',
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
      id: SIG.schannel36887v40,
      side: 'either',
      direction: 'either',
      patterns: [
        { re: withCode(R_36887, '40'), weight: 0.97, details: alertDetails },
        { re: withCode(R_36887_NL, '40'), weight: 0.95, details: alertDetails },
      ],
      samples: ['A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 40.'],
    },
    {
      id: SIG.schannel36887,
      side: 'either',
      direction: 'either',
      refinedBy: [SIG.schannel36887v70, SIG.schannel36887v40],
      patterns: [
        { re: anyCode(R_36887), weight: 0.93, details: alertDetails },
        { re: anyCode(R_36887_NL), weight: 0.9, details: alertDetails },
        { re: re('a fatal alert was received from the remote endpoint'), weight: 0.9 },
        { re: re(/(?:event[ \n]?(?:id)?[ \n]?:?[ \n]?|gebeurtenis-?[ \n]?id[ \n]?:?[ \n]?|schannel[^\n]{0,60}?)36887(?!\d)/), weight: 0.85 },
      ],
      samples: ['A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 46.'],
    },
    {
      id: SIG.schannel36888v70,
      side: 'remote',
      direction: 'inbound',
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
      id: SIG.schannel36888v40,
      side: 'either',
      direction: 'inbound',
      patterns: [
        { re: withCode(R_36888, '40'), weight: 0.97, details: alertDetails },
        { re: withCode(R_36888_NL, '40'), weight: 0.95, details: alertDetails },
      ],
      samples: [
        'A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal error code is 40. The Windows SChannel error state is 1205.',
      ],
    },
    {
      id: SIG.schannel36888,
      side: 'either',
      direction: 'either',
      refinedBy: [SIG.schannel36888v70, SIG.schannel36888v40],
      patterns: [
        { re: anyCode(R_36888), weight: 0.93, details: alertDetails },
        { re: anyCode(R_36888_NL), weight: 0.9, details: alertDetails },
        { re: re('a fatal alert was generated and sent to the remote endpoint'), weight: 0.9 },
        { re: re(/(?:event[ \n]?(?:id)?[ \n]?:?[ \n]?|gebeurtenis-?[ \n]?id[ \n]?:?[ \n]?|schannel[^\n]{0,60}?)36888(?!\d)/), weight: 0.85 },
      ],
      samples: [
        'A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal alert code is 48.',
      ],
    },
    {
      id: SIG.secAlgorithmMismatch,
      side: 'either',
      direction: 'either',
      patterns: [
        { re: re('tls negotiation failed with error algorithmmismatch'), weight: 0.97 },
        { re: re('sec_e_algorithm_mismatch'), weight: 0.97 },
        { re: re(/(?<![\da-f])(?:0x)?80090331(?![\da-f])/), weight: 0.93 },
        { re: re(/(?<!\d)-2146893007(?!\d)/), weight: 0.9 },
        {
          re: re('the client and server ', /(?:cannot|can[ \n]?not|can[ \n]?t)[ \n]?/, 'communicate, because they do not possess a common algorithm'),
          weight: 0.95,
        },
      ],
      samples: [
        'System.Security.Authentication.AuthenticationException: A call to SSPI failed, see inner exception. ---> System.ComponentModel.Win32Exception: The client and server cannot communicate, because they do not possess a common algorithm',
        'SEC_E_ALGORITHM_MISMATCH (0x80090331)',
      ],
    },
    {
      id: SIG.secIllegalMessage,
      side: 'either',
      direction: 'either',
      patterns: [
        { re: re('tls negotiation failed with error illegalmessage'), weight: 0.97 },
        { re: re('sec_e_illegal_message'), weight: 0.97 },
        { re: re(/(?<![\da-f])(?:0x)?80090326(?![\da-f])/), weight: 0.93 },
        { re: re(/(?<!\d)-2146893018(?!\d)/), weight: 0.9 },
        { re: re('the message received was unexpected or badly formatted'), weight: 0.95 },
      ],
      samples: [
        'System.ComponentModel.Win32Exception (0x80090326): The message received was unexpected or badly formatted',
        'TLS negotiation failed with error IllegalMessage',
      ],
    },
    {
      id: SIG.secUnsupportedFunction,
      side: 'local',
      direction: 'either',
      patterns: [
        { re: re('tls negotiation failed with error unsupportedfunction'), weight: 0.97 },
        { re: re('sec_e_unsupported_function'), weight: 0.97 },
        { re: re(/(?<![\da-f])(?:0x)?80090302(?![\da-f])/), weight: 0.93 },
        { re: re(/(?<!\d)-2146893054(?!\d)/), weight: 0.9 },
        { re: re('the function requested is not supported'), weight: 0.95 },
      ],
      samples: ['System.ComponentModel.Win32Exception (0x80090302): The function requested is not supported'],
    },
    {
      id: SIG.secWrongPrincipal,
      side: 'either',
      direction: 'either',
      patterns: [
        { re: re('tls negotiation failed with error wrongprincipal'), weight: 0.97 },
        { re: re('sec_e_wrong_principal'), weight: 0.97 },
        { re: re(/(?<![\da-f])(?:0x)?80090322(?![\da-f])/), weight: 0.93 },
        { re: re(/(?<!\d)-2146893022(?!\d)/), weight: 0.9 },
        { re: re('the target principal name is incorrect'), weight: 0.95 },
      ],
      samples: ['SEC_E_WRONG_PRINCIPAL: The target principal name is incorrect.'],
    },
    {
      id: SIG.secCertExpired,
      side: 'either',
      direction: 'either',
      patterns: [
        { re: re('tls negotiation failed with error certexpired'), weight: 0.97 },
        { re: re('sec_e_cert_expired'), weight: 0.97 },
        { re: re(/(?<![\da-f])(?:0x)?80090328(?![\da-f])/), weight: 0.93 },
        { re: re(/(?<!\d)-2146893016(?!\d)/), weight: 0.9 },
        { re: re('the received certificate has expired'), weight: 0.95 },
      ],
      samples: ['0x80090328 - The received certificate has expired.'],
    },
    {
      id: SIG.secUntrustedRoot,
      side: 'either',
      direction: 'either',
      patterns: [
        { re: re('tls negotiation failed with error untrustedroot'), weight: 0.97 },
        { re: re('sec_e_untrusted_root'), weight: 0.97 },
        { re: re(/(?<![\da-f])(?:0x)?80090325(?![\da-f])/), weight: 0.93 },
        { re: re(/(?<!\d)-2146893019(?!\d)/), weight: 0.9 },
        { re: re('the certificate chain was issued by an authority that is not trusted'), weight: 0.95 },
      ],
      samples: ['System.ComponentModel.Win32Exception (0x80090325): The certificate chain was issued by an authority that is not trusted'],
    },
    {
      id: SIG.secInvalidToken,
      side: 'either',
      direction: 'either',
      patterns: [
        { re: re('tls negotiation failed with error invalidtoken'), weight: 0.97 },
        { re: re('sec_e_invalid_token'), weight: 0.97 },
        { re: re(/(?<![\da-f])(?:0x)?80090308(?![\da-f])/), weight: 0.93 },
        { re: re(/(?<!\d)-2146893048(?!\d)/), weight: 0.9 },
        { re: re('the token supplied to the function is invalid'), weight: 0.95 },
      ],
      samples: ['A call to SSPI failed, see inner exception. ----> System.ComponentModel.Win32Exception : The token supplied to the function is invalid'],
    },
    {
      id: SIG.dotnetUnexpectedPacket,
      side: 'either',
      direction: 'submission',
      patterns: [{ re: re('the handshake failed due to an unexpected packet format'), weight: 0.95 }],
      samples: ['System.IO.IOException: The handshake failed due to an unexpected packet format.'],
    },
    {
      id: SIG.dotnetRemoteClosed,
      side: 'either',
      direction: 'either',
      patterns: [
        { re: re('authentication failed because the remote party has closed the transport stream'), weight: 0.95 },
        { re: re('received an unexpected eof or 0 bytes from the transport stream'), weight: 0.93 },
      ],
      samples: ['System.IO.IOException: Authentication failed because the remote party has closed the transport stream.'],
    },
    {
      id: SIG.dotnetRemoteCertInvalid,
      side: 'remote',
      direction: 'either',
      patterns: [
        { re: re('the remote certificate is invalid according to the validation procedure'), weight: 0.95 },
        { re: re('the remote certificate is invalid because of errors in the certificate chain'), weight: 0.95 },
      ],
      samples: ['System.Security.Authentication.AuthenticationException: The remote certificate is invalid according to the validation procedure.'],
    },
    {
      id: SIG.dotnetSspiFailed,
      side: 'either',
      direction: 'either',
      refinedBy: [
        SIG.secAlgorithmMismatch,
        SIG.secIllegalMessage,
        SIG.secUnsupportedFunction,
        SIG.secWrongPrincipal,
        SIG.secCertExpired,
        SIG.secUntrustedRoot,
        SIG.secInvalidToken,
        SIG.dotnetRemoteClosed,
        SIG.dotnetUnexpectedPacket,
        SIG.dotnetRemoteCertInvalid,
        SIG.dotnetTlsAlert,
        SIG.alertProtocolVersion,
        SIG.alertHandshakeFailure,
      ],
      patterns: [{ re: re('a call to sspi failed'), weight: 0.9 }],
      samples: ['System.Security.Authentication.AuthenticationException: A call to SSPI failed, see inner exception.'],
    },
    {
      id: SIG.exo4316,
      side: 'receiver',
      // (as 4.4.318: to a remote MX or to the organisation's own server; a bounce that names them settles it)
      direction: 'either',
      patterns: [
        { re: re(/(?<![\d.])[45][. \n]?4[. \n]?316(?!\d)/), weight: 0.9 },
        { re: re('connection refused [message=socket error code 10061]'), weight: 0.9 },
      ],
      samples: ['550 5.4.316 Message expired, connection refused(Socket error code 10061)', '450 4.4.316 Connection refused [Message=Socket error code 10061]'],
    },
    {
      id: SIG.mtaStsFailed,
      side: 'receiver',
      direction: 'outbound',
      patterns: [
        {
          re: re('remote certificate failed mta-sts validation', /(?:[. \n]{0,3}reason:?[ \n]?([^\n]{1,120}))?/),
          weight: 0.96,
          details: (m): Details => (m[1] ? { reason: m[1].trim() } : {}),
        },
      ],
      samples: ['550 5.7.5 Remote certificate failed MTA-STS validation. Reason: Certificate name does not match the MX host'],
    },
    {
      id: SIG.daneFailed,
      side: 'receiver',
      direction: 'outbound',
      patterns: [
        {
          re: re(
            /(?<![\d.])[45][. \n]?7[. \n]?(32[1-5])(?!\d)[ \n]?/,
            /(starttls-not-supported|certificate-expired|tlsa-invalid|dnssec-invalid|certificate-host-mismatch)/,
          ),
          weight: 0.96,
          details: (m) => ({ code: m[1] ?? '', reason: m[2] ?? '' }),
        },
        {
          re: re(/(starttls-not-supported|tlsa-invalid|dnssec-invalid|certificate-host-mismatch)/, ':'),
          weight: 0.9,
          details: (m) => ({ reason: m[1] ?? '' }),
        },
        { re: re('certificate-expired: destination mail server'), weight: 0.9, details: () => ({ reason: 'certificate-expired' }) },
      ],
      samples: [
        '4.7.321 starttls-not-supported: Destination mail server must support TLS to receive mail.',
        '5.7.323 tlsa-invalid: The domain failed DANE validation.',
      ],
    },
    {
      id: SIG.tenantAttribution,
      side: 'sender',
      direction: 'outbound',
      patterns: [
        { re: re('5.7.64 tenantattribution'), weight: 0.97 },
        { re: re('tenantattribution;', /[ \n]?/, 'relay access denied'), weight: 0.96 },
        { re: re('tenantattribution'), weight: 0.85 },
      ],
      samples: ['550 5.7.64 TenantAttribution; Relay Access Denied'],
    },
    {
      id: SIG.tlsChannelAccessDenied,
      side: 'sender',
      direction: 'outbound',
      patterns: [
        {
          re: re('failed to establish appropriate tls channel:', /[ \n]?(?:(\w{3,40}):[ \n]?)?/, 'access denied'),
          weight: 0.96,
          details: (m): Details => (m[1] ? { error: m[1] } : {}),
        },
      ],
      samples: [
        '454 4.7.0 Failed to establish appropriate TLS channel: Access Denied',
        'The message with message ID <MessageID> was acknowledged with SMTP response 454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied.',
      ],
    },
    {
      id: SIG.clientTlsConfig,
      side: 'local',
      direction: 'outbound',
      patterns: [{ re: re('client tls configuration problem'), weight: 0.95 }],
      samples: [
        'Jan 10 10:00:00 mx postfix/smtp[1234]: 4F1C21A0B2: to=<user@example.org>, relay=none, delay=0.1, status=deferred (client TLS configuration problem)',
      ],
    },
    {
      id: SIG.certHostMismatch,
      side: 'either',
      direction: 'outbound',
      patterns: [
        {
          re: re(/tls[ \n]?negotiation[ \n]?failed,?[ \n]?the[ \n]?certificate[ \n]?(?:doesn[ \n]?t|does[ \n]?not)[ \n]?match[ \n]?the[ \n]?host/),
          weight: 0.96,
        },
      ],
      samples: ['451 4.4.0 Primary target IP address responded with: "454 4.7.5 TLS Negotiation failed, the certificate doesn\'t match the host."'],
    },
    {
      id: SIG.sendConnectorTlsRequired,
      side: 'receiver',
      direction: 'outbound',
      patterns: [{ re: re('requires transport layer security (tls) authentication, but is unable to establish tls with the receiving server'), weight: 0.95 }],
      samples: [
        "Send connector Outbound couldn't connect to remote domain contoso.com. The send connector requires Transport Layer Security (TLS) authentication, but is unable to establish TLS with the receiving server for the remote domain.",
      ],
    },
    {
      id: SIG.eximTlsUnavailable,
      side: 'receiver',
      direction: 'outbound',
      patterns: [
        { re: re('454 tls currently unavailable'), weight: 0.96 },
        { re: re('tls currently unavailable'), weight: 0.9 },
      ],
      samples: ['SMTP error from remote mail server after STARTTLS: 454 TLS currently unavailable'],
    },
    {
      id: SIG.dotnetTlsAlert,
      side: 'either',
      direction: 'either',
      patterns: [
        // ProtocolVersion and HandshakeFailure have their own entries (alert 70, alert 40).
        { re: re(R_DOTNET_ALERT, /(?!protocol[ \n]?version(?!\w)|handshake[ \n]?failure(?!\w))([a-z]{3,40})/), weight: 0.94, details: dotnetAlertDetails },
      ],
      samples: ["System.Security.Authentication.AuthenticationException: Authentication failed because the remote party sent a TLS alert: 'BadCertificate'."],
    },
    {
      id: SIG.dotnetConnectionReset,
      side: 'client',
      direction: 'submission',
      patterns: [
        // After "Unable to connect to the remote server" (SmtpClient while connecting and starting TLS): the classic case.
        {
          re: re(
            'unable to connect to the remote server',
            GAP,
            'unable to read data from the transport connection',
            /:?[ \n]?/,
            'an existing connection was forcibly closed by the remote host',
          ),
          weight: 0.93,
        },
        // On its own it may also be a firewall or an idle connection dropped later: medium confidence.
        {
          re: re('unable to read data from the transport connection', /:?[ \n]?/, 'an existing connection was forcibly closed by the remote host'),
          weight: 0.8,
        },
        {
          re: re('unable to write data to the transport connection', /:?[ \n]?/, 'an existing connection was forcibly closed by the remote host'),
          weight: 0.8,
        },
        {
          re: re('kan geen gegevens lezen van de transportverbinding', /:?[ \n]?/, 'een bestaande verbinding is geforceerd verbroken door de externe host'),
          weight: 0.8,
        },
      ],
      samples: [
        'Unable to connect to the remote server ---> System.IO.IOException: Unable to read data from the transport connection: An existing connection was forcibly closed by the remote host.',
      ],
    },
    {
      id: SIG.noSharedCipher,
      side: 'either',
      direction: 'inbound',
      patterns: [
        {
          re: re(/(?:ssl3_get_client_hello|tls_post_process_client_hello|ssl3_choose_cipher|tls_early_post_process_client_hello)?:?[ \n]?/, 'no shared cipher'),
          weight: 0.95,
        },
        { re: re(openSslCode('0c1', 'no shared cipher')), weight: 0.9 },
      ],
      samples: ['STARTTLS=server: 7561:error:1408A0C1:SSL routines:ssl3_get_client_hello:no shared cipher:s3_srvr.c:1440:'],
    },
    {
      id: SIG.noProtocolsAvailable,
      side: 'local',
      direction: 'either',
      patterns: [
        { re: re(/:?[ \n]?/, 'no protocols available'), weight: 0.93 },
        { re: re(openSslCode('0bf', 'no protocols available')), weight: 0.9 },
      ],
      samples: ['error:0A0000BF:SSL routines::no protocols available'],
    },
    {
      id: SIG.dhKeyTooSmall,
      side: 'remote',
      direction: 'outbound',
      patterns: [
        { re: re(/:?[ \n]?/, 'dh key too small'), weight: 0.93 },
        { re: re(openSslCode('18a', 'dh key too small')), weight: 0.9 },
      ],
      samples: ['error:141A318A:SSL routines:tls_process_ske_dhe:dh key too small'],
    },
    {
      id: SIG.tls12Required,
      side: 'sender',
      direction: 'outbound',
      patterns: [
        {
          re: re(/(?:tls|ssl)[ \n]?(?:version[ \n]?)?v?1\.2[ \n]?or[ \n]?(?:higher|later|above|newer|greater)[ \n]?(?:is[ \n]?)?(?:required|needed|mandatory)/),
          weight: 0.93,
        },
        { re: re(/requires?[ \n]?(?:tls|ssl)[ \n]?(?:version[ \n]?)?v?1\.2[ \n]?or[ \n]?(?:higher|later|above|newer|greater)/), weight: 0.9 },
        { re: re(/must[ \n]?use[ \n]?(?:tls|ssl)[ \n]?(?:version[ \n]?)?v?1\.2[ \n]?or[ \n]?(?:higher|later|above|newer|greater)/), weight: 0.9 },
      ],
      samples: ['550 5.7.1 TLS 1.2 or higher is required'],
    },
    {
      id: SIG.gnutlsHandshake,
      side: 'either',
      direction: 'either',
      patterns: [
        // Outside Exim's "(gnutls_handshake): …" (msmtp, mutt, git, curl with GnuTLS).
        {
          re: re(/(?<!\()gnutls_handshake(?:\(\))?[ \n]?(?:failed)?[ \n]?:[ \n]?([^\n]{1,160})/),
          weight: 0.88,
          details: (m): Details => ({ reason: (m[1] ?? '').trim() }),
        },
        {
          re: re(/gnutls[ \n]?(?:recv|send)[ \n]?error[ \n]?\((-?\d{1,4})\):?[ \n]?([^\n]{1,160})/),
          weight: 0.85,
          details: (m): Details => ({ error: m[1] ?? '', reason: (m[2] ?? '').trim() }),
        },
      ],
      samples: ['gnutls_handshake: Error in the push function. TLS session unexpectedly closed'],
    },
    {
      id: SIG.curlSchannelHandshake,
      side: 'either',
      direction: 'either',
      patterns: [
        { re: re('schannel: failed to receive handshake', /,?[ \n]?/, 'ssl/tls connection failed'), weight: 0.95 },
        { re: re('schannel: failed to receive handshake'), weight: 0.9 },
      ],
      samples: ['curl: (35) schannel: failed to receive handshake, SSL/TLS connection failed'],
    },
  ];
}

let built: readonly ExplainSignature[] | undefined;

/** Every signature, most specific first: built on the first call. */
export function explainSignatures(): readonly ExplainSignature[] {
  built ??= buildSignatures();
  return built;
}

/**
 * Every signature, most specific first, as an array (the library's export): a read-only view that builds them on first
 * use (see explainSignatures(), what mailtls itself calls).
 */
export const EXPLAIN_SIGNATURES: readonly ExplainSignature[] = new Proxy([] as ExplainSignature[], {
  get: (_, k) => Reflect.get(explainSignatures(), k),
  has: (_, k) => Reflect.has(explainSignatures(), k),
  ownKeys: () => Reflect.ownKeys(explainSignatures()),
  getOwnPropertyDescriptor: (_, k) => {
    const d = Reflect.getOwnPropertyDescriptor(explainSignatures(), k);
    // the target is an empty array: only its own non-configurable `length` may be reported as such
    if (d && k !== 'length') d.configurable = true;
    return d;
  },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
});

/** The signature with this id, or undefined. */
export function explainSignature(id: string): ExplainSignature | undefined {
  return explainSignatures().find((s) => s.id === id);
}
