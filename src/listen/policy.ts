// Receiver policies (exchange-online, exchange-server, opportunistic): greeting, STARTTLS rule, and the ClientHello test.
import { constants as cryptoConstants } from 'node:crypto';
import type { SecureVersion } from 'node:tls';
import { EXCHANGE_ONLINE, EXCHANGE_SERVER_REQUIRE_TLS, TLS_VERSIONS, type TlsVersion } from '../policy/exchange-online.js';
import { ALERTS } from '../tls/hello.js';
import type { ParsedClientHello } from '../tls/hello.js';
import { suiteByName } from '../tls/suites.js';
import { MailtlsError } from '../errors.js';

export const POLICY_NAMES = ['exchange-online', 'exchange-server', 'opportunistic'] as const;
export type ListenPolicyName = (typeof POLICY_NAMES)[number];

/** An inclusive range of TLS versions. */
export interface VersionRange {
  min: TlsVersion;
  max: TlsVersion;
}

/** What the receiver does under one policy; plain data plus two pure functions. */
export interface ReceiverPolicy {
  name: ListenPolicyName;
  /** Greeting line (with code) for a host name. */
  greeting: (host: string) => string;
  /** The reply to MAIL/RCPT/DATA before STARTTLS, or null when plaintext mail is allowed. */
  starttlsRequiredReply: string | null;
  /** TLS versions this receiver lets OpenSSL negotiate. */
  versions: VersionRange;
  /** Suites (IANA names) the ClientHello must offer at least one of for TLS ≤1.2 and for TLS 1.3; null = no check. */
  suites: { tls12: readonly string[]; tls13: readonly string[] } | null;
  /** Takes a message without --accept. */
  acceptsByDefault: boolean;
}

const ORDER = TLS_VERSIONS;
const rank = (v: TlsVersion): number => ORDER.indexOf(v);

/** Node's name of a version (`TLSv1` for TLS 1.0); SSLv3 cannot be served by Node's OpenSSL 3 at all. */
function nodeVersion(v: TlsVersion): SecureVersion {
  if (v === 'TLSv1.0' || v === 'SSLv3') return 'TLSv1';
  return v;
}

/** Parses `--tls`: `1.2`, `1.2+` (that version and later), `1.0-1.2` (a range), or `TLSv1.2`. */
export function parseVersionRange(spec: string): VersionRange {
  const one = (s: string): TlsVersion => {
    const t = s.trim().replace(/^tls\s*v?/i, '');
    const v = ORDER.find((x) => x !== 'SSLv3' && x.slice(4) === (t === '1' ? '1.0' : t));
    if (!v) throw new MailtlsError('EUSAGE', `unknown TLS version "${s}" (use 1.0, 1.1, 1.2 or 1.3; "1.2+" or "1.0-1.2" for a range)`);
    return v;
  };
  const s = spec.trim();
  if (s.endsWith('+')) return { min: one(s.slice(0, -1)), max: 'TLSv1.3' };
  const dash = s.indexOf('-');
  if (dash > 0) {
    const r = { min: one(s.slice(0, dash)), max: one(s.slice(dash + 1)) };
    if (rank(r.min) > rank(r.max)) throw new MailtlsError('EUSAGE', `TLS range "${spec}" is empty`);
    return r;
  }
  const v = one(s);
  return { min: v, max: v };
}

/**
 * The policy table. `exchange-online` copies EXCHANGE_ONLINE (versions, suites, reply); `exchange-server` is an
 * on-premises receive connector with RequireTLS (versions from `--tls`, suites left to OpenSSL as Schannel would);
 * `opportunistic` is Exchange Online's default inbound behaviour (STARTTLS offered, never required, nothing refused
 * by the policy; a `tls` range limits what OpenSSL negotiates, e.g. a TLS 1.0/1.1-only server for `mailtls lab`).
 */
export function receiverPolicy(name: ListenPolicyName, tls?: VersionRange): ReceiverPolicy {
  if (name === 'exchange-online') {
    return {
      name,
      greeting: EXCHANGE_ONLINE.replies.greeting,
      starttlsRequiredReply: EXCHANGE_ONLINE.replies.starttlsRequired,
      versions: { min: EXCHANGE_ONLINE.minVersion, max: 'TLSv1.3' },
      suites: { tls12: EXCHANGE_ONLINE.tls12Suites, tls13: EXCHANGE_ONLINE.tls13Suites },
      acceptsByDefault: false,
    };
  }
  if (name === 'exchange-server') {
    return {
      name,
      greeting: EXCHANGE_SERVER_REQUIRE_TLS.greeting,
      starttlsRequiredReply: EXCHANGE_SERVER_REQUIRE_TLS.mustIssueStarttls,
      versions: tls ?? { min: 'TLSv1.2', max: 'TLSv1.3' },
      suites: null,
      acceptsByDefault: false,
    };
  }
  return {
    name,
    greeting: EXCHANGE_ONLINE.replies.greeting,
    starttlsRequiredReply: null,
    versions: tls ?? { min: 'TLSv1.0', max: 'TLSv1.3' },
    suites: null,
    acceptsByDefault: true,
  };
}

/** The decision on a ClientHello: hand it to OpenSSL, or refuse it with a fatal alert. */
export type HelloDecision = { accept: true } | { accept: false; alert: number; alertName: string; reason: 'version' | 'suites' };

const refuse = (alert: number, reason: 'version' | 'suites'): HelloDecision => ({ accept: false, alert, alertName: ALERTS[alert] ?? String(alert), reason });

/** The versions of a hello inside a range. */
function versionsIn(hello: ParsedClientHello, r: VersionRange): TlsVersion[] {
  return hello.versions.filter((v) => rank(v) >= rank(r.min) && rank(v) <= rank(r.max));
}

/**
 * Judges a ClientHello against a version range and suite lists the way Exchange Online's front end does: a hello whose
 * versions miss the range gets protocol_version (70); one that offers none of the suites for any usable version gets
 * handshake_failure (40).
 */
export function judgeHello(hello: ParsedClientHello, versions: VersionRange, suites: ReceiverPolicy['suites']): HelloDecision {
  const usable = versionsIn(hello, versions);
  if (usable.length === 0) return refuse(70, 'version');
  if (!suites) return { accept: true };
  const offered = new Set(hello.suiteNames);
  const ok13 = usable.includes('TLSv1.3') && suites.tls13.some((s) => offered.has(s));
  const ok12 = usable.some((v) => v !== 'TLSv1.3') && suites.tls12.some((s) => offered.has(s));
  return ok13 || ok12 ? { accept: true } : refuse(40, 'suites');
}

/** The decision a policy takes (opportunistic refuses nothing itself; OpenSSL may still fail the handshake). */
export function policyDecision(p: ReceiverPolicy, hello: ParsedClientHello): HelloDecision {
  if (p.name === 'opportunistic') return { accept: true };
  return judgeHello(hello, p.versions, p.suites);
}

/** How Exchange Online would judge the hello (the verdict under every policy, so opportunistic still tells the truth). */
export function exchangeOnlineDecision(hello: ParsedClientHello): HelloDecision {
  return judgeHello(hello, { min: EXCHANGE_ONLINE.minVersion, max: 'TLSv1.3' }, { tls12: EXCHANGE_ONLINE.tls12Suites, tls13: EXCHANGE_ONLINE.tls13Suites });
}

/** The tls.createSecureContext options that make OpenSSL negotiate exactly what the policy allows. */
export function secureContextOptions(p: ReceiverPolicy): {
  minVersion: SecureVersion;
  maxVersion: SecureVersion;
  ciphers: string;
  honorCipherOrder: boolean;
  secureOptions: number;
} {
  const legacy = rank(p.versions.min) < rank('TLSv1.2');
  let ciphers = legacy ? 'DEFAULT:@SECLEVEL=0' : 'DEFAULT';
  if (p.suites) {
    // Node takes TLS 1.3 suite names in the same string and passes them to SSL_CTX_set_ciphersuites.
    const tls12 = p.suites.tls12.map((n) => suiteByName(n)?.openssl).filter((x): x is string => Boolean(x));
    ciphers = [...p.suites.tls13, ...tls12].join(':');
  }
  return {
    minVersion: nodeVersion(p.versions.min),
    maxVersion: nodeVersion(p.versions.max),
    ciphers,
    honorCipherOrder: true,
    // Client-initiated renegotiation is a CPU-exhaustion lever (CVE-2011-1473); Exchange Online refuses it too.
    secureOptions: cryptoConstants.SSL_OP_NO_RENEGOTIATION,
  };
}
