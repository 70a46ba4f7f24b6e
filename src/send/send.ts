// send(): one test message the way Exchange Online sends (STARTTLS required, TLS 1.2+ with its suites), over src/smtp.
import { hostname as osHostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { finding } from '../findings/catalog.js';
import type { Finding } from '../findings/types.js';
import { MailtlsError } from '../errors.js';
import { sanitize } from '../net/sanitize.js';
import { EXCHANGE_ONLINE } from '../policy/exchange-online.js';
import { SmtpClient } from '../smtp/client.js';
import { isSmtpError } from '../smtp/errors.js';
import { replyText, type Reply } from '../smtp/reply.js';
import { suiteByName } from '../tls/suites.js';
import { fromNodeProtocol } from '../receiver/policy.js';
import { VERSION } from '../version.js';
import { tlsReason } from '../tls/reason.js';
import type { SendOptions, SendPhase, SendPolicy, SendResult, TranscriptLine } from './types.js';

/** Most transcript lines kept (a hostile server cannot make the result grow without bound). */
const MAX_TRANSCRIPT = 200;

/** Exchange Online's outbound TLS: 1.2 and 1.3 only, its suites only, strongest first; certificates not verified
 * (Exchange Online's default opportunistic-TLS outbound does not validate either). */
export function exchangeOnlineTlsOptions(servername?: string): ConnectionOptions {
  // Node takes TLS 1.3 suite names in the same `ciphers` string and hands them to SSL_CTX_set_ciphersuites.
  const tls12 = EXCHANGE_ONLINE.tls12Suites.map((n) => suiteByName(n)?.openssl).filter((x): x is string => Boolean(x));
  return {
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.3',
    ciphers: [...EXCHANGE_ONLINE.tls13Suites, ...tls12].join(':'),
    rejectUnauthorized: false,
    ...(servername ? { servername } : {}),
  };
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
  const refused = (phase: SendPhase, r: Reply, id = 'send.rejected'): void => {
    result.failedAt = phase;
    result.reason = sanitize(replyText(r), 512);
    result.verdict = 'fail';
    findings.push(finding(id, lang, { endpoint, phase: phase.toUpperCase(), reply: result.reason }));
  };

  let client: SmtpClient;
  try {
    client = await SmtpClient.connect({
      host: opts.host, port, ...(opts.timeouts ? { timeouts: opts.timeouts } : {}), ...(opts.signal ? { signal: opts.signal } : {}),
      onTranscript: (dir, text, secure) => note(dir, text, secure),
    });
  } catch (e) {
    result.failedAt = 'connect';
    result.reason = sanitize((e as Error).message, 512);
    const timeout = isSmtpError(e) && e.code === 'ETIMEDOUT';
    findings.push(finding(timeout ? 'smtp.timeout' : 'smtp.connect-failed', lang, { endpoint, phase: 'connect', reason: result.reason }));
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
      } catch (e) {
        result.starttls = 'failed';
        result.failedAt = 'tls';
        result.reason = sanitize(tlsReason((e as Error).message), 512);
        result.verdict = 'fail';
        note('*', `TLS failed: ${result.reason}`, false);
        const id = /protocol version|unsupported protocol|wrong version number|no protocols available/i.test(result.reason)
          ? 'send.tls-version-refused'
          : /handshake failure|no shared cipher|no cipher/i.test(result.reason)
            ? 'send.tls-suites-refused'
            : 'tls.handshake-failed';
        findings.push(finding(id, lang, { endpoint, reason: result.reason }));
        // Never fall back to plaintext: Exchange Online with TLS enforced does not (and a retry without TLS is exactly
        // how a TLS version mismatch turns into unencrypted mail, reference/exchange-formats.md §2.5).
        client.close();
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
    findings.push(finding(id, lang, { endpoint, phase, reason: result.reason }));
    // A server that drops the connection in reply to our STARTTLS/TLS is a failure, not a mystery.
    result.verdict = 'fail';
    return finish();
  }
}
