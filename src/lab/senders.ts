// The lab's senders: real SMTP/TLS clients (src/smtp over node:tls) that behave like an old on-premises Exchange
// pinned to TLS 1.0, a sender that never issues STARTTLS, and a healthy TLS 1.2 sender.
import type { ConnectionOptions } from 'node:tls';
import { sanitize } from '../net/sanitize.js';
import { fromNodeProtocol } from '../tls/versions.js';
import { SmtpClient, type SmtpTimeouts } from '../smtp/client.js';
import { replyText, type Reply } from '../smtp/reply.js';
import { testMessage } from '../send/index.js';
import type { TlsVersion } from '../policy/exchange-online.js';
import type { LabSenderKind } from './types.js';

/** What one sender saw. */
export interface SenderRun {
  kind: LabSenderKind;
  /** `C:`/`S:` lines, sanitised, at most 60. */
  transcript: string[];
  /** Every server reply, one line each (multi-line replies joined with ` / `). */
  replies: string[];
  tls: { version: TlsVersion | null; cipher: string | null } | null;
  /** The TLS library's reason when the handshake failed. */
  tlsError: string | null;
  /** Any other local error (connect, timeout). */
  error: string | null;
  delivered: boolean;
}

const MAX_TRANSCRIPT = 60;

/** TLS options of each sender kind: the TLS 1.0 one offers TLS 1.0 only, as an old Schannel client would. */
function tlsOptions(kind: LabSenderKind, ca: string, servername: string): ConnectionOptions {
  if (kind === 'tls10') return { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0', rejectUnauthorized: false, servername };
  return { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ca: [ca], servername };
}

export interface SenderOptions {
  host: string;
  port: number;
  /** The receiver's name (SNI, certificate check for the healthy sender). */
  servername: string;
  /** The lab CA, trusted by the healthy sender. */
  ca: string;
  ehlo?: string;
  timeouts?: Partial<SmtpTimeouts>;
  signal?: AbortSignal;
}

/** Runs one sender to the end (delivered, refused or failed); never throws. */
export async function runSender(kind: LabSenderKind, o: SenderOptions): Promise<SenderRun> {
  const run: SenderRun = { kind, transcript: [], replies: [], tls: null, tlsError: null, error: null, delivered: false };
  const ehloName = o.ehlo ?? `sender-${kind}.lab.mailtls.test`;
  const from = `lab@sender-${kind}.lab.mailtls.test`;
  const to = `postmaster@${o.servername}`;
  const see = (r: Reply): Reply => {
    run.replies.push(sanitize(replyText(r).replace(/\n/g, ' / '), 512));
    return r;
  };
  let client: SmtpClient;
  try {
    client = await SmtpClient.connect({
      host: o.host,
      port: o.port,
      timeouts: { connectMs: 5000, greetingMs: 5000, commandMs: 5000, tlsMs: 5000, sessionMs: 20_000, ...o.timeouts },
      ...(o.signal ? { signal: o.signal } : {}),
      onTranscript: (dir, text, secure) => {
        if (run.transcript.length < MAX_TRANSCRIPT) run.transcript.push(`${dir}${secure ? '~' : ':'} ${sanitize(text.replace(/\n/g, ' / '), 300)}`);
      },
    });
  } catch (e) {
    run.error = sanitize((e as Error).message, 300);
    return run;
  }
  try {
    if (see(await client.greeting()).code !== 220) return run;
    if (see((await client.ehlo(ehloName)).reply).code !== 250) return run;
    if (kind !== 'plaintext') {
      const st = await client.starttls();
      see(st.reply);
      if (!st.ready) return run;
      try {
        const sock = await client.upgrade(tlsOptions(kind, o.ca, o.servername));
        const c = sock.getCipher() as { standardName?: string; name?: string } | undefined;
        run.tls = { version: fromNodeProtocol(sock.getProtocol()), cipher: c?.standardName ?? c?.name ?? null };
      } catch (e) {
        run.tlsError = sanitize((e as Error).message, 300);
        return run;
      }
      if (see((await client.ehlo(ehloName)).reply).code !== 250) return run;
    }
    if (see(await client.mail(from)).code !== 250) return run;
    if (see(await client.rcpt(to)).code !== 250) return run;
    const end = see(await client.data(testMessage(from, [to], 'mailtls lab', o.servername)));
    run.delivered = end.code === 250;
  } catch (e) {
    run.error ??= sanitize((e as Error).message, 300);
  } finally {
    await client.quit();
  }
  return run;
}
