// probeHost(): every check against one IP of one mail host — dialog + certificate, versions/suites, verdict — as one HostResult.
import { hostname } from 'node:os';
import * as tls from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { finding, type FindingId } from './messages.js';
import type { Finding } from '../findings/types.js';
import type { Lang, Params } from '../i18n/lang.js';
import { hostPort } from '../net/address.js';
import { sanitize } from '../net/sanitize.js';
import { EO_SMTP_TLS13, EXCHANGE_ONLINE, TLS_VERSIONS, eoOfferedVersions, versionFromCode, type TlsVersion } from '../policy/exchange-online.js';
import { DEFAULT_TIMEOUTS, type SmtpTimeouts } from '../smtp/client.js';
import type { SmtpError } from '../smtp/errors.js';
import { replyText, type Reply } from '../smtp/reply.js';
import { buildClientHello } from '../tls/hello.js';
import { checkServerKeyExchange } from '../tls/keyexchange.js';
import { exchangeOnlineClientOptions, exchangeOnlineSecureContext } from '../tls/eo-client.js';
import { alertFromCode } from '../tls/reason.js';
import { isSmtpError } from '../smtp/errors.js';
import { SUITES, suiteName } from '../tls/suites.js';
import { trustStoreFor } from './trust.js';
import { describeChain, isWeakKey, peerChain, type CertificateCheck } from './certificate.js';
import { dialog, helloOver, isThrottled, sendHello, type DialogFailure, type HelloOutcome, type HostContext } from './session.js';
import type { CertificateInfo, HostResult, ProbeOptions, StarttlsState } from './types.js';
import { canDeliverByHellos, hostVerdict } from './verdict.js';
import { EXCHANGE_SUITES, FIRST_HELLO_SUITES, TLS13_HANDSHAKE_SUITES, candidatesFor, checkVersions, describeDialogFailure, knownFromFirstHello, type KnownAnswer, type VersionCheck } from './versions.js';

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
const EXPIRING_DAYS = 30;

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
  | { kind: 'failed'; reason: string }
  /** The STARTTLS dialog before the handshake did not get its 220 (busy, closed): nothing said about TLS. */
  | { kind: 'unmade'; reason: string; throttled: boolean };

/**
 * One connection with a complete node:tls handshake (Finished verified both ways), then QUIT inside TLS. `eo`: made
 * as Exchange Online makes it (`exchangeOnlineClientOptions`), the proof a pass needs; else with every version and
 * suite OpenSSL has, only for the chain of a server whose certificate no plaintext answer carried (TLS 1.3 only). A
 * server alert is named with its number ("internal_error (80)").
 */
async function completeHandshake(ctx: HostContext, target: HostTarget, eo: boolean, needChain = true): Promise<Complete> {
  const d = await dialog(ctx);
  if (d.kind !== 'ok') return { kind: 'unmade', reason: describeDialogFailure(d), throttled: isThrottled(d) };
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
    // QUIT straight away (valid in the state after TLS, RFC 3207 §4.2 / RFC 5321 §4.1.1.10): an EHLO first decided
    // nothing here and, after a TLS 1.3 handshake, waited ~40 ms for its reply (the server's Nagle held it until our
    // delayed ACK of its session tickets); the 221 comes with the server's close, at once.
    await d.client.quit();
    if (chain?.length === 0) return { kind: 'failed', reason: 'the server sent no certificate' };
    return { kind: 'ok', chain, version, cipher: c?.standardName ?? c?.name ?? '?' };
  } catch (e) {
    d.client.close();
    if (!isSmtpError(e)) throw e; // a local error (bad options) says nothing about the server
    const alert = alertFromCode(e.detail.cause);
    if (alert) return { kind: 'failed', reason: `TLS alert ${alert.name} (${alert.description})` };
    return { kind: 'failed', reason: sanitize((e as Error).message, 300) };
  }
}

/** One short English phrase for a hello's answer that is not a usable ServerHello (for `tls.handshake-failed`). */
function describeOutcome(o: HelloOutcome): string {
  switch (o.kind) {
    case 'alert':
      return `TLS alert ${o.name} (${o.description})`;
    case 'closed': {
      const how = o.error === 'ECONNRESET' ? 'connection reset by the server (ECONNRESET)' : o.error ? `connection closed (${o.error})` : 'connection closed';
      return o.bytes > 0 ? `${how} after ${o.bytes} bytes of the server's reply` : `${how} without an answer`;
    }
    case 'malformed':
      return `unreadable answer: ${o.reason}`;
    case 'timeout':
      return 'no answer to the ClientHello in time';
    case 'dialog-failed':
      return describeDialogFailure(o.failure);
    default:
      return 'incomplete answer';
  }
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
  const c: Collected = { banner: null, ehlo: [], starttls: 'failed', reached: false, starttlsRefused: false, discarded: 0, handshakeOk: null, negotiated: null, cert: null, session: null, tls13NoSuites: false, throttled: false };
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
    recordDialog(d, c);
    reportDialogFailure(d, add);
    const r = result();
    r.verdict = hostVerdict({ ...c, tls12: null, tls13: null, eoTls12: null, eoTls13: null });
    return r;
  }
  c.banner = show(d.banner);
  c.ehlo = d.ehlo.lines.map((l) => sanitize(l, 200));
  c.starttls = 'offered';
  c.reached = true;
  c.discarded = d.discardedBytes;
  if (d.discardedBytes > 0) add('smtp.response-injection', { bytes: d.discardedBytes });
  let handshakeError: string | null = null;
  let known: Partial<Record<TlsVersion, KnownAnswer>> = {};
  // The first hello offers TLS 1.0–1.3 and the suites a stock TLS client sends: the server answers with its best
  // version (so every version above it is refused) and, below TLS 1.3, with its certificate chain in plaintext.
  const first = await helloOver(ctx, d, buildClientHello({ version: 'TLSv1.3', suites: FIRST_HELLO_SUITES, sni: target.name ?? undefined, scsv: false, offerVersions: ['TLSv1.2', 'TLSv1.1', 'TLSv1.0'] }));
  const firstVersion = first.kind === 'server-hello' ? versionFromCode(first.versionCode) : null;
  if (first.kind === 'server-hello' && firstVersion && FIRST_HELLO_SUITES.includes(first.suite)) {
    c.handshakeOk = true;
    c.negotiated = { version: firstVersion, cipher: suiteName(first.suite) };
    if (opts.reuseHandshake !== false) known = knownFromFirstHello(first.versionCode, first.suite);
  } else {
    ctx.flight = null; // no chain taken from an answer that is not a usable ServerHello
    c.handshakeOk = false;
    handshakeError = first.kind === 'server-hello' ? `server chose ${firstVersion ?? `version 0x${first.versionCode.toString(16)}`} with suite 0x${first.suite.toString(16).padStart(4, '0')}` : describeOutcome(first);
  }
  // 2. Versions (and every suite with --ciphers), from our own ClientHellos.
  // TLS 1.3 (and every version above the negotiated one) is already answered by the first hello.
  const deduce = opts.reuseHandshake !== false;
  const { checks } = await checkVersions(ctx, all, known, deduce);
  // TLS 1.3 on without a TLS 1.3 suite (GnuTLS `NORMAL:-CIPHER-ALL:+AES-256-CBC:+AES-128-CBC`): the hello offering
  // TLS 1.3 and 1.2 is refused with handshake_failure (the version is chosen before the suite), the TLS 1.3 hello too
  // (not with protocol_version: TLS 1.3 itself is on), and TLS 1.2 alone is accepted.
  if (first.kind === 'alert' && first.description === 40 && checks['TLSv1.2'].accepted === true && checks['TLSv1.3'].accepted === false && checks['TLSv1.3'].failure?.alert === 40) {
    c.tls13NoSuites = true;
    c.handshakeOk = null; // explained by its own finding; what it means for Exchange Online is EO_SMTP_TLS13's
    handshakeError = null;
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
  let certError: string | null = null;
  let sessionError: string | null = null;
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
      sessionError = proof.reason;
      if (chain === null) certError = proof.reason;
    } else {
      // no answer about TLS at all: the verdict stays inconclusive, and says why
      if (proof.throttled) {
        c.throttled = true;
        add('smtp.throttled', { reply: '421', phase: 'the complete handshake' });
      } else add('tls.session-unknown', { reason: proof.reason });
      if (chain === null) certError = proof.reason;
    }
  } else if (canDeliverByHellos({ tls12: versions['TLSv1.2'], tls13: versions['TLSv1.3'], eoTls12, eoTls13 }) && !decided) {
    add('probe.host-deadline');
  } else if (chain === null && TLS_VERSIONS.some((v) => checks[v].accepted === true) && left()) {
    const full = await completeHandshake(ctx, target, false);
    if (full.kind === 'ok') chain = full.chain;
    else certError = full.reason;
  }
  if (chain !== null) {
    try {
      c.cert = describeChain(chain, target.name, target.ip, trustStoreFor(opts.extraCa ?? []));
    } catch (e) {
      certError = sanitize((e as Error).message, 200);
    }
  }
  const f = ctx.flight;
  const suite = f ? SUITES.get(f.suite) : undefined;
  if (c.cert && f?.keyExchange && suite) {
    const ske = checkServerKeyExchange({ versionCode: f.versionCode, kx: suite.kx, auth: suite.auth, clientRandom: f.clientRandom, serverRandom: f.serverRandom, body: f.keyExchange, key: c.cert.publicKey });
    if (ske && !ske.ok) {
      c.handshakeOk = false;
      handshakeError = handshakeError ?? sanitize(ske.reason, 300);
    }
  }

  // 5. Findings.
  const throttled = TLS_VERSIONS.some((v) => checks[v].throttled);
  if (throttled) {
    c.throttled = true;
    add('smtp.throttled', { reply: '421', phase: 'TLS version checks' });
  }
  if (handshakeError) add('tls.handshake-failed', { reason: handshakeError });
  if (sessionError !== null) add('tls.session-failed', { reason: sessionError, versions: eoOfferedVersions().join(', ') });
  if (c.tls13NoSuites) add('tls.tls13-no-suites', { suites: (ciphers['TLSv1.2'] ?? []).join(', ') || '?' });
  for (const v of [...TLS_VERSIONS].reverse()) {
    const ch = checks[v];
    if (ch.accepted === null && !ch.throttled) {
      if (ch.failure?.kind === 'malformed') add('tls.bad-server-hello', { version: v, reason: (ch.reason ?? '').replace(/^unreadable answer: /, '') });
      else if (ch.failure?.kind === 'deadline') continue;
      else add('tls.version-unknown', { version: v, reason: ch.reason ?? '' });
    }
  }
  if (TLS_VERSIONS.some((v) => checks[v].failure?.kind === 'deadline') && !findings.some((f) => f.id === 'probe.host-deadline')) add('probe.host-deadline');
  if (versions['TLSv1.2'] === false && versions['TLSv1.3'] === false) {
    const acc = TLS_VERSIONS.filter((v) => versions[v] === true);
    add('tls.tls12-not-offered', { accepted: acc.length > 0 ? acc.join(', ') : lang === 'nl' ? 'geen' : 'none' });
  } else if (versions['TLSv1.2'] === true && eoTls12 === false) {
    const suites = (ciphers['TLSv1.2'] ?? []).join(', ') || '?';
    add(eoTls13 === true ? 'tls.tls12-no-common-suite' : 'tls.no-common-suite', { suites });
  }
  if (versions['TLSv1.3'] === false && versions['TLSv1.2'] === true && !c.tls13NoSuites) add('tls.tls13-not-offered');
  if (versions['TLSv1.3'] === true && versions['TLSv1.2'] === false) add('tls.tls13-only');
  if (versions.SSLv3) add('tls.sslv3-accepted');
  if (versions['TLSv1.0']) add('tls.tls10-accepted');
  if (versions['TLSv1.1']) add('tls.tls11-accepted');
  if (weak.length > 0) {
    // one finding for the host, listing every weak suite per version ("TLSv1.0: A, B; TLSv1.2: C")
    const per = TLS_VERSIONS.map((v) => [v, weak.filter((w) => w.version === v).map((w) => w.suite)] as const).filter(([, l]) => l.length > 0);
    add('tls.weak-suite', {
      count: weak.length,
      classes: [...new Set(weak.map((w) => w.cls))].join('/'),
      suites: per.map(([v, l]) => `${v}: ${l.join(', ')}`).join('; '),
      versions: per.map(([v]) => v).join(', '),
    });
  }
  if (all) {
    for (const v of TLS_VERSIONS) {
      const anon = checks[v].suites.filter((s) => SUITES.get(s)?.weak.includes('anon')).length;
      if (anon > 0) add('tls.anonymous-suite', { count: anon, version: v });
    }
  }
  if (c.cert) certFindings(c.cert.info, c.cert.chainSignatureHashes, target.name, add);
  else if (certError !== null) add('cert.unavailable', { reason: certError });
  else if (c.handshakeOk === false) add('cert.unavailable', { reason: handshakeError ?? '' });
  else if (c.session === false && !c.cert) add('cert.unavailable', { reason: sessionError ?? '' });

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

function show(r: Reply): string {
  return sanitize(replyText(r), 512);
}

function recordDialog(d: DialogFailure, c: Collected): void {
  if (isThrottled(d)) c.throttled = true;
  if (d.kind === 'greeting') c.banner = show(d.reply);
  if (d.kind === 'ehlo' || d.kind === 'not-offered' || d.kind === 'starttls') c.banner = show(d.banner);
  if (d.kind === 'ehlo' || d.kind === 'not-offered' || d.kind === 'starttls') c.reached = false;
  if (d.kind === 'not-offered') {
    c.starttls = 'not-offered';
    c.ehlo = d.ehlo.lines.map((l) => sanitize(l, 200));
  }
  if (d.kind === 'starttls' && !isThrottled(d)) c.starttlsRefused = true;
  if (d.kind === 'ehlo' && d.verb === 'helo' && d.reply.code === 250) {
    c.starttls = 'not-offered';
    c.starttlsRefused = true;
  }
}

function reportDialogFailure(d: DialogFailure, add: (id: FindingId, p?: Params) => void): void {
  if (isThrottled(d)) {
    const reply = d.kind === 'greeting' || d.kind === 'ehlo' || d.kind === 'starttls' ? d.reply : null;
    add('smtp.throttled', { reply: reply ? show(reply) : '421', phase: d.kind });
    return;
  }
  switch (d.kind) {
    case 'error':
      reportSmtpError(d.error, add);
      return;
    case 'greeting':
      add('smtp.greeting-refused', { reply: show(d.reply) });
      return;
    case 'ehlo':
      if (d.verb === 'helo' && d.reply.code === 250) add('smtp.helo-only');
      else add('smtp.ehlo-refused', { verb: d.verb.toUpperCase(), reply: show(d.reply) });
      return;
    case 'not-offered':
      if (d.ehlo.lines.some((l) => /^X{7}A\b/i.test(l.trim()))) add('starttls.masked');
      else add('starttls.not-offered');
      return;
    case 'starttls':
      add('starttls.refused', { reply: show(d.reply) });
  }
}

function reportSmtpError(e: SmtpError, add: (id: FindingId, p?: Params) => void): void {
  const reason = sanitize(e.message, 300);
  if (e.code === 'ECONNECT') add('smtp.connect-failed', { reason: String(e.detail.cause ?? reason) });
  else if (e.code === 'ETIMEDOUT' && e.phase === 'connect') add('smtp.connect-failed', { reason });
  else if (e.code === 'ETIMEDOUT') add('smtp.timeout', { phase: e.phase });
  else if (e.code === 'ELIMIT') add('smtp.limit-exceeded', { phase: e.phase, reason });
  else add('smtp.protocol-error', { phase: e.phase, reason });
}

/**
 * Did the server accept one of Exchange Online's suites with this version? From the enumeration, from a hello of the
 * version check that offered every one of them and was refused with an alert (`deduce`), or from one more hello.
 */
async function eoCheck(ctx: HostContext, ch: VersionCheck, eo: readonly number[], enumerated: boolean, deduce: boolean): Promise<boolean | null> {
  if (ch.accepted !== true) return ch.accepted;
  if (ch.suites.some((s) => eo.includes(s))) return true;
  if (enumerated && ch.reason === null) return false;
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
    const weak = candidatesFor(v).filter((s) => weakClass(s) !== null).slice(0, 64);
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

function certFindings(info: CertificateInfo, hashes: string[], name: string | null, add: (id: FindingId, p?: Params) => void): void {
  const date = info.notAfter.slice(0, 10);
  if (info.daysLeft < 0) add('cert.expired', { date, days: -info.daysLeft });
  else if (info.daysLeft < EXPIRING_DAYS) add('cert.expiring', { date, days: info.daysLeft });
  if (Date.parse(info.notBefore) > Date.now()) add('cert.not-yet-valid', { date: info.notBefore.slice(0, 10) });
  if (name && !info.nameMatches) add('cert.name-mismatch', { names: info.sanNames.join(', ') || info.subject, host: name });
  if (info.selfSigned) add('cert.self-signed');
  else if (!info.chainComplete) add('cert.chain-incomplete', { reason: info.trustError ?? '' });
  else if (!info.trusted && info.trustError && info.trustError !== 'CERT_HAS_EXPIRED' && info.trustError !== 'ERR_TLS_CERT_ALTNAME_INVALID')
    add('cert.untrusted', { reason: info.trustError });
  if (isWeakKey(info)) add('cert.weak-key', { bits: info.keyBits ?? 0, type: info.keyType.toUpperCase() });
  const bad = hashes.filter((h) => EXCHANGE_ONLINE.refusedSignatureHashes.includes(h));
  if (bad.length > 0) add('cert.sha1-signature', { hash: [...new Set(bad)].join(', ').toUpperCase() });
  if (info.keyType !== 'rsa' && info.keyType !== 'rsa-pss') add('cert.non-rsa-key', { type: info.keyType.toUpperCase() });
}
