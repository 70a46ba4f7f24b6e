// Runs the oracle tools (sslscan, testssl.sh, swaks, posttls-finger) against a loopback SMTP server and parses them.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TLS_VERSIONS, type TlsVersion } from '../../src/policy/exchange-online.js';
import { suiteByName, suiteName } from '../../src/tls/suites.js';

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell; never rejects on a non-zero exit (the caller judges the output). */
function run(cmd: string, args: string[], opts: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { timeout: opts.timeoutMs ?? 60_000, maxBuffer: 32 * 1024 * 1024, env: opts.env ?? process.env, encoding: 'utf8' },
      (err, stdout, stderr) => {
        if (err && (err as NodeJS.ErrnoException).code === 'ENOENT') {
          reject(new Error(`${cmd} is not installed (run: npm run peers)`));
          return;
        }
        if (err && err.killed) {
          reject(new Error(`${cmd} ${args.join(' ')} timed out`));
          return;
        }
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** First existing path among candidates (Debian names testssl.sh `testssl`). */
function findTool(...candidates: string[]): string | null {
  for (const c of candidates) if (existsSync(c)) return c;
  return null;
}

/** IANA name for an OpenSSL suite name (or a wire code when known), from src/tls/suites.ts. */
export function ianaSuite(opensslName: string, code?: number): string {
  if (code !== undefined) {
    const n = suiteName(code);
    if (!n.startsWith('0x')) return n;
  }
  return suiteByName(opensslName)?.name ?? opensslName;
}

/** OpenSSL's version label (`TLSv1` is TLS 1.0) as a TlsVersion. */
export function tlsVersion(label: string): TlsVersion | null {
  const v = label === 'TLSv1' ? 'TLSv1.0' : label;
  return TLS_VERSIONS.find((x) => x === v) ?? null;
}

const noVersions = (): Record<TlsVersion, boolean | null> => ({ SSLv3: null, 'TLSv1.0': null, 'TLSv1.1': null, 'TLSv1.2': null, 'TLSv1.3': null });

// ---------------------------------------------------------------------------------------------------------------
// sslscan

export interface SslscanResult {
  /** false when sslscan reports the server does not offer STARTTLS (then versions are all null). */
  starttls: boolean;
  /** Accepted (true) / refused (false) per version; null when not tested. */
  versions: Record<TlsVersion, boolean | null>;
  /** IANA suite names accepted, per version, in sslscan's order (the preferred one first). */
  ciphers: Record<TlsVersion, string[]>;
  /** The suite sslscan marks "preferred", per version. */
  preferred: Partial<Record<TlsVersion, string>>;
  certificate: {
    subject: string;
    altNames: string;
    issuer: string;
    signatureAlgorithm: string;
    selfSigned: boolean;
    expired: boolean;
    keyType: string;
    keyBits: number;
  } | null;
  /** sslscan's error text, if any. */
  error: string | null;
  xml: string;
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w-]+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

function element(xml: string, name: string): string | null {
  const m = new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</${name}>`).exec(xml);
  return m ? m[1]! : null;
}

const SSLSCAN_VERSION: Record<string, TlsVersion | undefined> = {
  'ssl:3': 'SSLv3',
  'tls:1.0': 'TLSv1.0',
  'tls:1.1': 'TLSv1.1',
  'tls:1.2': 'TLSv1.2',
  'tls:1.3': 'TLSv1.3',
};

/** Parses `sslscan --xml=-` output. */
export function parseSslscanXml(xml: string): SslscanResult {
  const versions = noVersions();
  const ciphers = Object.fromEntries(TLS_VERSIONS.map((v) => [v, [] as string[]])) as Record<TlsVersion, string[]>;
  const preferred: Partial<Record<TlsVersion, string>> = {};
  for (const m of xml.matchAll(/<protocol [^>]*\/>/g)) {
    const a = attrs(m[0]);
    const v = SSLSCAN_VERSION[`${a.type}:${a.version}`];
    if (v) versions[v] = a.enabled === '1';
  }
  for (const m of xml.matchAll(/<cipher [^>]*\/>/g)) {
    const a = attrs(m[0]);
    const v = TLS_VERSIONS.find((x) => x === a.sslversion);
    if (!v || !a.cipher) continue;
    const name = ianaSuite(a.cipher, a.id ? Number.parseInt(a.id, 16) : undefined);
    ciphers[v].push(name);
    if (a.status === 'preferred') preferred[v] = name;
  }
  const error = element(xml, 'error');
  const certXml = /<certificate type="short">([\s\S]*?)<\/certificate>/.exec(xml)?.[1];
  let certificate: SslscanResult['certificate'] = null;
  if (certXml) {
    const pk = attrs(/<pk [^>]*\/>/.exec(certXml)?.[0] ?? '');
    certificate = {
      subject: element(certXml, 'subject') ?? '',
      altNames: element(certXml, 'altnames') ?? '',
      issuer: element(certXml, 'issuer') ?? '',
      signatureAlgorithm: element(certXml, 'signature-algorithm') ?? '',
      selfSigned: element(certXml, 'self-signed') === 'true',
      expired: element(certXml, 'expired') === 'true',
      keyType: pk.type ?? '',
      keyBits: Number(pk.bits ?? 0),
    };
  }
  const starttls = !(error && /did not appear to support STARTTLS/i.test(error));
  return { starttls, versions, ciphers, preferred, certificate, error, xml };
}

/** `sslscan --starttls-smtp --no-colour --xml=- host:port`, parsed. */
export async function sslscan(address: string, extraArgs: string[] = []): Promise<SslscanResult> {
  const r = await run('sslscan', ['--starttls-smtp', '--no-colour', '--xml=-', ...extraArgs, address], { timeoutMs: 120_000 });
  if (!r.stdout.includes('<document')) throw new Error(`sslscan ${address} printed no XML (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
  return parseSslscanXml(r.stdout);
}

// ---------------------------------------------------------------------------------------------------------------
// testssl.sh

export interface TestsslFinding {
  id: string;
  severity: string;
  finding: string;
}

export interface TestsslResult {
  /** From the SSLv3/TLS1/TLS1_1/TLS1_2/TLS1_3 findings: offered → true, not offered → false, else null. */
  versions: Record<TlsVersion, boolean | null>;
  findings: TestsslFinding[];
}

const TESTSSL_IDS: Record<string, TlsVersion> = { SSLv3: 'SSLv3', TLS1: 'TLSv1.0', TLS1_1: 'TLSv1.1', TLS1_2: 'TLSv1.2', TLS1_3: 'TLSv1.3' };

export function parseTestsslJson(json: string): TestsslResult {
  const findings = (JSON.parse(json) as TestsslFinding[]).map(({ id, severity, finding }) => ({ id, severity, finding }));
  const versions = noVersions();
  for (const f of findings) {
    const v = TESTSSL_IDS[f.id];
    if (!v) continue;
    versions[v] = /^not offered/.test(f.finding) ? false : /^offered/.test(f.finding) ? true : null;
  }
  return { versions, findings };
}

/** `testssl.sh --starttls smtp -p --warnings off --jsonfile F host:port` (args replace `-p`), parsed (~6–8 s for -p). */
export async function testssl(address: string, args: string[] = ['-p']): Promise<TestsslResult> {
  const bin = findTool('/usr/bin/testssl', '/usr/bin/testssl.sh', '/usr/local/bin/testssl.sh');
  if (!bin) throw new Error('testssl.sh is not installed (run: npm run peers)');
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-testssl-'));
  try {
    const file = join(dir, 'out.json');
    const r = await run(bin, ['--starttls', 'smtp', ...args, '--warnings', 'off', '--color', '0', '--jsonfile', file, address], { timeoutMs: 300_000 });
    if (!existsSync(file)) throw new Error(`testssl.sh ${address} wrote no JSON (exit ${r.code}): ${(r.stdout + r.stderr).slice(-800)}`);
    return parseTestsslJson(readFileSync(file, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// swaks

export interface SwaksResult {
  /** STARTTLS answered 220 and the handshake completed. */
  tls: boolean;
  version: TlsVersion | null;
  /** IANA suite name. */
  cipher: string | null;
  /** swaks' reason when TLS did not start (or STARTTLS was not offered). */
  tlsError: string | null;
  /** Every server reply line (`<-`/`<~`), in order. */
  serverLines: string[];
  exitCode: number;
  transcript: string;
}

export interface SwaksOptions {
  /** swaks --tls-protocol, e.g. `tlsv1_2`, `tlsv1,tlsv1_1`, `no_tlsv1_3`. */
  tlsProtocol?: string;
  /** swaks --tls-cipher (OpenSSL cipher string). TLS 1.0/1.1 need `DEFAULT:@SECLEVEL=0`, the default here. */
  tlsCipher?: string;
  /** Stop after this phase (swaks --quit-after); default `TLS`. Use `''` to send a whole message. */
  quitAfter?: string;
  from?: string;
  to?: string;
  ehlo?: string;
  timeoutSeconds?: number;
}

/** Parses a swaks transcript. */
export function parseSwaks(transcript: string, exitCode: number): SwaksResult {
  const started = /=== TLS started with cipher ([^:\s]+):([^:\s]+):\d+/.exec(transcript);
  const failed = /^\*\*\* (.*(?:TLS|STARTTLS).*)$/m.exec(transcript);
  const version = started ? tlsVersion(started[1]!) : null;
  const serverLines = transcript
    .split('\n')
    .filter((l) => /^\s*<[-~]\*?\s/.test(l))
    .map((l) => l.replace(/^\s*<[-~]\*?\s+/, ''));
  return {
    tls: Boolean(started),
    version,
    cipher: started ? ianaSuite(started[2]!) : null,
    tlsError: started ? null : (failed?.[1] ?? null),
    serverLines,
    exitCode,
    transcript,
  };
}

/**
 * Reads `swaks --support`: null when it lists TLS as supported, else why not, as one line naming the Debian package
 * that gives swaks its TLS (Perl Net::SSLeay is only a Recommends of swaks, so a --no-install-recommends install lacks it).
 */
export function swaksTlsProblem(supportOutput: string): string | null {
  if (/^=== TLS supported/m.test(supportOutput)) return null;
  const why = /^\*\*\* TLS not available: (.*)$/m.exec(supportOutput)?.[1]?.trim() ?? '`swaks --support` does not list TLS';
  return `swaks cannot speak TLS (${why}): install the Debian package libnet-ssleay-perl (npm run peers)`;
}

let swaksTlsCheck: Promise<string | null> | undefined;

/** Once per test file: null when the installed swaks speaks TLS, else the reason (see swaksTlsProblem). */
export function swaksTlsMissing(): Promise<string | null> {
  swaksTlsCheck ??= run('swaks', ['--support'], { timeoutMs: 20_000 }).then(
    (r) => swaksTlsProblem(r.stdout + r.stderr),
    (e: Error) => e.message,
  );
  return swaksTlsCheck;
}

/** swaks with --tls (STARTTLS required) against host:port; fails at once, with the reason, when swaks cannot speak TLS. */
export async function swaks(host: string, port: number, opts: SwaksOptions = {}): Promise<SwaksResult> {
  const missing = await swaksTlsMissing();
  if (missing) throw new Error(missing);
  const args = [
    '--server',
    host,
    '--port',
    String(port),
    '--tls',
    '--to',
    opts.to ?? 'rcpt@example.test',
    '--from',
    opts.from ?? 'sender@harness.test',
    '--ehlo',
    opts.ehlo ?? 'swaks.harness.test',
    '--timeout',
    String(opts.timeoutSeconds ?? 15),
    '--tls-cipher',
    opts.tlsCipher ?? 'DEFAULT:@SECLEVEL=0',
  ];
  if (opts.tlsProtocol) args.push('--tls-protocol', opts.tlsProtocol);
  const quitAfter = opts.quitAfter ?? 'TLS';
  if (quitAfter) args.push('--quit-after', quitAfter);
  const r = await run('swaks', args, { timeoutMs: ((opts.timeoutSeconds ?? 15) + 15) * 1000 });
  return parseSwaks(r.stdout + r.stderr, r.code);
}

// ---------------------------------------------------------------------------------------------------------------
// posttls-finger

export interface PosttlsFingerResult {
  /** Trust as posttls-finger reports it: Anonymous / Untrusted / Trusted / Verified, or null when no TLS. */
  trust: string | null;
  version: TlsVersion | null;
  cipher: string | null;
  /** Whether EHLO offered STARTTLS, when the chat shows it. */
  starttlsOffered: boolean | null;
  output: string;
  exitCode: number;
}

/** posttls-finger reads main.cf from $MAIL_CONFIG; Debian ships none, so give it one shared, constant dir (no cleanup needed). */
function ptfConfig(): string {
  const dir = join(tmpdir(), `mailtls-ptf-conf-${process.getuid?.() ?? 0}`);
  const file = join(dir, 'main.cf');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, 'compatibility_level = 3.6\n');
    renameSync(tmp, file); // atomic: concurrent runs never see a half-written file
  }
  return dir;
}

export function posttlsFingerAvailable(): boolean {
  return existsSync('/usr/sbin/posttls-finger');
}

export function parsePosttlsFinger(output: string, exitCode: number): PosttlsFingerResult {
  const est = /(\w+) TLS connection established to [^:]+(?::\d+)?: (TLSv[\d.]+) with cipher (\S+)/.exec(output);
  const version = est ? tlsVersion(est[2]!) : null;
  const starttlsOffered = /250[- ]STARTTLS/.test(output) ? true : /250 /.test(output) ? false : null;
  return { trust: est ? est[1]! : null, version, cipher: est ? ianaSuite(est[3]!) : null, starttlsOffered, output, exitCode };
}

/** One posttls-finger handshake to [host]:port at security level `level` with `protocols` (e.g. `>=TLSv1.2`). */
export async function posttlsFinger(
  host: string,
  port: number,
  opts: { level?: string; protocols?: string; cafile?: string; extra?: string[] } = {},
): Promise<PosttlsFingerResult> {
  const dest = host.includes(':') ? `[ipv6:${host}]:${port}` : `[${host}]:${port}`;
  const args = [
    '-l',
    opts.level ?? 'may',
    '-p',
    opts.protocols ?? '>=TLSv1',
    '-o',
    'tls_medium_cipherlist=DEFAULT:@SECLEVEL=0',
    '-o',
    'smtp_tls_ciphers=medium',
    '-o',
    'smtp_tls_mandatory_ciphers=medium',
    '-t',
    '10',
    '-T',
    '10',
  ];
  if (opts.cafile) args.push('-F', opts.cafile);
  args.push(...(opts.extra ?? []), dest);
  const r = await run('/usr/sbin/posttls-finger', args, { env: { ...process.env, MAIL_CONFIG: ptfConfig() }, timeoutMs: 30_000 });
  return parsePosttlsFinger(r.stdout + r.stderr, r.code);
}
