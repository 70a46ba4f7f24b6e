// send(): one test message the way Exchange Online sends (STARTTLS required, TLS 1.2+ with its suites), over src/smtp.
import { phaseWords } from '../smtp/phases.js';
import { hostname as osHostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { finding, type FindingId } from './messages.js';
import type { Finding } from '../findings/types.js';
import { MailtlsError } from '../errors.js';
import { sanitize } from '../net/sanitize.js';
import { EO_SMTP_TLS13, eoAcceptsSuite, eoAcceptsVersion } from '../policy/exchange-online.js';
import { classifyAddress } from '../net/address.js';
import { exchangeOnlineClientOptions } from '../tls/eo-client.js';
import { SmtpClient } from '../smtp/client.js';
import { isSmtpError, tlsFailureOf } from '../smtp/errors.js';
import { replyText, type Reply } from '../smtp/reply.js';
import { fromNodeProtocol } from '../tls/versions.js';
import { VERSION } from '../version.js';
import type { TlsFailure } from '../tls/failure.js';
import { tlsReason } from '../tls/reason.js';
import type { Lang } from '../i18n/lang.js';
import type { SendOptions, SendPhase, SendPolicy, SendResult, TranscriptLine } from './types.js';

/** Most transcript lines kept (a hostile server cannot make the result grow without bound). */
const MAX_TRANSCRIPT = 200;

/** Exchange Online's outbound TLS: the same Schannel-like handshake as probe's proof (src/tls/eo-client.ts): TLS 1.2
 * (and 1.3 per EO_SMTP_TLS13), its suites only, strongest first; certificates not verified (Exchange Online's default
 * opportunistic-TLS outbound does not validate either). */
export function exchangeOnlineTlsOptions(servername?: string): ConnectionOptions {
  return exchangeOnlineClientOptions(servername);
}

/** The finding for a failed handshake, from the classified failure (the alert the server sent, or OpenSSL's own refusal). */
function handshakeFindingId(failure: TlsFailure): FindingId {
  if (failure.kind === 'version-refused') return 'send.tls-version-refused';
  if (failure.kind === 'no-common-suite') return 'send.tls-suites-refused';
  return 'tls.handshake-failed';
}

/**
 * The address to connect to: the host itself when it is an IP literal, else the first address the system resolver
 * gives. Private, loopback and link-local addresses only with `allowPrivate` (as for probe).
 */
async function admitAddress(host: string, allowPrivate: boolean): Promise<string> {
  let ip = host;
  if (!isIP(host)) {
    try {
      ip = (await lookup(host)).address;
    } catch (e) {
      throw new MailtlsError('ECONNECT', `cannot resolve ${sanitize(host, 200)}: ${(e as NodeJS.ErrnoException).code ?? 'lookup failed'}`);
    }
  }
  const cls = classifyAddress(ip);
  if (cls !== 'public' && !allowPrivate)
    throw new MailtlsError('EUSAGE', `${sanitize(host, 200)} is ${ip}, a ${cls} address: add --allow-private to send to it`);
  return ip;
}

/** Any version OpenSSL can speak (TLS 1.0+ at security level 0): the opportunistic sender. */
function opportunisticTlsOptions(servername?: string): ConnectionOptions {
  return { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0', rejectUnauthorized: false, ...(servername ? { servername } : {}) };
}

/** A mailbox for MAIL/RCPT: no CR, LF, NUL, angle brackets or spaces; empty only for the null sender. */
function checkAddress(a: string, what: string, allowEmpty: boolean): string {
  const s = a.trim();
  if ((!allowEmpty && s === '') || /[\s<>\x00-\x1f\x7f]/.test(s) || s.length > 254)
    throw new MailtlsError('EUSAGE', `invalid ${what} address "${sanitize(a, 80)}"`);
  return s;
}

/** `250 a\nb\nc` (how src/smtp reports a reply) → `250-a\n250-b\n250 c`, each line sanitised, as on the wire. */
function wireLines(text: string): string {
  const code = text.slice(0, 3);
  const lines = text.slice(4).split('\n');
  return lines.map((l, i) => `${code}${i === lines.length - 1 ? ' ' : '-'}${sanitize(l, 512)}`).join('\n');
}

/** The small test message. */
export function testMessage(from: string, to: string[], subject: string, host: string): string {
  const id = `${randomBytes(8).toString('hex')}@mailtls.invalid`;
  return [
    `From: <${from || 'mailer-daemon@mailtls.invalid'}>`,
    `To: ${to.map((t) => `<${t}>`).join(', ')}`,
    `Subject: ${subject}`,
    `Date: ${new Date().toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${id}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    `X-Mailer: mailtls/${VERSION}`,
    '',
    `Test message from "mailtls send" to ${host}: sent the way Exchange Online sends (STARTTLS, TLS 1.2 or later).`,
    'It can be deleted.',
    '',
  ].join('\r\n');
}

/** Everything the steps of one session share. */
interface Session {
  opts: SendOptions;
  policy: SendPolicy;
  lang: Lang;
  port: number;
  from: string;
  to: string[];
  ehloName: string;
  servername: string | undefined;
  endpoint: string;
  address: string;
  /** Set by the `connect` step. */
  client: SmtpClient | null;
  result: SendResult;
  findings: Finding[];
  note: (dir: TranscriptLine['dir'], text: string, tls: boolean) => void;
  /** RCPT: the last refusal (a warning when another recipient was accepted). */
  lastRefusal: Reply | null;
  /** The reply to the end of DATA. */
  dataReply: Reply | null;
}

/**
 * What a step decided: `next` step; `quit` (the step recorded why it stops: QUIT, then the result); `stop` (the
 * connection is gone: the result as it is); or a refusal (recorded by the loop as the failure at the step's phase).
 */
type Outcome = 'next' | 'quit' | 'stop' | { refused: Reply; finding: FindingId };

/**
 * One step of the dialogue (the shape of Postfix's smtp_proto.c states and Nodemailer's smtp-connection stages):
 * `phase` is where a failure is reported (`ehlo2`, EHLO again inside TLS, reports as `ehlo`); `when` skips the step.
 * A plain exchange names its command (`ask`), the replies it expects and the finding when the reply is another;
 * the rest `run` themselves.
 */
type Step = { name: string; phase: SendPhase; when?: (s: Session) => boolean } & (
  | { ask: (s: Session) => Promise<Reply>; expect: readonly number[]; refusal: FindingId }
  | { run: (s: Session) => Promise<Outcome> }
);

/** The connected client (every step after `connect`). */
function smtp(s: Session): SmtpClient {
  if (!s.client) throw new MailtlsError('EPROTOCOL', 'no connection');
  return s.client;
}

/** Inside TLS after STARTTLS (EHLO is sent again). */
const secured = (s: Session): boolean => s.result.starttls === 'offered';

/** The SMTP dialogue of `send`, in order. */
const STEPS: readonly Step[] = [
  { name: 'connect', phase: 'connect', run: connectStep },
  {
    name: 'greeting',
    phase: 'greeting',
    expect: [220],
    refusal: 'smtp.greeting-refused',
    ask: async (s) => {
      const greeting = await smtp(s).greeting();
      s.result.banner = sanitize(replyText(greeting), 512);
      return greeting;
    },
  },
  { name: 'ehlo', phase: 'ehlo', expect: [250], refusal: 'smtp.ehlo-refused', ask: async (s) => (await smtp(s).ehlo(s.ehloName)).reply },
  { name: 'starttls', phase: 'starttls', run: starttlsStep },
  { name: 'tls', phase: 'tls', when: secured, run: tlsStep },
  { name: 'ehlo2', phase: 'ehlo', when: secured, expect: [250], refusal: 'smtp.ehlo-refused', ask: async (s) => (await smtp(s).ehlo(s.ehloName)).reply },
  { name: 'mail', phase: 'mail', expect: [250], refusal: 'send.rejected', ask: (s) => smtp(s).mail(s.from) },
  { name: 'rcpt', phase: 'rcpt', run: rcptStep },
  {
    name: 'data',
    phase: 'data',
    expect: [250],
    refusal: 'send.rejected',
    ask: async (s) => {
      s.dataReply = await smtp(s).data(testMessage(s.from, s.to, s.opts.subject ?? 'mailtls send test', s.opts.host));
      return s.dataReply;
    },
  },
  { name: 'quit', phase: 'quit', run: deliveredStep },
];

/** Sends one test message and reports the transcript, the TLS parameters and where and why it failed. */
export async function send(opts: SendOptions): Promise<SendResult> {
  const started = Date.now();
  const policy: SendPolicy = opts.policy ?? 'exchange-online';
  const port = opts.port ?? 25;
  const from = checkAddress(opts.from, 'sender', true);
  const to = (Array.isArray(opts.to) ? opts.to : [opts.to]).map((t) => checkAddress(t, 'recipient', false));
  if (to.length === 0) throw new MailtlsError('EUSAGE', 'at least one recipient is needed');
  if (to.length > 100) throw new MailtlsError('EUSAGE', 'at most 100 recipients');
  const ehloName = opts.ehlo ?? osHostname() ?? 'localhost';
  if (/[\s\x00-\x1f]/.test(ehloName)) throw new MailtlsError('EUSAGE', `invalid EHLO name "${sanitize(ehloName, 80)}"`);
  const endpoint = isIP(opts.host) === 6 ? `[${opts.host}]:${port}` : `${opts.host}:${port}`;

  const transcript: TranscriptLine[] = [];
  const findings: Finding[] = [];
  const result: SendResult = {
    target: endpoint,
    host: opts.host,
    port,
    policy,
    banner: null,
    starttls: null,
    tls: null,
    bytesDiscardedAfterStarttls: 0,
    delivered: false,
    failedAt: null,
    reason: null,
    transcript,
    findings,
    verdict: 'inconclusive',
    elapsedMs: 0,
  };
  const s: Session = {
    opts,
    policy,
    lang: opts.lang ?? 'en',
    port,
    from,
    to,
    ehloName,
    endpoint,
    result,
    findings,
    client: null,
    lastRefusal: null,
    dataReply: null,
    servername: opts.servername ?? (isIP(opts.host) ? undefined : opts.host),
    address: await admitAddress(opts.host, opts.allowPrivate === true),
    note: (dir, text, tls) => {
      if (transcript.length < MAX_TRANSCRIPT) transcript.push({ dir, text: dir === 'S' ? wireLines(text) : text, tls });
      else if (transcript.length === MAX_TRANSCRIPT) transcript.push({ dir: '*', text: '(transcript truncated)', tls });
    },
  };
  await runSteps(s);
  result.elapsedMs = Date.now() - started;
  return result;
}

/** Drives the steps in order until one stops the session; an error ends it at the step's phase. */
async function runSteps(s: Session): Promise<void> {
  for (const step of STEPS) {
    if (step.when && !step.when(s)) continue;
    try {
      let outcome: Outcome;
      if ('run' in step) outcome = await step.run(s);
      else {
        const reply = await step.ask(s);
        outcome = step.expect.includes(reply.code) ? 'next' : { refused: reply, finding: step.refusal };
      }
      if (outcome === 'next') continue;
      if (typeof outcome === 'object') refused(s, step.phase, outcome.refused, outcome.finding);
      if (outcome !== 'stop') await smtp(s).quit();
      return;
    } catch (e) {
      if (step.name === 'connect') connectFailed(s, e);
      else protocolError(s, step.phase, e);
      return;
    }
  }
}

/** Records a refusal reply at a phase as the failure. */
function refused(s: Session, phase: SendPhase, r: Reply, id: FindingId): void {
  s.result.failedAt = phase;
  s.result.reason = sanitize(replyText(r), 512);
  s.result.verdict = 'fail';
  s.findings.push(finding(id, s.lang, { endpoint: s.endpoint, phase: phase.toUpperCase(), reply: s.result.reason }));
}

/** No connection: the verdict stays inconclusive (nothing was said about TLS). */
function connectFailed(s: Session, e: unknown): void {
  s.result.failedAt = 'connect';
  s.result.reason = sanitize((e as Error).message, 512);
  const timeout = isSmtpError(e) && e.code === 'ETIMEDOUT';
  s.findings.push(
    finding(timeout ? 'smtp.timeout' : 'smtp.connect-failed', s.lang, {
      endpoint: s.endpoint,
      phase: 'connect',
      during: phaseWords('connect', s.lang),
      reason: s.result.reason,
    }),
  );
}

/** A step that failed without a reply (timeout, a cap, a dropped connection). */
function protocolError(s: Session, phase: SendPhase, e: unknown): void {
  s.client?.close();
  s.result.failedAt = phase;
  s.result.reason = sanitize((e as Error).message, 512);
  const code = isSmtpError(e) ? e.code : 'EPROTOCOL';
  const id = code === 'ETIMEDOUT' ? 'smtp.timeout' : code === 'ELIMIT' ? 'smtp.limit-exceeded' : 'smtp.protocol-error';
  s.findings.push(finding(id, s.lang, { endpoint: s.endpoint, phase, during: phaseWords(phase, s.lang), reason: s.result.reason }));
  // A server that drops the connection in reply to our STARTTLS/TLS is a failure, not a mystery.
  s.result.verdict = 'fail';
}

async function connectStep(s: Session): Promise<Outcome> {
  const { opts } = s;
  s.client = await SmtpClient.connect({
    host: s.address,
    port: s.port,
    ...(opts.timeouts ? { timeouts: opts.timeouts } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
    onTranscript: (dir, text, secure) => s.note(dir, text, secure),
  });
  return 'next';
}

/** STARTTLS when offered; without it Exchange Online's policy stops, the opportunistic one goes on in plaintext. */
async function starttlsStep(s: Session): Promise<Outcome> {
  const { result } = s;
  const client = smtp(s);
  if (!client.offersStarttls) {
    result.starttls = 'not-offered';
    if (s.policy === 'exchange-online') {
      result.failedAt = 'starttls';
      result.reason = 'STARTTLS not offered';
      result.verdict = 'fail';
      s.findings.push(finding('starttls.not-offered', s.lang, { endpoint: s.endpoint }));
      return 'quit';
    }
    s.findings.push(finding('send.plaintext', s.lang, { endpoint: s.endpoint }));
    return 'next';
  }
  result.starttls = 'offered';
  const st = await client.starttls();
  if (!st.ready) {
    result.starttls = 'refused';
    return { refused: st.reply, finding: 'starttls.refused' };
  }
  result.bytesDiscardedAfterStarttls = st.discardedBytes;
  if (st.discardedBytes > 0) {
    s.note('*', `${st.discardedBytes} bytes after the 220 discarded`, false);
    s.findings.push(finding('smtp.response-injection', s.lang, { endpoint: s.endpoint, bytes: st.discardedBytes }));
  }
  return 'next';
}

/** The handshake, as the policy makes it; a failure ends the session (never a retry in plaintext). */
async function tlsStep(s: Session): Promise<Outcome> {
  const { result, endpoint, lang, policy } = s;
  const client = smtp(s);
  const tlsOpts = policy === 'exchange-online' ? exchangeOnlineTlsOptions(s.servername) : opportunisticTlsOptions(s.servername);
  if (s.opts.clientCertificate) Object.assign(tlsOpts, { cert: s.opts.clientCertificate.cert, key: s.opts.clientCertificate.key });
  try {
    const sock = await client.upgrade(tlsOpts);
    const c = sock.getCipher() as { standardName?: string; name?: string } | undefined;
    result.tls = { version: fromNodeProtocol(sock.getProtocol()), cipher: c?.standardName ?? c?.name ?? null };
    s.note('*', `TLS established: ${result.tls.version ?? '?'} ${result.tls.cipher ?? '?'}`, true);
    s.findings.push(finding('send.tls-ok', lang, { endpoint, version: result.tls.version ?? '?', cipher: result.tls.cipher ?? '?' }));
    // The opportunistic policy speaks any version, but the verdict is Exchange Online's (as listen's is): a session
    // it would not have made fails, delivered or not.
    if (policy === 'opportunistic' && !(result.tls.version && eoAcceptsVersion(result.tls.version) && result.tls.cipher && eoAcceptsSuite(result.tls.cipher)))
      s.findings.push(finding('send.tls-not-exchange-online', lang, { endpoint, version: result.tls.version ?? '?', cipher: result.tls.cipher ?? '?' }));
    return 'next';
  } catch (e) {
    result.starttls = 'failed';
    result.failedAt = 'tls';
    result.reason = sanitize(tlsReason((e as Error).message), 512);
    result.verdict = 'fail';
    s.note('*', `TLS failed: ${result.reason}`, false);
    const failure = tlsFailureOf(e);
    let id: FindingId = handshakeFindingId(failure);
    let params: Record<string, string> = { endpoint, reason: result.reason };
    client.close();
    // handshake_failure to a hello offering TLS 1.3: TLS 1.3 on without a TLS 1.3 suite? One more handshake, TLS 1.2
    // only, tells (the same finding probe gives); it never carries mail.
    if (policy === 'exchange-online' && EO_SMTP_TLS13.offersTls13 && failure.alert === 40) {
      const tls12 = await tls12Only(s.opts, s.address, s.port, s.ehloName, s.servername);
      if (tls12) {
        id = 'tls.tls13-no-suites';
        params = { endpoint, suites: tls12 };
        s.note('*', `a TLS 1.2-only handshake works (${tls12}): TLS 1.3 is on without TLS 1.3 suites`, false);
      }
    }
    s.findings.push(finding(id, lang, params));
    // Never fall back to plaintext: Exchange Online with TLS enforced does not (and a retry without TLS is exactly
    // how a TLS version mismatch turns into unencrypted mail).
    return 'stop';
  }
}

/** Every recipient; the session stops only when none was accepted. */
async function rcptStep(s: Session): Promise<Outcome> {
  let accepted = 0;
  for (const t of s.to) {
    const r = await smtp(s).rcpt(t);
    if (r.code === 250 || r.code === 251) accepted++;
    else s.lastRefusal = r;
  }
  return accepted === 0 && s.lastRefusal ? { refused: s.lastRefusal, finding: 'send.rejected' } : 'next';
}

/** After 250 to DATA: delivered (a refused recipient as a warning), QUIT, and the verdict from the findings. */
async function deliveredStep(s: Session): Promise<Outcome> {
  const { result, endpoint, lang } = s;
  result.delivered = true;
  if (s.lastRefusal) s.findings.push(finding('send.rejected', lang, { endpoint, phase: 'RCPT', reply: sanitize(replyText(s.lastRefusal), 512) }, 'warning'));
  s.findings.push(finding('send.delivered', lang, { endpoint, reply: sanitize(replyText(s.dataReply as Reply), 512) }));
  await smtp(s).quit();
  result.verdict = s.findings.some((f) => f.severity === 'error') ? 'fail' : 'pass';
  return 'stop';
}

/** A diagnostic STARTTLS + TLS 1.2-only Exchange Online handshake (no mail): the suite it negotiates, or null. */
async function tls12Only(opts: SendOptions, address: string, port: number, ehloName: string, servername: string | undefined): Promise<string | null> {
  let client: SmtpClient | null = null;
  try {
    client = await SmtpClient.connect({
      host: address,
      port,
      ...(opts.timeouts ? { timeouts: opts.timeouts } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    if ((await client.greeting()).code !== 220) return null;
    if ((await client.ehlo(ehloName)).reply.code !== 250 || !client.offersStarttls) return null;
    if (!(await client.starttls()).ready) return null;
    const sock = await client.upgrade({ ...exchangeOnlineClientOptions(servername), maxVersion: 'TLSv1.2' });
    const c = sock.getCipher() as { standardName?: string; name?: string } | undefined;
    await client.quit();
    return c?.standardName ?? c?.name ?? null;
  } catch {
    client?.close();
    return null;
  }
}
