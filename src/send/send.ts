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
import { isSmtpError } from '../smtp/errors.js';
import { replyText, type Reply } from '../smtp/reply.js';
import { fromNodeProtocol } from '../tls/versions.js';
import { VERSION } from '../version.js';
import { alertFromCode, tlsReason } from '../tls/reason.js';
import type { SendOptions, SendPhase, SendPolicy, SendResult, TranscriptLine } from './types.js';

/** Most transcript lines kept (a hostile server cannot make the result grow without bound). */
const MAX_TRANSCRIPT = 200;

/** Exchange Online's outbound TLS: the same Schannel-like handshake as probe's proof (src/tls/eo-client.ts): TLS 1.2
 * (and 1.3 per EO_SMTP_TLS13), its suites only, strongest first; certificates not verified (Exchange Online's default
 * opportunistic-TLS outbound does not validate either). */
export function exchangeOnlineTlsOptions(servername?: string): ConnectionOptions {
  return exchangeOnlineClientOptions(servername);
}

/** The finding for a failed handshake, from the alert the server sent (or OpenSSL's own refusal), never from text. */
function handshakeFindingId(code: unknown): FindingId {
  const alert = alertFromCode(code);
  if (alert?.description === 70 || code === 'ERR_SSL_UNSUPPORTED_PROTOCOL' || code === 'ERR_SSL_NO_PROTOCOLS_AVAILABLE') return 'send.tls-version-refused';
  if (alert?.description === 40 || alert?.description === 71 || code === 'ERR_SSL_NO_SHARED_CIPHER' || code === 'ERR_SSL_WRONG_CIPHER_RETURNED') return 'send.tls-suites-refused';
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
  if (cls !== 'public' && !allowPrivate) throw new MailtlsError('EUSAGE', `${sanitize(host, 200)} is ${ip}, a ${cls} address: add --allow-private to send to it`);
  return ip;
}

/** Any version OpenSSL can speak (TLS 1.0+ at security level 0): the opportunistic sender. */
function opportunisticTlsOptions(servername?: string): ConnectionOptions {
  return { minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0', rejectUnauthorized: false, ...(servername ? { servername } : {}) };
}

/** A mailbox for MAIL/RCPT: no CR, LF, NUL, angle brackets or spaces; empty only for the null sender. */
function checkAddress(a: string, what: string, allowEmpty: boolean): string {
  const s = a.trim();
  if ((!allowEmpty && s === '') || /[\s<>\x00-\x1f\x7f]/.test(s) || s.length > 254) throw new MailtlsError('EUSAGE', `invalid ${what} address "${sanitize(a, 80)}"`);
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

/** Sends one test message and reports the transcript, the TLS parameters and where and why it failed. */
export async function send(opts: SendOptions): Promise<SendResult> {
  const started = Date.now();
  const policy: SendPolicy = opts.policy ?? 'exchange-online';
  const lang = opts.lang ?? 'en';
  const port = opts.port ?? 25;
  const from = checkAddress(opts.from, 'sender', true);
  const to = (Array.isArray(opts.to) ? opts.to : [opts.to]).map((t) => checkAddress(t, 'recipient', false));
  if (to.length === 0) throw new MailtlsError('EUSAGE', 'at least one recipient is needed');
  if (to.length > 100) throw new MailtlsError('EUSAGE', 'at most 100 recipients');
  const ehloName = opts.ehlo ?? osHostname() ?? 'localhost';
  if (/[\s\x00-\x1f]/.test(ehloName)) throw new MailtlsError('EUSAGE', `invalid EHLO name "${sanitize(ehloName, 80)}"`);
  const servername = opts.servername ?? (isIP(opts.host) ? undefined : opts.host);
  const endpoint = isIP(opts.host) === 6 ? `[${opts.host}]:${port}` : `${opts.host}:${port}`;

  const transcript: TranscriptLine[] = [];
  const note = (dir: TranscriptLine['dir'], text: string, tls: boolean): void => {
    if (transcript.length < MAX_TRANSCRIPT) transcript.push({ dir, text: dir === 'S' ? wireLines(text) : text, tls });
    else if (transcript.length === MAX_TRANSCRIPT) transcript.push({ dir: '*', text: '(transcript truncated)', tls });
  };
  const findings: Finding[] = [];
  const result: SendResult = {
    target: endpoint, host: opts.host, port, policy, banner: null, starttls: null, tls: null, bytesDiscardedAfterStarttls: 0,
    delivered: false, failedAt: null, reason: null, transcript, findings, verdict: 'inconclusive', elapsedMs: 0,
  };
  const finish = (): SendResult => {
    result.elapsedMs = Date.now() - started;
    return result;
  };
  /** Records a refusal reply at a phase as the failure. */
  const refused = (phase: SendPhase, r: Reply, id: FindingId = 'send.rejected'): void => {
    result.failedAt = phase;
    result.reason = sanitize(replyText(r), 512);
    result.verdict = 'fail';
    findings.push(finding(id, lang, { endpoint, phase: phase.toUpperCase(), reply: result.reason }));
  };

  const address = await admitAddress(opts.host, opts.allowPrivate === true);
  let client: SmtpClient;
  try {
    client = await SmtpClient.connect({
      host: address, port, ...(opts.timeouts ? { timeouts: opts.timeouts } : {}), ...(opts.signal ? { signal: opts.signal } : {}),
      onTranscript: (dir, text, secure) => note(dir, text, secure),
    });
  } catch (e) {
    result.failedAt = 'connect';
    result.reason = sanitize((e as Error).message, 512);
    const timeout = isSmtpError(e) && e.code === 'ETIMEDOUT';
    findings.push(finding(timeout ? 'smtp.timeout' : 'smtp.connect-failed', lang, { endpoint, phase: 'connect', during: phaseWords('connect', lang), reason: result.reason }));
    return finish();
  }

  let phase: SendPhase = 'greeting';
  try {
    const greeting = await client.greeting();
    result.banner = sanitize(replyText(greeting), 512);
    if (greeting.code !== 220) {
      refused('greeting', greeting, 'smtp.greeting-refused');
      await client.quit();
      return finish();
    }
    phase = 'ehlo';
    const ehlo = await client.ehlo(ehloName);
    if (ehlo.reply.code !== 250) {
      refused('ehlo', ehlo.reply, 'smtp.ehlo-refused');
      await client.quit();
      return finish();
    }
    if (client.offersStarttls) {
      result.starttls = 'offered';
      phase = 'starttls';
      const st = await client.starttls();
      if (!st.ready) {
        result.starttls = 'refused';
        refused('starttls', st.reply, 'starttls.refused');
        await client.quit();
        return finish();
      }
      result.bytesDiscardedAfterStarttls = st.discardedBytes;
      if (st.discardedBytes > 0) {
        note('*', `${st.discardedBytes} bytes after the 220 discarded`, false);
        findings.push(finding('smtp.response-injection', lang, { endpoint, bytes: st.discardedBytes }));
      }
      phase = 'tls';
      const tlsOpts = policy === 'exchange-online' ? exchangeOnlineTlsOptions(servername) : opportunisticTlsOptions(servername);
      if (opts.clientCertificate) Object.assign(tlsOpts, { cert: opts.clientCertificate.cert, key: opts.clientCertificate.key });
      try {
        const sock = await client.upgrade(tlsOpts);
        const c = sock.getCipher() as { standardName?: string; name?: string } | undefined;
        result.tls = { version: fromNodeProtocol(sock.getProtocol()), cipher: c?.standardName ?? c?.name ?? null };
        note('*', `TLS established: ${result.tls.version ?? '?'} ${result.tls.cipher ?? '?'}`, true);
        findings.push(finding('send.tls-ok', lang, { endpoint, version: result.tls.version ?? '?', cipher: result.tls.cipher ?? '?' }));
        // The opportunistic policy speaks any version, but the verdict is Exchange Online's (as listen's is): a session
        // it would not have made fails, delivered or not.
        if (policy === 'opportunistic' && !(result.tls.version && eoAcceptsVersion(result.tls.version) && result.tls.cipher && eoAcceptsSuite(result.tls.cipher)))
          findings.push(finding('send.tls-not-exchange-online', lang, { endpoint, version: result.tls.version ?? '?', cipher: result.tls.cipher ?? '?' }));
      } catch (e) {
        result.starttls = 'failed';
        result.failedAt = 'tls';
        result.reason = sanitize(tlsReason((e as Error).message), 512);
        result.verdict = 'fail';
        note('*', `TLS failed: ${result.reason}`, false);
        const code = isSmtpError(e) ? e.detail.cause : undefined;
        let id: FindingId = handshakeFindingId(code);
        let params: Record<string, string> = { endpoint, reason: result.reason };
        client.close();
        // handshake_failure to a hello offering TLS 1.3: TLS 1.3 on without a TLS 1.3 suite? One more handshake, TLS 1.2
        // only, tells (the same finding probe gives); it never carries mail.
        if (policy === 'exchange-online' && EO_SMTP_TLS13.offersTls13 && alertFromCode(code)?.description === 40) {
          const tls12 = await tls12Only(opts, address, port, ehloName, servername);
          if (tls12) {
            id = 'tls.tls13-no-suites';
            params = { endpoint, suites: tls12 };
            note('*', `a TLS 1.2-only handshake works (${tls12}): TLS 1.3 is on without TLS 1.3 suites`, false);
          }
        }
        findings.push(finding(id, lang, params));
        // Never fall back to plaintext: Exchange Online with TLS enforced does not (and a retry without TLS is exactly
        // how a TLS version mismatch turns into unencrypted mail).
        return finish();
      }
      phase = 'ehlo';
      const again = await client.ehlo(ehloName);
      if (again.reply.code !== 250) {
        refused('ehlo', again.reply, 'smtp.ehlo-refused');
        await client.quit();
        return finish();
      }
    } else {
      result.starttls = 'not-offered';
      if (policy === 'exchange-online') {
        result.failedAt = 'starttls';
        result.reason = 'STARTTLS not offered';
        result.verdict = 'fail';
        findings.push(finding('starttls.not-offered', lang, { endpoint }));
        await client.quit();
        return finish();
      }
      findings.push(finding('send.plaintext', lang, { endpoint }));
    }
    phase = 'mail';
    const mail = await client.mail(from);
    if (mail.code !== 250) {
      refused('mail', mail);
      await client.quit();
      return finish();
    }
    phase = 'rcpt';
    let accepted = 0;
    let lastRefusal: Reply | null = null;
    for (const t of to) {
      const r = await client.rcpt(t);
      if (r.code === 250 || r.code === 251) accepted++;
      else lastRefusal = r;
    }
    if (accepted === 0 && lastRefusal) {
      refused('rcpt', lastRefusal);
      await client.quit();
      return finish();
    }
    phase = 'data';
    const end = await client.data(testMessage(from, to, opts.subject ?? 'mailtls send test', opts.host));
    if (end.code !== 250) {
      refused('data', end);
      await client.quit();
      return finish();
    }
    result.delivered = true;
    if (lastRefusal) findings.push(finding('send.rejected', lang, { endpoint, phase: 'RCPT', reply: sanitize(replyText(lastRefusal), 512) }, 'warning'));
    findings.push(finding('send.delivered', lang, { endpoint, reply: sanitize(replyText(end), 512) }));
    phase = 'quit';
    await client.quit();
    result.verdict = findings.some((f) => f.severity === 'error') ? 'fail' : 'pass';
    return finish();
  } catch (e) {
    client.close();
    result.failedAt = phase;
    result.reason = sanitize((e as Error).message, 512);
    const code = isSmtpError(e) ? e.code : 'EPROTOCOL';
    const id = code === 'ETIMEDOUT' ? 'smtp.timeout' : code === 'ELIMIT' ? 'smtp.limit-exceeded' : 'smtp.protocol-error';
    findings.push(finding(id, lang, { endpoint, phase, during: phaseWords(phase, lang), reason: result.reason }));
    // A server that drops the connection in reply to our STARTTLS/TLS is a failure, not a mystery.
    result.verdict = 'fail';
    return finish();
  }
}

/** A diagnostic STARTTLS + TLS 1.2-only Exchange Online handshake (no mail): the suite it negotiates, or null. */
async function tls12Only(opts: SendOptions, address: string, port: number, ehloName: string, servername: string | undefined): Promise<string | null> {
  let client: SmtpClient | null = null;
  try {
    client = await SmtpClient.connect({ host: address, port, ...(opts.timeouts ? { timeouts: opts.timeouts } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
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
