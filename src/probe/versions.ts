// Check: which of SSLv3 … TLS 1.3 the server accepts, from its ServerHello to our own ClientHellos (never from local OpenSSL);
// with `all`, also every suite it accepts per version, by remove-and-retry in hellos of at most 64 suites.
import { TLS_VERSIONS, VERSION_CODE, versionFromCode, type TlsVersion } from '../policy/exchange-online.js';
import { EXCHANGE_ONLINE } from '../policy/exchange-online.js';
import { buildClientHello } from '../tls/hello.js';
import { LEGACY_ENUM_CODES, SUITES, TLS13_CODES, suiteByName } from '../tls/suites.js';
import { sendHello, type HostContext, type HelloOutcome } from './session.js';
import type { Why } from './reasons.js';

/** Suites per ClientHello (internet.nl/nmap use 64: some servers ignore or choke on more). */
export const MAX_SUITES_PER_HELLO = 64;

export interface VersionCheck {
  version: TlsVersion;
  /** true accepted, false refused, null could not tell. */
  accepted: boolean | null;
  /** Accepted suite codes found, in the order the server chose them. */
  suites: number[];
  /** Why refused or unknown: an alert, a close, another version, a dialog failure… (words: reasons.ts whyText). */
  why: Why | null;
  /** The server answered 421/"too many connections" on a connection of this check. */
  throttled: boolean;
  /** Connections used. */
  hellos: number;
  /** Suites offered in hellos of this version that the server refused with an alert (none of them acceptable). */
  refused: number[];
  /**
   * The server answered in TLS (a ServerHello of any version, or an alert) to a hello of this version, or the answer
   * came from another hello's ServerHello. false: every hello was closed or reset without a byte — a refusal only
   * when the host answers TLS elsewhere (see probeHost).
   */
  answered: boolean;
}

/** True for suites that only exist from TLS 1.2 on (AEAD and SHA-256/384 MACs): never offered in older hellos. */
function tls12Only(code: number): boolean {
  const s = SUITES.get(code);
  return !!s && (s.mac === 'AEAD' || s.mac === 'SHA256' || s.mac === 'SHA384');
}

const EO_CODES = EXCHANGE_ONLINE.tls12Suites.map((n) => suiteByName(n)?.code).filter((c): c is number => c !== undefined);
const EO13_CODES = EXCHANGE_ONLINE.tls13Suites.map((n) => suiteByName(n)?.code).filter((c): c is number => c !== undefined);

/** Rank for offering order: Exchange Online's suites first, then forward-secret AEAD, ECDHE, DHE, RSA, the rest. */
function rank(code: number): number {
  const eo = EO_CODES.indexOf(code);
  if (eo >= 0) return eo;
  const s = SUITES.get(code);
  if (!s) return 1000;
  let r = 100;
  if (s.weak.length > 0) r += 400;
  if (s.kx.startsWith('ECDH')) r += 0;
  else if (s.kx === 'DH') r += 100;
  else r += 200;
  if (s.mac !== 'AEAD') r += 50;
  return r;
}

const candidateCache = new Map<TlsVersion, readonly number[]>();

/** The suites worth offering for a version, best first (sorted once per version and process). */
export function candidatesFor(version: TlsVersion): readonly number[] {
  let list = candidateCache.get(version);
  if (!list) {
    const all = version === 'TLSv1.3' ? [...TLS13_CODES] : version === 'TLSv1.2' ? [...LEGACY_ENUM_CODES] : LEGACY_ENUM_CODES.filter((c) => !tls12Only(c));
    list = Object.freeze(version === 'TLSv1.3' ? all : all.sort((a, b) => rank(a) - rank(b) || a - b));
    candidateCache.set(version, list);
  }
  return list;
}

/** True when a ServerHello's version is the one asked for (TLS 1.3: the supported_versions value). */
function isVersion(versionCode: number, v: TlsVersion): boolean {
  return versionCode === VERSION_CODE[v];
}

/**
 * Offers `candidates` for `version` in hellos of ≤64 suites: each ServerHello names one accepted suite, which is
 * removed before the next hello; a refused hello drops its whole chunk. `all=false` stops at the first accepted suite.
 */
export async function enumerate(ctx: HostContext, version: TlsVersion, candidates: readonly number[], all: boolean, seed?: number): Promise<VersionCheck> {
  const res: VersionCheck = { version, accepted: false, suites: [], why: null, throttled: false, hellos: 0, refused: [], answered: false };
  const per = MAX_SUITES_PER_HELLO; // no renegotiation SCSV in these hellos: every slot is a real suite
  const remaining = [...candidates];
  if (seed !== undefined) {
    // The server's answer to the first hello is already known (see `knownFromFirstHello`): start after it.
    res.accepted = true;
    res.answered = true;
    res.suites.push(seed);
    if (remaining.includes(seed)) remaining.splice(remaining.indexOf(seed), 1);
    if (!all) return res;
  }
  const unknown = (why: Why): VersionCheck => {
    res.why = why;
    if (res.suites.length === 0) res.accepted = null;
    return res;
  };
  while (remaining.length > 0) {
    if (Date.now() >= ctx.hostEnd) return unknown({ kind: 'deadline' });
    if (ctx.signal?.aborted) return unknown({ kind: 'aborted' });
    const chunk = remaining.slice(0, per);
    res.hellos++;
    const o = await sendHello(ctx, buildClientHello({ version, suites: chunk, sni: ctx.name ?? undefined, scsv: false }));
    switch (o.kind) {
      case 'server-hello': {
        res.answered = true;
        if (!isVersion(o.versionCode, version)) {
          // The server picked another version: it does not accept this one (with these suites).
          const other = versionFromCode(o.versionCode) ?? `0x${o.versionCode.toString(16)}`;
          if (res.suites.length === 0) res.why = { kind: 'other-version', version: other };
          return res;
        }
        res.accepted = true;
        if (!chunk.includes(o.suite)) {
          res.why = { kind: 'unoffered-suite', suite: `0x${o.suite.toString(16).padStart(4, '0')}` };
          return res;
        }
        res.suites.push(o.suite);
        remaining.splice(remaining.indexOf(o.suite), 1);
        if (!all) return res;
        continue;
      }
      case 'alert':
        res.answered = true;
        if (res.suites.length === 0) res.why = { kind: 'alert', name: o.name, description: o.description };
        if (o.description === 70 && res.suites.length === 0) return res; // protocol_version: the version itself is refused
        res.refused.push(...chunk);
        remaining.splice(0, chunk.length);
        continue;
      case 'closed':
        if (o.bytes > 0) return unknown(whyOf(o));
        if (res.suites.length === 0) res.why = whyOf(o);
        remaining.splice(0, chunk.length);
        continue;
      case 'dialog-failed':
        res.throttled = o.throttled;
        return unknown(whyOf(o));
      default:
        return unknown(whyOf(o));
    }
  }
  return res;
}

/** Why a hello's answer is not a usable ServerHello, typed (an alert, a close, unreadable bytes, a timeout, a dialog). */
export function whyOf(o: Exclude<HelloOutcome, { kind: 'server-hello' }>): Why {
  switch (o.kind) {
    case 'alert':
      return { kind: 'alert', name: o.name, description: o.description };
    case 'closed':
      return { kind: 'closed', bytes: o.bytes, reset: o.error === 'ECONNRESET', ...(o.error && o.error !== 'ECONNRESET' ? { error: o.error } : {}) };
    case 'malformed':
      return { kind: 'unreadable', detail: o.reason };
    case 'timeout':
      return { kind: 'timeout' };
    case 'dialog-failed':
      return { kind: 'dialog', failure: o.failure };
    default:
      return { kind: 'incomplete' };
  }
}

export interface VersionsResult {
  checks: Record<TlsVersion, VersionCheck>;
}

/**
 * The TLS 1.3 suites for a complete node:tls handshake (`ciphers` syntax): those of our own TLS 1.3 hello, in the same
 * order (the certificate of a server that speaks nothing older is only readable after one).
 */
export const TLS13_HANDSHAKE_SUITES = candidatesFor('TLSv1.3')
  .map((c) => SUITES.get(c)?.openssl)
  .filter((n): n is string => !!n)
  .join(':');

/** A version's answer that is already known without a hello of its own: accepted with this first suite, or refused. */
export type KnownAnswer = { accepted: true; suite: number } | { accepted: false; why: Why };

/**
 * The TLS ≤ 1.2 suites of the first hello, in this order: those an OpenSSL 3 client offers by default (what node:tls
 * sends with `DEFAULT`), so a server without TLS 1.3 negotiates what a stock TLS client gets.
 */
const FIRST_HELLO_LEGACY = [
  0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b, 0xc02f, 0x009e, 0xc024, 0xc028, 0x006b, 0xc023, 0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009,
  0xc013, 0x0033, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f,
];

/** Every suite of the first hello: our TLS 1.3 suites (as our own TLS 1.3 hello orders them), then the older ones. */
export const FIRST_HELLO_SUITES: readonly number[] = Object.freeze([...candidatesFor('TLSv1.3'), ...FIRST_HELLO_LEGACY]);

/**
 * What the first hello of a host — TLS 1.3 plus supported_versions TLS 1.2, 1.1 and 1.0 and `FIRST_HELLO_SUITES`, as a
 * TLS 1.3 client sends — already answers. A server picks the highest version both speak (the version is chosen before
 * the suite, so a missing common suite breaks the handshake instead of lowering the version): every version above the
 * one it answered is refused. The version it answered is accepted, with the suite it chose: for TLS 1.3 (a ServerHello
 * or a HelloRetryRequest naming a suite) the suite our own TLS 1.3 hello would get, since the TLS 1.3 suites come
 * first and in the same order; for TLS 1.2, 1.1 or 1.0 the suite a stock OpenSSL client gets (our own hello for that
 * version would offer another order, so it may have got another accepted suite; with `--ciphers` every suite is still
 * enumerated after it). Only a suite that exists for that version counts (a TLS 1.2-only suite in a TLS 1.0 answer
 * leaves that version to its own hello).
 */
export function knownFromFirstHello(versionCode: number, suite: number): Partial<Record<TlsVersion, KnownAnswer>> {
  const v = versionFromCode(versionCode);
  if (!v || v === 'SSLv3' || !FIRST_HELLO_SUITES.includes(suite)) return {};
  const known: Partial<Record<TlsVersion, KnownAnswer>> = {};
  for (const above of TLS_VERSIONS.slice(TLS_VERSIONS.indexOf(v) + 1)) known[above] = { accepted: false, why: { kind: 'other-version', version: v } };
  if (v === 'TLSv1.3') {
    if (!TLS13_CODES.includes(suite)) return {};
    known['TLSv1.3'] = { accepted: true, suite };
  } else if (candidatesFor(v).includes(suite)) known[v] = { accepted: true, suite };
  return known;
}

/** What one hello offering TLS 1.1 and TLS 1.0 together decided (see `tls11And10`). */
type PairAnswer =
  | { kind: 'both-refused'; why: Why }
  | { kind: 'tls11'; suite: number }
  | { kind: 'tls10'; suite: number }
  | { kind: 'tls11-unknown'; why: Why; throttled: boolean }
  | { kind: 'nothing' };

/**
 * Asks TLS 1.1 and TLS 1.0 in one hello — client_version TLS 1.1, the TLS 1.1 suites (TLS 1.0 hellos offer the same
 * ones), and supported_versions [TLS 1.1, TLS 1.0] — of a server that has answered TLS 1.3 on this host. A TLS 1.3
 * server negotiates from supported_versions alone and never outside it (RFC 8446 §4.2.1), choosing the highest
 * version it accepts, so its answer reads exactly as the two separate hellos would:
 * - a protocol_version alert: it accepts neither (one connection where the separate hellos took two);
 * - a ServerHello for TLS 1.1: TLS 1.1's own first answer (same client_version, same suites);
 * - a ServerHello for TLS 1.0: TLS 1.1 is refused ("server answered with TLSv1.0", as its own hello would say), and
 *   this is TLS 1.0's own first answer.
 * Anything else (another alert, a close, a timeout, a suite that was not offered) decides nothing and both versions
 * get their own hellos; a failed STARTTLS dialog is TLS 1.1's answer, as it would be for its own hello.
 */
async function tls11And10(ctx: HostContext): Promise<PairAnswer> {
  if (Date.now() >= ctx.hostEnd || ctx.signal?.aborted) return { kind: 'nothing' };
  const chunk = candidatesFor('TLSv1.1').slice(0, MAX_SUITES_PER_HELLO);
  const o = await sendHello(
    ctx,
    buildClientHello({ version: 'TLSv1.1', suites: chunk, sni: ctx.name ?? undefined, scsv: false, offerVersions: ['TLSv1.1', 'TLSv1.0'] }),
  );
  if (o.kind === 'alert' && o.description === 70) return { kind: 'both-refused', why: whyOf(o) };
  if (o.kind === 'server-hello' && !o.helloRetry && chunk.includes(o.suite)) {
    if (isVersion(o.versionCode, 'TLSv1.1')) return { kind: 'tls11', suite: o.suite };
    if (isVersion(o.versionCode, 'TLSv1.0')) return { kind: 'tls10', suite: o.suite };
  }
  if (o.kind === 'dialog-failed') return { kind: 'tls11-unknown', why: whyOf(o), throttled: o.throttled };
  return { kind: 'nothing' };
}

/**
 * Runs the version check (and, with `all`, full suite enumeration) for every version, one connection at a time.
 * Versions in `known` need no hello of their own (an accepted one still gets the rest of its enumeration with `all`).
 * With `combine` (the default), a server that accepted TLS 1.3 is asked TLS 1.1 and TLS 1.0 in one hello first
 * (`tls11And10`); false asks every version with hellos of its own (tests compare both paths).
 */
export async function checkVersions(
  ctx: HostContext,
  all: boolean,
  known: Partial<Record<TlsVersion, KnownAnswer>> = {},
  combine = true,
): Promise<VersionsResult> {
  const checks = {} as Record<TlsVersion, VersionCheck>;
  const decided = (v: TlsVersion, accepted: boolean | null, why: Why | null, hellos: number, throttled = false): VersionCheck => ({
    version: v,
    accepted,
    suites: [],
    why,
    throttled,
    hellos,
    refused: [],
    answered: accepted !== null,
  });
  // Newest first: the versions that decide the verdict are answered before a deadline can cut the run short.
  for (const v of [...TLS_VERSIONS].reverse()) {
    if (checks[v]) continue; // answered by the hello that asked TLS 1.1 and 1.0 together
    const k = known[v];
    if (v === 'TLSv1.1' && combine && checks['TLSv1.3']?.accepted === true && !known['TLSv1.1'] && !known['TLSv1.0']) {
      const pair = await tls11And10(ctx);
      if (pair.kind === 'both-refused') {
        checks['TLSv1.1'] = decided('TLSv1.1', false, pair.why, 1);
        checks['TLSv1.0'] = decided('TLSv1.0', false, pair.why, 0);
        continue;
      }
      if (pair.kind === 'tls11-unknown') {
        checks['TLSv1.1'] = decided('TLSv1.1', null, pair.why, 1, pair.throttled);
        continue;
      }
      if (pair.kind === 'tls10') {
        checks['TLSv1.1'] = decided('TLSv1.1', false, { kind: 'other-version', version: 'TLSv1.0' }, 1);
        checks['TLSv1.0'] = await enumerate(ctx, 'TLSv1.0', candidatesFor('TLSv1.0'), all, pair.suite);
        continue;
      }
      checks['TLSv1.1'] = await enumerate(ctx, v, candidatesFor(v), all, pair.kind === 'tls11' ? pair.suite : undefined);
      checks['TLSv1.1'].hellos++; // the pair's hello
      continue;
    }
    if (k && !k.accepted) checks[v] = decided(v, false, k.why, 0);
    else checks[v] = await enumerate(ctx, v, candidatesFor(v), all, k?.suite);
  }
  return { checks };
}

/** Exchange Online's TLS 1.2 and TLS 1.3 suite codes. */
export const EXCHANGE_SUITES = { tls12: EO_CODES, tls13: EO13_CODES } as const;
