// The probe's rules: what a host's facts (dialog, versions, suites, handshakes, certificate) mean as findings — pure
// functions, facts in, findings out, no I/O (probeHost in host.ts gathers the facts and calls these).
import type { Lang, Params } from '../i18n/lang.js';
import { EXCHANGE_ONLINE, TLS_VERSIONS, eoOfferedVersions, type TlsVersion } from '../policy/exchange-online.js';
import type { SmtpError } from '../smtp/errors.js';
import { replyText, type Reply } from '../smtp/reply.js';
import { sanitize } from '../net/sanitize.js';
import { isThrottled, type DialogFailure } from './session.js';
import { phaseText, whyText, type Why } from './reasons.js';
import type { FindingId } from './messages.js';
import type { CertificateInfo, StarttlsState } from './types.js';
import { isWeakKey } from './certificate.js';

/** A finding before its texts: the id and its parameters (`endpoint` is added by the caller). */
export interface Derived {
  id: FindingId;
  params: Params;
}

const EXPIRING_DAYS = 30;

function show(r: Reply): string {
  return sanitize(replyText(r), 512);
}

/** What a failed first dialog says about STARTTLS (the fields of the host result it sets). */
export interface DialogFacts {
  banner: string | null;
  ehlo: string[];
  starttls: StarttlsState;
  /** false: the dialog ended before STARTTLS's 220. */
  reached: boolean;
  /** STARTTLS advertised but refused, or HELO only: a definite "no". */
  starttlsRefused: boolean;
  throttled: boolean;
}

/** The facts of a dialog that did not reach STARTTLS's 220. */
export function dialogFacts(d: DialogFailure): DialogFacts {
  const f: DialogFacts = { banner: null, ehlo: [], starttls: 'not-tested', reached: false, starttlsRefused: false, throttled: isThrottled(d) };
  if (d.kind === 'greeting') f.banner = show(d.reply);
  if (d.kind === 'ehlo' || d.kind === 'not-offered' || d.kind === 'starttls') f.banner = show(d.banner);
  if (d.kind === 'not-offered') {
    f.starttls = 'not-offered';
    f.ehlo = d.ehlo.lines.map((l) => sanitize(l, 200));
  }
  // sent and not answered with 220 (a refusal, or an error while waiting for the answer)
  if (d.kind === 'starttls' || (d.kind === 'error' && d.error.phase === 'starttls')) f.starttls = 'failed';
  if (d.kind === 'starttls' && !isThrottled(d)) f.starttlsRefused = true;
  if (d.kind === 'ehlo' && d.verb === 'helo' && d.reply.code === 250) {
    f.starttls = 'not-offered';
    f.starttlsRefused = true;
  }
  return f;
}

/** The findings of a dialog that did not reach STARTTLS's 220. */
export function dialogFindings(d: DialogFailure, lang: Lang): Derived[] {
  if (isThrottled(d)) {
    const reply = d.kind === 'greeting' || d.kind === 'ehlo' || d.kind === 'starttls' ? d.reply : null;
    return [{ id: 'smtp.throttled', params: { reply: reply ? show(reply) : '421', phase: d.kind, during: phaseText(d.kind, lang) } }];
  }
  switch (d.kind) {
    case 'error':
      return [smtpErrorFinding(d.error, lang)];
    case 'greeting':
      return [{ id: 'smtp.greeting-refused', params: { reply: show(d.reply) } }];
    case 'ehlo':
      if (d.verb === 'helo' && d.reply.code === 250) return [{ id: 'smtp.helo-only', params: {} }];
      return [{ id: 'smtp.ehlo-refused', params: { verb: d.verb.toUpperCase(), reply: show(d.reply) } }];
    case 'not-offered':
      if (d.ehlo.lines.some((l) => /^X{7}A\b/i.test(l.trim()))) return [{ id: 'starttls.masked', params: {} }];
      return [{ id: 'starttls.not-offered', params: {} }];
    case 'starttls':
      return [{ id: 'starttls.refused', params: { reply: show(d.reply) } }];
  }
}

function smtpErrorFinding(e: SmtpError, lang: Lang): Derived {
  const reason = sanitize(e.message, 300);
  const phase = e.phase;
  const during = phaseText(e.phase, lang);
  if (e.code === 'ECONNECT') return { id: 'smtp.connect-failed', params: { reason: String(e.detail.cause ?? reason) } };
  if (e.code === 'ETIMEDOUT' && e.phase === 'connect') return { id: 'smtp.connect-failed', params: { reason } };
  if (e.code === 'ETIMEDOUT') return { id: 'smtp.timeout', params: { phase, during } };
  if (e.code === 'ELIMIT') return { id: 'smtp.limit-exceeded', params: { phase, during, reason } };
  return { id: 'smtp.protocol-error', params: { phase, during, reason } };
}

/** One version's answer, as the rules need it. */
export interface VersionFact {
  accepted: boolean | null;
  why: Why | null;
  throttled: boolean;
  /** Accepted suites (IANA names), in the order found. */
  suites: string[];
  /** How many of them are anonymous (only counted when every suite was enumerated). */
  anonymous: number;
}

export interface WeakSuite {
  cls: string;
  suite: string;
  version: TlsVersion;
}

/** What the hellos and handshakes of one host established (after a dialog that reached STARTTLS's 220). */
export interface TlsFacts {
  versions: Record<TlsVersion, VersionFact>;
  /** TLS 1.2 / TLS 1.3 with one of Exchange Online's suites for that version (null: could not tell, or not accepted). */
  eoTls12: boolean | null;
  eoTls13: boolean | null;
  /** Why the first hello (or the key exchange of the first flight) failed; null when it did not. */
  handshakeError: Why | null;
  /** Why the complete handshake as Exchange Online makes it failed; null when it did not fail (or was not made). */
  sessionError: Why | null;
  tls13NoSuites: boolean;
  /** No hello got a TLS answer and the first one was closed without a byte: the versions say nothing more. */
  noTlsAnswer: boolean;
  /** probe.host-deadline was already reported (for the complete handshake). */
  deadlineReported: boolean;
  weak: WeakSuite[];
  /** Every suite was enumerated (`--ciphers`): anonymous suites are counted. */
  enumerated: boolean;
}

/** The findings of the TLS checks, in the order a report lists them: why it failed first, then versions and suites. */
export function tlsFindings(f: TlsFacts, lang: Lang): Derived[] {
  const out: Derived[] = [];
  const add = (id: FindingId, params: Params = {}): void => void out.push({ id, params });
  const v = (x: TlsVersion): boolean | null => f.versions[x].accepted;
  const suites = (x: TlsVersion): string => f.versions[x].suites.join(', ') || '?';
  if (TLS_VERSIONS.some((x) => f.versions[x].throttled))
    add('smtp.throttled', { reply: '421', phase: 'TLS version checks', during: phaseText('version-checks', lang) });
  if (f.handshakeError) add('tls.handshake-failed', { reason: whyText(f.handshakeError, lang) });
  if (f.sessionError) add('tls.session-failed', { reason: whyText(f.sessionError, lang), versions: eoOfferedVersions().join(', ') });
  if (f.tls13NoSuites) add('tls.tls13-no-suites', { suites: suites('TLSv1.2') });
  let deadline = false;
  for (const x of [...TLS_VERSIONS].reverse()) {
    const ch = f.versions[x];
    if (ch.why?.kind === 'deadline') deadline = true;
    if (ch.accepted !== null || ch.throttled || f.noTlsAnswer) continue;
    const why = ch.why;
    if (why?.kind === 'unreadable') add('tls.bad-server-hello', { version: x, reason: why.detail });
    else if (why?.kind === 'closed' && why.bytes > 0) add('tls.bad-server-hello', { version: x, reason: whyText(why, lang) });
    else if (why?.kind === 'deadline') continue;
    else add('tls.version-unknown', { version: x, reason: why ? whyText(why, lang) : '' });
  }
  if (deadline && !f.deadlineReported) add('probe.host-deadline');
  if (v('TLSv1.2') === false && v('TLSv1.3') === false) {
    const acc = TLS_VERSIONS.filter((x) => v(x) === true);
    add('tls.tls12-not-offered', { accepted: acc.length > 0 ? acc.join(', ') : lang === 'nl' ? 'geen' : 'none' });
  } else if (v('TLSv1.2') === true && f.eoTls12 === false) {
    add(f.eoTls13 === true ? 'tls.tls12-no-common-suite' : 'tls.no-common-suite', { suites: suites('TLSv1.2') });
  }
  if (v('TLSv1.3') === false && v('TLSv1.2') === true && !f.tls13NoSuites) add('tls.tls13-not-offered');
  // TLS 1.3 only, without one of Exchange Online's TLS 1.3 suites: no version left to deliver with
  if (v('TLSv1.3') === true && f.eoTls13 === false && v('TLSv1.2') === false)
    add('tls.tls13-no-common-suite', { suites: suites('TLSv1.3'), eoSuites: EXCHANGE_ONLINE.tls13Suites.join(', ') });
  if (v('TLSv1.3') === true && v('TLSv1.2') === false) add('tls.tls13-only');
  if (v('SSLv3')) add('tls.sslv3-accepted');
  if (v('TLSv1.0')) add('tls.tls10-accepted');
  if (v('TLSv1.1')) add('tls.tls11-accepted');
  if (f.weak.length > 0) {
    // one finding for the host, listing every weak suite per version ("TLSv1.0: A, B; TLSv1.2: C")
    const per = TLS_VERSIONS.map((x) => [x, f.weak.filter((w) => w.version === x).map((w) => w.suite)] as const).filter(([, l]) => l.length > 0);
    add('tls.weak-suite', {
      count: f.weak.length,
      classes: [...new Set(f.weak.map((w) => w.cls))].join('/'),
      suites: per.map(([x, l]) => `${x}: ${l.join(', ')}`).join('; '),
      versions: per.map(([x]) => x).join(', '),
    });
  }
  if (f.enumerated) for (const x of TLS_VERSIONS) if (f.versions[x].anonymous > 0) add('tls.anonymous-suite', { count: f.versions[x].anonymous, version: x });
  return out;
}

/** What is known about the certificate: described, or why it could not be read. */
export interface CertFacts {
  info: CertificateInfo | null;
  /** Signature hashes along the chain (lower case, e.g. sha1). */
  hashes: string[];
  /** The MX (or given) host name the certificate should name; null for a bare IP. */
  name: string | null;
  /** Why no chain could be read (a failed complete handshake, an unparsable chain), if that is known. */
  error: Why | null;
  handshakeError: Why | null;
  sessionError: Why | null;
  noTlsAnswer: boolean;
  /** Today, for the validity dates. */
  now: number;
}

/** Certificate findings: all warnings (opportunistic TLS delivers), or cert.unavailable (info) with the reason. */
export function certFindings(f: CertFacts, lang: Lang): Derived[] {
  const out: Derived[] = [];
  const add = (id: FindingId, params: Params = {}): void => void out.push({ id, params });
  const info = f.info;
  if (!info) {
    if (f.error) add('cert.unavailable', { reason: whyText(f.error, lang) });
    else if (f.handshakeError && !f.noTlsAnswer) add('cert.unavailable', { reason: whyText(f.handshakeError, lang) });
    else if (f.sessionError) add('cert.unavailable', { reason: whyText(f.sessionError, lang) });
    return out;
  }
  const date = info.notAfter.slice(0, 10);
  if (info.daysLeft < 0) add('cert.expired', { date, days: -info.daysLeft });
  else if (info.daysLeft < EXPIRING_DAYS) add('cert.expiring', { date, days: info.daysLeft });
  if (Date.parse(info.notBefore) > f.now) add('cert.not-yet-valid', { date: info.notBefore.slice(0, 10) });
  if (f.name && !info.nameMatches) add('cert.name-mismatch', { names: info.sanNames.join(', ') || info.subject, host: f.name });
  if (info.selfSigned) add('cert.self-signed');
  else if (!info.chainComplete) add('cert.chain-incomplete', { reason: info.trustError ?? '' });
  else if (!info.trusted && info.trustError && info.trustError !== 'CERT_HAS_EXPIRED' && info.trustError !== 'ERR_TLS_CERT_ALTNAME_INVALID')
    add('cert.untrusted', { reason: info.trustError });
  if (isWeakKey(info)) add('cert.weak-key', { bits: info.keyBits ?? 0, type: info.keyType.toUpperCase() });
  const bad = f.hashes.filter((h) => EXCHANGE_ONLINE.refusedSignatureHashes.includes(h));
  if (bad.length > 0) add('cert.sha1-signature', { hash: [...new Set(bad)].join(', ').toUpperCase() });
  if (info.keyType !== 'rsa' && info.keyType !== 'rsa-pss') add('cert.non-rsa-key', { type: info.keyType.toUpperCase() });
  return out;
}
