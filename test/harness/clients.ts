// Real TLS clients as oracles for "does a complete handshake work": openssl s_client (offering what Exchange Online
// offers) and gnutls-cli (GnuTLS's own client), both over SMTP STARTTLS, plus msmtp and curl as senders.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ClientRun {
  code: number;
  output: string;
}

/** Runs a client with `input` on stdin; never rejects (ENOENT becomes code 127 with the reason). */
export function runClient(cmd: string, args: string[], input = '', timeoutMs = 20_000): Promise<ClientRun> {
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    const p = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const done = (code: number, extra = ''): void => {
      if (settled) return;
      settled = true;
      clearTimeout(t);
      resolve({ code, output: out + extra });
    };
    const t = setTimeout(() => {
      p.kill('SIGKILL');
      done(124, `\n${cmd} timed out`);
    }, timeoutMs);
    p.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    p.stderr.on('data', (b: Buffer) => (out += b.toString('utf8')));
    p.once('error', (e: NodeJS.ErrnoException) => done(127, `${cmd}: ${e.code ?? e.message}`));
    p.once('close', (code) => done(code ?? 1));
    p.stdin.on('error', () => undefined);
    p.stdin.end(input);
  });
}

export interface HandshakeOracle {
  /** The handshake finished (the client printed the negotiated protocol and suite). */
  ok: boolean;
  protocol: string | null;
  cipher: string | null;
  /** The alert number the client reports receiving, if any. */
  alert: number | null;
  output: string;
}

/**
 * `openssl s_client -starttls smtp` offering what Exchange Online offers: TLS 1.2 and (`tls13`) TLS 1.3, only the
 * given suites (OpenSSL names for TLS 1.2, IANA names for TLS 1.3), at security level 0.
 */
export async function opensslHandshake(
  host: string,
  port: number,
  o: { tls12Suites: string[]; tls13Suites: string[]; tls13: boolean },
): Promise<HandshakeOracle> {
  const args = [
    's_client',
    '-brief',
    '-starttls',
    'smtp',
    '-connect',
    `${host}:${port}`,
    '-no_ssl3',
    '-no_tls1',
    '-no_tls1_1',
    '-cipher',
    `${o.tls12Suites.join(':')}:@SECLEVEL=0`,
  ];
  if (o.tls13) args.push('-ciphersuites', o.tls13Suites.join(':'));
  else args.push('-no_tls1_3');
  const r = await runClient('openssl', args, 'QUIT\r\n');
  const protocol = /Protocol version: (\S+)/.exec(r.output)?.[1] ?? null;
  const cipher = /Ciphersuite: (\S+)/.exec(r.output)?.[1] ?? null;
  const alert = /SSL alert number (\d+)/.exec(r.output)?.[1];
  return { ok: /CONNECTION ESTABLISHED/.test(r.output) && protocol !== null, protocol, cipher, alert: alert ? Number(alert) : null, output: r.output };
}

export const GNUTLS_CLI = '/usr/bin/gnutls-cli';
export function gnutlsCliAvailable(): boolean {
  return existsSync(GNUTLS_CLI);
}

/** `gnutls-cli --starttls-proto=smtp` with a priority string (default: GnuTLS's NORMAL, TLS 1.3 included). */
export async function gnutlsHandshake(host: string, port: number, priority = 'NORMAL'): Promise<HandshakeOracle> {
  const r = await runClient(GNUTLS_CLI, ['--insecure', '--starttls-proto=smtp', `--priority=${priority}`, '--port', String(port), host], 'QUIT\r\n');
  const m = /Description: \((TLS[\d.]+)\)-\(([^)]+)\)-\(([^)]+)\)-\(([^)]+)\)/.exec(r.output);
  const alert = /Received alert \[(\d+)\]/.exec(r.output)?.[1];
  return {
    ok: /Handshake was completed/.test(r.output),
    protocol: m?.[1] ?? null,
    cipher: m ? `${m[3]}-${m[4]}` : null,
    alert: alert ? Number(alert) : null,
    output: r.output,
  };
}

const MESSAGE = 'From: <sender@senders.test>\r\nTo: <rcpt@example.test>\r\nSubject: real sender\r\n\r\nhello\r\n';

/** msmtp over STARTTLS (no certificate check) sending one message; `tlsMax`/`priority` as msmtp's tls_priorities. */
export function msmtpSend(host: string, port: number, o: { priorities?: string } = {}): Promise<ClientRun> {
  const args = [
    `--host=${host}`,
    `--port=${port}`,
    '--tls=on',
    '--tls-starttls=on',
    '--tls-certcheck=off',
    '--auth=off',
    '--domain=msmtp.senders.test',
    '--from=sender@senders.test',
  ];
  if (o.priorities) args.push(`--tls-priorities=${o.priorities}`);
  return runClient('msmtp', [...args, 'rcpt@example.test'], MESSAGE);
}

/** curl's SMTP client with STARTTLS required (`--ssl-reqd`), one message; TLS range as curl's options. */
export function curlSend(host: string, port: number, tls: string[] = ['--tlsv1.2']): Promise<ClientRun> {
  return runClient(
    'curl',
    [
      '-sS',
      '--url',
      `smtp://${host}:${port}/curl.senders.test`,
      '--ssl-reqd',
      '-k',
      ...tls,
      '--mail-from',
      'sender@senders.test',
      '--mail-rcpt',
      'rcpt@example.test',
      '--upload-file',
      '-',
    ],
    MESSAGE,
  );
}
