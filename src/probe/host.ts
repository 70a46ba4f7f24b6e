// probeHost(): every check against one IP of one mail host — dialog + certificate, versions/suites, verdict — as one HostResult.
import { hostname } from 'node:os';
import * as tls from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { finding, type FindingId } from './messages.js';
import type { Finding } from '../findings/types.js';
import type { Lang, Params } from '../i18n/lang.js';
import { hostPort } from '../net/address.js';
import { sanitize } from '../net/sanitize.js';
import { EO_SMTP_TLS13, TLS_VERSIONS, versionFromCode, type TlsVersion } from '../policy/exchange-online.js';
import { DEFAULT_TIMEOUTS, isThrottle, type SmtpTimeouts } from '../smtp/client.js';
import type { SmtpError } from '../smtp/errors.js';
import { replyText } from '../smtp/reply.js';
import { buildClientHello } from '../tls/hello.js';
import { checkServerKeyExchange } from '../tls/keyexchange.js';
import { exchangeOnlineClientOptions, exchangeOnlineSecureContext } from '../tls/eo-client.js';
import { alertFromCode } from '../tls/reason.js';
import { isSmtpError } from '../smtp/errors.js';
import { SUITES, suiteName } from '../tls/suites.js';
import { trustStoreFor } from './trust.js';
import { describeChain, peerChain, type CertificateCheck } from './certificate.js';
import { dialog, helloOver, isThrottled, sendHello, type HostContext } from './session.js';
import type { HostResult, ProbeOptions, StarttlsState } from './types.js';
import { canDeliverByHellos, hostVerdict } from './verdict.js';
import { phaseText, whyText, type Why } from './reasons.js';
import { certFindings, dialogFacts, dialogFindings, tlsFindings, type TlsFacts } from './rules.js';
import {
  EXCHANGE_SUITES,
  FIRST_HELLO_SUITES,
  TLS13_HANDSHAKE_SUITES,
  candidatesFor,
  checkVersions,
  knownFromFirstHello,
  whyOf,
  type KnownAnswer,
  type VersionCheck,
} from './versions.js';

/**
 * How much a probe asks per host (each level includes the one before):
 * - `versions`: the STARTTLS dialog, the certificate, which of SSLv3 … TLS 1.3 are accepted
 *   with the suite each one negotiates, and whether Exchange Online's suites are accepted — the verdict. Weak-suite
 *   findings come only from those negotiated suites: no hello per accepted legacy version that offers only
 *   RC4/3DES/DES/NULL/EXPORT (so a server that negotiates a strong suite but also accepts 3DES is not reported).
 * - `standard` (default): plus that weak-suite hello per accepted SSLv3/TLS 1.0/1.1/1.2.
 * - `ciphers` (= `ciphers: true`): every accepted suite per version.
 */
export type ProbeDepth = 'versions' | 'standard' | 'ciphers';

/** probeHost() options: the probe's, plus the depth (bulk scans use `versions`). */
export interface HostProbeOptions extends ProbeOptions {
  /** Default: `ciphers` when `ciphers` is true, else `standard`. */
  depth?: ProbeDepth;
  /**
   * Test-only: false asks every question with hellos of its own — TLS 1.3 and the versions above the negotiated one
   * are not taken from the first hello, TLS 1.1 and 1.0 are not asked in one hello, and Exchange Online's
   * suites get their own hello even when a refused hello already offered them all — to compare both paths.
   */
  reuseHandshake?: boolean;
}

/** One address of one mail host to probe. */
export interface HostTarget {
  /** The MX (or given) host name; null for a bare IP target. */
  name: string | null;
  ip: string;
  port: number;
  mxPreference: number | null;
}

export const DEFAULT_HOST_DEADLINE_MS = 180_000;

/**
 * The secure context of the complete handshake a TLS 1.3-only server gets (created once): TLS 1.0+, our TLS 1.3 suites
 * in our order, OpenSSL's `DEFAULT:@SECLEVEL=0` below. No CAs: trust is judged by chain.ts from the chain as served.
 */
let completeContext: tls.SecureContext | null = null;
function secureContext(): tls.SecureContext {
  completeContext ??= tls.createSecureContext({ minVersion: 'TLSv1', ciphers: `${TLS13_HANDSHAKE_SUITES}:DEFAULT:@SECLEVEL=0`, ca: [] });
  return completeContext;
}

type Complete =
  /** `chain`: null when not asked for (`needChain` false). */
  | { kind: 'ok'; chain: Buffer[] | null; version: string; cipher: string }
  | { kind: 'failed'; why: Why }
  /** The STARTTLS dialog before the handshake did not get its 220 (busy, closed): nothing said about TLS. */
  | { kind: 'unmade'; why: Why; throttled: boolean };

/**
 * One connection with a complete node:tls handshake (Finished verified both ways), then QUIT inside TLS. `eo`: made
 * as Exchange Online makes it (`exchangeOnlineClientOptions`), the proof a pass needs; else with every version and
 * suite OpenSSL has, only for the chain of a server whose certificate no plaintext answer carried (TLS 1.3 only). A
 * server alert is named with its number ("internal_error (80)").
 */
async function completeHandshake(ctx: HostContext, target: HostTarget, eo: boolean, needChain = true): Promise<Complete> {
  const d = await dialog(ctx);
  if (d.kind !== 'ok') return { kind: 'unmade', why: { kind: 'dialog', failure: d }, throttled: isThrottled(d) };
  try {
    const sock: TLSSocket = await d.client.upgrade(
      eo
        ? { ...exchangeOnlineClientOptions(target.name ?? undefined), secureContext: exchangeOnlineSecureContext() }
        : {
            ...(target.name ? { servername: target.name } : {}),
            rejectUnauthorized: false,
            checkServerIdentity: () => undefined, // the name is checked by our own RFC 7817 matcher, trust by chain.ts
            secureContext: secureContext(),
          },
    );
    // The chain only where no plaintext answer carried one (getPeerCertificate(true) costs ~0.3 ms). Exchange
    // Online's suites all authenticate the server with a certificate: OpenSSL ends a handshake without one.
    const chain = needChain ? peerChain(sock) : null;
    const c = sock.getCipher() as { standardName?: string; name?: string } | undefined;
    const version = sock.getProtocol() ?? '?';
    // With TLS 1.3 the client's Finished is judged by the server after the client is done: an alert or a close in
    // answer to the first command inside TLS is the handshake failing, so that command must be answered (421 is "busy").
    // The command is QUIT (valid right after TLS, RFC 3207 §4.2 / RFC 5321 §4.1.1.10): an EHLO decided nothing more and,
    // after a TLS 1.3 handshake, waited ~40 ms for its reply (the server's Nagle held it until our delayed ACK of its
    // session tickets); the 221 comes with the server's close, at once.
    const after = await d.client.command('QUIT', 'quit', 5_000).then(
      (reply) => ({ reply, error: null }),
      (e: unknown) => ({ reply: null, error: e }),
    );
    d.client.close();
    // (The handshake that only reads a chain, `eo` false, needs no answer: its chain is what it is for.)
    if (after.reply === null && eo) {
      const e = after.error;
      if (!isSmtpError(e)) throw e;
      const v = fromNodeVersion(version);
      if (e.code === 'ETIMEDOUT') return { kind: 'unmade', why: { kind: 'ehlo-timeout', version: v }, throttled: false };
      return { kind: 'failed', why: { kind: 'after-handshake', version: v, after: errorWhy(e) } };
    }
    if (after.reply && isThrottle(after.reply) && eo) {
      return { kind: 'unmade', why: { kind: 'dialog', failure: { kind: 'ehlo', reply: after.reply, verb: 'ehlo', banner: d.banner } }, throttled: true };
    }
    if (chain?.length === 0) return { kind: 'failed', why: { kind: 'no-certificate' } };
    return { kind: 'ok', chain, version, cipher: c?.standardName ?? c?.name ?? '?' };
  } catch (e) {
    d.client.close();
    if (!isSmtpError(e)) throw e; // a local error (bad options) says nothing about the server
    return { kind: 'failed', why: errorWhy(e) };
  }
}

/** A TLS error of node:tls: the server's alert by name and number where there is one, else OpenSSL's text. */
function errorWhy(e: SmtpError): Why {
  const alert = alertFromCode(e.detail.cause);
  if (alert) return { kind: 'alert', name: alert.name, description: alert.description };
  return { kind: 'text', text: sanitize(e.message, 300) };
}

/** Step timeouts from the options: --timeout caps every step; connect never waits longer than 10 s by default. */
export function timeoutsFrom(o: ProbeOptions): SmtpTimeouts {
  if (!o.timeoutMs) return { ...DEFAULT_TIMEOUTS };
  const t = o.timeoutMs;
  return { connectMs: Math.min(t, DEFAULT_TIMEOUTS.connectMs), greetingMs: t, commandMs: t, tlsMs: t, sessionMs: Math.max(t * 4, 10_000) };
}

interface Collected {
  banner: string | null;
  ehlo: string[];
  starttls: StarttlsState;
  reached: boolean;
  starttlsRefused: boolean;
  discarded: number;
  handshakeOk: boolean | null;
  negotiated: { version: string; cipher: string } | null;
  cert: CertificateCheck | null;
  session: boolean | null;
  tls13NoSuites: boolean;
  /** No hello got a TLS answer and the first one was closed or reset without a byte (see HostFacts). */
  noTlsAnswer: boolean;
  /** The server said "busy, come back later" at some step (see HostResult.throttled). */
  throttled: boolean;
}

/** Probes one address of one host; never throws for anything the server does. */
export async function probeHost(target: HostTarget, opts: HostProbeOptions = {}): Promise<HostResult> {
  const start = Date.now();
  const depth: ProbeDepth = opts.depth ?? (opts.ciphers ? 'ciphers' : 'standard');
  const all = depth === 'ciphers';
  const lang: Lang = opts.lang ?? 'en';
  const ctx: HostContext = {
    ip: target.ip,
    port: target.port,
    name: target.name,
    ehlo: opts.ehlo ?? defaultEhlo(),
    timeouts: timeoutsFrom(opts),
    hostEnd: start + (opts.hostDeadlineMs ?? DEFAULT_HOST_DEADLINE_MS),
    signal: opts.signal,
    connections: 0,
    flight: null,
  };
  const endpoint = target.name ? `${target.name} (${hostPort(target.ip, target.port)})` : hostPort(target.ip, target.port);
  const findings: Finding[] = [];
  const add = (id: FindingId, params: Params = {}): void => {
    findings.push(finding(id, lang, { endpoint, ...params }));
  };
  let sessionInfo: { version: string; cipher: string } | null = null;
  const versions = Object.fromEntries(TLS_VERSIONS.map((v) => [v, null])) as Record<TlsVersion, boolean | null>;
  const c: Collected = {
    banner: null,
    ehlo: [],
    starttls: 'not-tested',
    reached: false,
    starttlsRefused: false,
    discarded: 0,
    handshakeOk: null,
    negotiated: null,
    cert: null,
    session: null,
    tls13NoSuites: false,
    noTlsAnswer: false,
    throttled: false,
  };
  const result = (): HostResult => ({
    host: target.name ?? target.ip,
    ip: target.ip,
    port: target.port,
    mxPreference: target.mxPreference,
    smtp: { banner: c.banner, ehlo: c.ehlo, starttls: c.starttls, bytesAfterStarttls: c.discarded },
    tls: { versions, ciphers: {}, certificate: c.cert?.info ?? null, negotiated: c.negotiated, session: sessionInfo },
    findings,
    verdict: 'inconclusive',
    elapsedMs: Date.now() - start,
    connections: ctx.connections,
    ...(c.throttled ? { throttled: true } : {}),
  });

  // 1. The first connection: banner, EHLO, STARTTLS, then the first hello.
  const d = await dialog(ctx);
  if (d.kind !== 'ok') {
    Object.assign(c, dialogFacts(d));
    for (const x of dialogFindings(d, lang)) add(x.id, x.params);
    const r = result();
    r.verdict = hostVerdict({ ...c, tls12: null, tls13: null, eoTls12: null, eoTls13: null });
    return r;
  }
  c.banner = sanitize(replyText(d.banner), 512);
  c.ehlo = d.ehlo.lines.map((l) => sanitize(l, 200));
  c.starttls = 'offered';
  c.reached = true;
  c.discarded = d.discardedBytes;
  if (d.discardedBytes > 0) add('smtp.response-injection', { bytes: d.discardedBytes });
  let handshakeError: Why | null = null;
  let known: Partial<Record<TlsVersion, KnownAnswer>> = {};
  // The first hello offers TLS 1.0–1.3 and the suites a stock TLS client sends: the server answers with its best
  // version (so every version above it is refused) and, below TLS 1.3, with its certificate chain in plaintext.
  const first = await helloOver(
    ctx,
    d,
    buildClientHello({
      version: 'TLSv1.3',
      suites: FIRST_HELLO_SUITES,
      sni: target.name ?? undefined,
      scsv: false,
      offerVersions: ['TLSv1.2', 'TLSv1.1', 'TLSv1.0'],
    }),
  );
  const firstVersion = first.kind === 'server-hello' ? versionFromCode(first.versionCode) : null;
  if (first.kind === 'server-hello' && firstVersion && FIRST_HELLO_SUITES.includes(first.suite)) {
    c.handshakeOk = true;
    c.negotiated = { version: firstVersion, cipher: suiteName(first.suite) };
    if (opts.reuseHandshake !== false) known = knownFromFirstHello(first.versionCode, first.suite);
  } else {
    ctx.flight = null; // no chain taken from an answer that is not a usable ServerHello
    c.handshakeOk = false;
    handshakeError =
      first.kind === 'server-hello'
        ? {
            kind: 'wrong-answer',
            version: firstVersion ?? `version 0x${first.versionCode.toString(16)}`,
            suite: `0x${first.suite.toString(16).padStart(4, '0')}`,
          }
        : whyOf(first);
  }
  // 2. Versions (and every suite with --ciphers), from our own ClientHellos.
  // TLS 1.3 (and every version above the negotiated one) is already answered by the first hello.
  const deduce = opts.reuseHandshake !== false;
  const { checks } = await checkVersions(ctx, all, known, deduce);
  // TLS 1.3 on without a TLS 1.3 suite (GnuTLS `NORMAL:-CIPHER-ALL:+AES-256-CBC:+AES-128-CBC`): the hello offering
  // TLS 1.3 and 1.2 is refused with handshake_failure (the version is chosen before the suite), the TLS 1.3 hello too
  // (not with protocol_version: TLS 1.3 itself is on), and TLS 1.2 alone is accepted.
  if (
    first.kind === 'alert' &&
    first.description === 40 &&
    checks['TLSv1.2'].accepted === true &&
    checks['TLSv1.3'].accepted === false &&
    checks['TLSv1.3'].why?.kind === 'alert' &&
    checks['TLSv1.3'].why.description === 40
  ) {
    c.tls13NoSuites = true;
    c.handshakeOk = null; // explained by its own finding; what it means for Exchange Online is EO_SMTP_TLS13's
    handshakeError = null;
  }
  // A server that never answered a hello in TLS (every one closed or reset without a byte) refused nothing that was
  // seen: its versions are unknown, and the first hello's failure (tls.handshake-failed) is what the host is judged on.
  // Once it has answered TLS on some connection, a close to one version's hello reads as refusing it (Schannel resets).
  if (!ctx.tlsAnswered) {
    for (const v of TLS_VERSIONS) {
      const ch = checks[v];
      if (ch.accepted === false && !ch.answered) ch.accepted = null;
    }
    if (first.kind === 'closed' && first.bytes === 0) c.noTlsAnswer = true;
  }
  const ciphers: Partial<Record<TlsVersion, string[]>> = {};
  for (const v of TLS_VERSIONS) {
    const ch = checks[v];
    versions[v] = ch.accepted;
    if (ch.suites.length > 0) ciphers[v] = ch.suites.map(suiteName);
  }

  // 3. Exchange Online's own suites, and weak suites when not enumerating everything.
  const eoTls12 = await eoCheck(ctx, checks['TLSv1.2'], EXCHANGE_SUITES.tls12, all, deduce);
  const eoTls13 = await eoCheck(ctx, checks['TLSv1.3'], EXCHANGE_SUITES.tls13, all, deduce);
  const weak = depth === 'standard' ? await weakProbe(ctx, checks) : weakFromEnumeration(checks);

  // 4. The certificate: from the first answer below TLS 1.3 that carried one (read past its ServerHello), else — a
  //    server that speaks only TLS 1.3 encrypts it — from one complete node:tls handshake.
  //    The ServerKeyExchange of that same answer must verify with the certificate's key: the proof a complete
  //    handshake would give that the server holds it.
  //    Where the hellos say Exchange Online can deliver, one complete handshake made as Exchange Online makes it is the
  //    proof (a ServerHello is not a session: a server can send ServerHello and Certificate and then break); it also
  //    gives the chain of a TLS 1.3-only server.
  let certError: Why | null = null;
  let sessionError: Why | null = null;
  let chain: Buffer[] | null = ctx.flight?.certs ?? null;
  const left = (): boolean => Date.now() < ctx.hostEnd && !opts.signal?.aborted;
  // (Not when TLS 1.3 without suites already decides it: Exchange Online's hello would be refused the same way.)
  const decided = c.handshakeOk === false || (c.tls13NoSuites && EO_SMTP_TLS13.offersTls13);
  if (canDeliverByHellos({ tls12: versions['TLSv1.2'], tls13: versions['TLSv1.3'], eoTls12, eoTls13 }) && !decided && left()) {
    const proof = await completeHandshake(ctx, target, true, chain === null);
    if (proof.kind === 'ok') {
      c.session = true;
      sessionInfo = { version: fromNodeVersion(proof.version), cipher: proof.cipher };
      chain ??= proof.chain;
    } else if (proof.kind === 'failed') {
      c.session = false;
      sessionError = proof.why;
      if (chain === null) certError = proof.why;
    } else {
      // no answer about TLS at all: the verdict stays inconclusive, and says why
      if (proof.throttled) {
        c.throttled = true;
        add('smtp.throttled', { reply: '421', phase: 'the complete handshake', during: phaseText('proof', lang) });
      } else add('tls.session-unknown', { reason: whyText(proof.why, lang) });
      if (chain === null) certError = proof.why;
    }
  } else if (canDeliverByHellos({ tls12: versions['TLSv1.2'], tls13: versions['TLSv1.3'], eoTls12, eoTls13 }) && !decided) {
    add('probe.host-deadline');
  } else if (chain === null && TLS_VERSIONS.some((v) => checks[v].accepted === true) && left()) {
    const full = await completeHandshake(ctx, target, false);
    if (full.kind === 'ok') chain = full.chain;
    else certError = full.why;
  }
  if (chain !== null) {
    try {
      c.cert = describeChain(chain, target.name, target.ip, trustStoreFor(opts.extraCa ?? []));
    } catch (e) {
      certError = { kind: 'text', text: sanitize((e as Error).message, 200) };
    }
  }
  const f = ctx.flight;
  const suite = f ? SUITES.get(f.suite) : undefined;
  if (c.cert && f?.keyExchange && suite) {
    const ske = checkServerKeyExchange({
      versionCode: f.versionCode,
      kx: suite.kx,
      auth: suite.auth,
      clientRandom: f.clientRandom,
      serverRandom: f.serverRandom,
      body: f.keyExchange,
      key: c.cert.publicKey,
    });
    if (ske && !ske.ok) {
      c.handshakeOk = false;
      handshakeError = handshakeError ?? { kind: 'text', text: sanitize(ske.reason, 300) };
    }
  }

  // 5. Findings: the rules over what was found (rules.ts).
  if (TLS_VERSIONS.some((v) => checks[v].throttled)) c.throttled = true;
  const facts: TlsFacts = {
    versions: Object.fromEntries(
      TLS_VERSIONS.map((v) => {
        const ch = checks[v];
        const anonymous = ch.suites.filter((x) => SUITES.get(x)?.weak.includes('anon')).length;
        return [v, { accepted: versions[v], why: ch.why, throttled: ch.throttled, suites: ciphers[v] ?? [], anonymous }];
      }),
    ) as TlsFacts['versions'],
    eoTls12,
    eoTls13,
    handshakeError,
    sessionError,
    tls13NoSuites: c.tls13NoSuites,
    noTlsAnswer: c.noTlsAnswer,
    deadlineReported: findings.some((x) => x.id === 'probe.host-deadline'),
    weak,
    enumerated: all,
  };
  for (const x of tlsFindings(facts, lang)) add(x.id, x.params);
  const certFacts = {
    info: c.cert?.info ?? null,
    hashes: c.cert?.chainSignatureHashes ?? [],
    name: target.name,
    error: certError,
    handshakeError,
    sessionError,
    noTlsAnswer: c.noTlsAnswer,
    now: Date.now(),
  };
  for (const x of certFindings(certFacts, lang)) add(x.id, x.params);

  const r = result();
  r.tls.ciphers = ciphers;
  r.verdict = hostVerdict({ ...c, tls12: versions['TLSv1.2'], tls13: versions['TLSv1.3'], eoTls12, eoTls13 });
  return r;
}

/** node:tls's protocol name ("TLSv1.3") as a TlsVersion name where it is one. */
function fromNodeVersion(p: string): string {
  return p === 'TLSv1' ? 'TLSv1.0' : p;
}

function defaultEhlo(): string {
  const h = hostname().toLowerCase();
  return /^[a-z0-9.-]{1,253}$/.test(h) && h.length > 0 ? h : 'localhost';
}

/**
 * Did the server accept one of Exchange Online's suites with this version? From the enumeration, from a hello of the
 * version check that offered every one of them and was refused with an alert (`deduce`), or from one more hello.
 */
async function eoCheck(ctx: HostContext, ch: VersionCheck, eo: readonly number[], enumerated: boolean, deduce: boolean): Promise<boolean | null> {
  if (ch.accepted !== true) return ch.accepted;
  if (ch.suites.some((s) => eo.includes(s))) return true;
  if (enumerated && ch.why === null) return false;
  if (deduce && eo.every((s) => ch.refused.includes(s))) return false;
  const probe = await sendHello(ctx, buildClientHello({ version: ch.version, suites: eo, sni: ctx.name ?? undefined, scsv: false }));
  if (probe.kind === 'server-hello') return eo.includes(probe.suite);
  if (probe.kind === 'alert' || probe.kind === 'closed') return false;
  return null;
}

const WEAK_CLASSES = ['null', 'export', 'rc4', '3des', 'des'] as const;

/** One hello per accepted legacy version offering only RC4/3DES/DES/NULL/EXPORT suites. */
async function weakProbe(ctx: HostContext, checks: Record<TlsVersion, VersionCheck>): Promise<{ cls: string; suite: string; version: TlsVersion }[]> {
  const out: { cls: string; suite: string; version: TlsVersion }[] = [];
  for (const v of TLS_VERSIONS) {
    if (v === 'TLSv1.3' || checks[v].accepted !== true) continue;
    for (const s of checks[v].suites) {
      const cls = weakClass(s);
      if (cls) out.push({ cls, suite: suiteName(s), version: v });
    }
    const weak = candidatesFor(v)
      .filter((s) => weakClass(s) !== null)
      .slice(0, 64);
    const o = await sendHello(ctx, buildClientHello({ version: v, suites: weak, sni: ctx.name ?? undefined, scsv: false }));
    if (o.kind === 'server-hello' && weak.includes(o.suite) && !checks[v].suites.includes(o.suite)) {
      out.push({ cls: weakClass(o.suite) as string, suite: suiteName(o.suite), version: v });
    }
  }
  return out;
}

function weakFromEnumeration(checks: Record<TlsVersion, VersionCheck>): { cls: string; suite: string; version: TlsVersion }[] {
  const out: { cls: string; suite: string; version: TlsVersion }[] = [];
  for (const v of TLS_VERSIONS) {
    for (const s of checks[v].suites) {
      const cls = weakClass(s);
      if (cls) out.push({ cls, suite: suiteName(s), version: v });
    }
  }
  return out;
}

function weakClass(code: number): string | null {
  const w = SUITES.get(code)?.weak ?? [];
  for (const c of WEAK_CLASSES) if (w.includes(c)) return c.toUpperCase();
  return null;
}
