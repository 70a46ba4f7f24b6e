// Private Postfix instances for tests: receivers in fixed TLS configurations, and relay-only senders with a maillog.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TlsVersion } from '../../src/policy/exchange-online.js';
import type { TestCerts } from './certs.js';

const execFileAsync = promisify(execFile);

/** Why Postfix-backed tests cannot run here, or null when they can (root + postfix binary present). */
export function postfixUnavailableReason(): string | null {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return 'Postfix instances need root (postfix -c DIR start); run the tests as root, as CI does';
  }
  if (!existsSync('/usr/sbin/postfix')) return 'Postfix is not installed (run: npm run peers)';
  if (!existsSync('/etc/postfix/master.cf.proto')) return '/etc/postfix/master.cf.proto missing (Debian postfix package expected)';
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Generic instance

export interface PostfixOptions {
  /** Short label: used for the temp dir, myhostname's first label and syslog_name. */
  name: string;
  /** Listen address for the smtpd service (loopback). Default 127.0.0.1. */
  host?: string;
  /** Listen port; default a free port. */
  port?: number;
  /** main.cf settings on top of the harness base (a later key wins). */
  main?: Record<string, string>;
  /** myhostname; default `<name>.harness.test`. */
  hostname?: string;
}

export interface PostfixInstance {
  name: string;
  host: string;
  port: number;
  /** `host:port` (IPv6 in brackets). */
  address: string;
  /** Instance root; config in `dir/conf`, queue in `dir/queue`, log in `maillog`. */
  dir: string;
  configDir: string;
  maillog: string;
  /** Current maillog contents ('' when not written yet). */
  readLog(): string;
  /** Resolves with the first maillog line matching `re` (polling), rejects after `timeoutMs`. */
  waitForLog(re: RegExp, timeoutMs?: number): Promise<string>;
  /** Stops the instance (waits for its master to exit) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

const running = new Map<string, () => void>();
let exitHookInstalled = false;

/** Last resort when the runner dies without teardown: SIGTERM every master we started (by pid). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const kill of running.values()) kill();
  });
}

/** A TCP port on `host` that nothing listens on right now. */
export async function freeTcpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The harness base for every instance: loopback only, no DNS, no local delivery, no throttling, log to a file. */
function baseMain(dir: string, hostname: string, ipv6: boolean): Record<string, string> {
  return {
    compatibility_level: '3.6',
    queue_directory: join(dir, 'queue'),
    data_directory: join(dir, 'data'),
    mail_owner: 'postfix',
    setgid_group: 'postdrop',
    myhostname: hostname,
    mydomain: 'harness.test',
    myorigin: '$myhostname',
    mydestination: '',
    local_recipient_maps: '',
    relay_domains: '',
    mynetworks: ipv6 ? '127.0.0.0/8 [::1]/128' : '127.0.0.0/8',
    inet_interfaces: 'all',
    inet_protocols: ipv6 ? 'all' : 'ipv4',
    alias_maps: '',
    alias_database: '',
    // Everything a receiver accepts is thrown away (status=sent ... discarded) — nothing is ever relayed on.
    default_transport: 'discard:harness',
    relay_transport: 'discard:harness',
    local_transport: 'discard:harness',
    smtpd_relay_restrictions: 'permit_mynetworks, reject',
    smtpd_recipient_restrictions: '',
    smtpd_banner: '$myhostname ESMTP Postfix (mailtls harness)',
    in_flow_delay: '0s',
    smtpd_client_connection_rate_limit: '0',
    smtpd_client_connection_count_limit: '0',
    smtpd_client_message_rate_limit: '0',
    smtpd_tls_loglevel: '1',
    smtp_tls_loglevel: '1',
    smtpd_tls_received_header: 'yes',
    maillog_file: join(dir, 'maillog'),
    maillog_file_prefixes: dir,
    biff: 'no',
    smtputf8_enable: 'no',
    readme_directory: 'no',
    html_directory: 'no',
    smtp_host_lookup: 'native',
    smtp_dns_support_level: 'disabled',
    smtpd_peername_lookup: 'no',
  };
}

/** master.cf from the installed proto: our smtpd on host:port replaces `smtp inet`, nothing chrooted. */
function masterCf(host: string, port: number): string {
  const proto = readFileSync('/etc/postfix/master.cf.proto', 'utf8').split('\n');
  const out: string[] = [`${hostPort(host, port)} inet n - n - - smtpd`];
  for (const line of proto) {
    if (/^\s*#/.test(line) || line.trim() === '') continue;
    if (/^\S+\s+inet\s/.test(line)) continue; // every inet service from the proto (smtp, submission...): ours only
    const m = /^(\S+\s+\S+\s+\S+\s+\S+\s+)(\S+)(\s+.*)$/.exec(line);
    out.push(m ? `${m[1]}n${m[3]}` : line);
  }
  return out.join('\n') + '\n';
}

function renderMain(settings: Record<string, string>): string {
  return (
    Object.entries(settings)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n') + '\n'
  );
}

async function postfixCmd(configDir: string, verb: string): Promise<{ ok: boolean; output: string }> {
  try {
    const r = await execFileAsync('/usr/sbin/postfix', ['-c', configDir, verb], { timeout: 30_000 });
    return { ok: true, output: `${r.stdout}${r.stderr}` };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}${err.message}` };
  }
}

function masterPid(dir: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(join(dir, 'queue', 'pid', 'master.pid'), 'utf8').trim(), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Reads the SMTP banner: true when a `220` greeting arrives. */
async function bannerOk(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const sock: Socket = connect({ host, port });
    let buf = '';
    const done = (ok: boolean) => {
      clearTimeout(timer);
      if (ok) sock.end('QUIT\r\n');
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (buf.length > 4096) done(false);
      else if (/^220[ -]/.test(buf) && buf.includes('\n')) done(true);
      else if (buf.includes('\n')) done(false);
    });
    sock.on('error', () => done(false));
    sock.on('close', () => done(false));
  });
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Starts one private Postfix instance and resolves once its smtpd answers with a 220 banner. */
export async function startPostfix(opts: PostfixOptions): Promise<PostfixInstance> {
  const reason = postfixUnavailableReason();
  if (reason) throw new Error(reason);
  const host = opts.host ?? '127.0.0.1';
  let lastError = '';
  // A port picked free can be taken by someone else before Postfix binds it: retry with a fresh one.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = opts.port ?? (await freeTcpPort(host));
    try {
      return await startOnce(opts, host, port);
    } catch (e) {
      lastError = (e as Error).message;
      if (opts.port !== undefined || !/in use/i.test(lastError)) break;
    }
  }
  throw new Error(lastError);
}

async function startOnce(opts: PostfixOptions, host: string, port: number): Promise<PostfixInstance> {
  const dir = mkdtempSync(join(tmpdir(), `mailtls-postfix-${opts.name}-`));
  chmodSync(dir, 0o755); // daemons run as postfix and must reach data_directory and the queue
  const configDir = join(dir, 'conf');
  const dataDir = join(dir, 'data');
  mkdirSync(configDir, { mode: 0o755 });
  mkdirSync(join(dir, 'queue'), { mode: 0o755 });
  mkdirSync(dataDir, { mode: 0o700 });
  writeFileSync(join(dir, OWNER_FILE), `${process.pid}\n`);
  const pw = await execFileAsync('id', ['-u', 'postfix']).then((r) => Number(r.stdout.trim()));
  const gr = await execFileAsync('id', ['-g', 'postfix']).then((r) => Number(r.stdout.trim()));
  chownSync(dataDir, pw, gr);
  const hostname = opts.hostname ?? `${opts.name}.harness.test`;
  const settings = { ...baseMain(dir, hostname, host.includes(':')), syslog_name: `postfix-${opts.name}`, ...(opts.main ?? {}) };
  writeFileSync(join(configDir, 'main.cf'), renderMain(settings));
  writeFileSync(join(configDir, 'master.cf'), masterCf(host, port));
  // Postfix waits (in 300 ms steps) while a config file's mtime is not yet in the past, so every postconf/postfix
  // call would stall on a file written this second: backdate both.
  const past = new Date(Date.now() - 60_000);
  for (const f of ['main.cf', 'master.cf']) utimesSync(join(configDir, f), past, past);
  const maillog = join(dir, 'maillog');
  const readLog = () => (existsSync(maillog) ? readFileSync(maillog, 'utf8') : '');

  let stopped: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      const pid = masterPid(dir);
      // `postfix abort` signals the master like `stop` does, minus stop's 1-second polling loop; we wait ourselves.
      await postfixCmd(configDir, 'abort');
      for (let i = 0; pid !== null && alive(pid) && i < 100; i++) await sleep(50);
      if (pid !== null && alive(pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      // Children notice their master is gone and exit; wait until nothing answers on the port.
      for (let i = 0; i < 40 && (await portOpen(host, port)); i++) await sleep(50);
      running.delete(dir);
      if (!process.env.MAILTLS_HARNESS_KEEP) rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };

  const started = await postfixCmd(configDir, 'start');
  const pid = masterPid(dir);
  if (pid !== null) {
    installExitHook();
    running.set(dir, () => {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    });
  }
  const deadline = Date.now() + 15_000;
  let up = false;
  while (Date.now() < deadline) {
    if (await bannerOk(host, port)) {
      up = true;
      break;
    }
    const p = masterPid(dir);
    if (!started.ok || (p !== null && !alive(p)) || /fatal:/.test(readLog())) break;
    await sleep(50);
  }
  if (!up) {
    const log = readLog();
    await stop();
    throw new Error(
      `Postfix instance ${opts.name} did not come up on ${hostPort(host, port)}.\n` +
        `postfix start: ${started.output.trim() || '(no output)'}\nmaillog:\n${tail(log)}\n` +
        `(to see start-up errors: script -qc "postfix -c ${configDir} start" /dev/null)`,
    );
  }
  const waitForLog = async (re: RegExp, timeoutMs = 20_000): Promise<string> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const line = readLog()
        .split('\n')
        .find((l) => re.test(l));
      if (line !== undefined) return line;
      if (Date.now() > until) throw new Error(`${opts.name}: no maillog line matched ${re} in ${timeoutMs} ms. Log tail:\n${tail(readLog())}`);
      await sleep(50);
    }
  };
  return { name: opts.name, host, port, address: hostPort(host, port), dir, configDir, maillog, readLog, waitForLog, stop };
}

/** True when something accepts TCP connections on host:port. */
export async function portOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const t = setTimeout(() => {
      s.destroy();
      resolve(false);
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(t);
      s.destroy();
      resolve(true);
    });
    s.once('error', () => {
      clearTimeout(t);
      resolve(false);
    });
  });
}

/** File in every harness temp dir naming the process that started it (read by reapOrphans()). */
export const OWNER_FILE = 'owner.pid';

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isFinite(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** True when /proc says `pid` is still the process we mean (guards against pid reuse). */
function procMentions(pid: number, needle: string): boolean {
  for (const f of ['environ', 'cmdline']) {
    try {
      if (readFileSync(`/proc/${pid}/${f}`).toString('latin1').includes(needle)) return true;
    } catch {
      /* gone or not ours to read */
    }
  }
  return false;
}

/**
 * Cleans up after runs that died without teardown (SIGKILL, a killed terminal): every harness temp dir under
 * os.tmpdir() whose owner.pid process is gone gets its Postfix master / dnsmasq signalled and the dir removed.
 * Only dirs carrying an owner.pid written by this harness are touched; a live owner's dirs never are.
 */
export async function reapOrphans(): Promise<string[]> {
  const reaped: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(tmpdir()).filter((e) => /^mailtls-(postfix|dnsmasq)-/.test(e));
  } catch {
    return reaped;
  }
  for (const e of entries) {
    const dir = join(tmpdir(), e);
    const owner = readPid(join(dir, OWNER_FILE));
    if (owner === null || alive(owner)) continue;
    const pids: number[] = [];
    const master = masterPid(dir);
    if (master !== null && alive(master) && procMentions(master, join(dir, 'conf'))) pids.push(master);
    const dnsmasq = readPid(join(dir, 'dnsmasq.pid'));
    if (dnsmasq !== null && alive(dnsmasq) && procMentions(dnsmasq, dir)) pids.push(dnsmasq);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    for (let i = 0; i < 100 && pids.some(alive); i++) await sleep(50);
    rmSync(dir, { recursive: true, force: true });
    reaped.push(dir);
  }
  return reaped;
}

// ---------------------------------------------------------------------------------------------------------------
// Receivers: one instance per TLS configuration

export const RECEIVER_NAMES = [
  'tls10-13',
  'tls12-only',
  'tls10-11-only',
  'tls13-only',
  'no-starttls',
  'cbc-only',
  'expired-cert',
  'selfsigned-other-name',
  'ecdsa-cert',
  'sha1-cert',
] as const;
export type ReceiverName = (typeof RECEIVER_NAMES)[number];
export type CertName = keyof Omit<TestCerts, 'dir'>;

export interface ReceiverSpec {
  description: string;
  /** What sslscan/probe must find: each version accepted (true) or refused (false). SSLv3 is never accepted. */
  versions: Record<TlsVersion, boolean>;
  starttls: boolean;
  /** Which certificate of the test set the server presents. */
  cert: CertName;
  /** When the suite list is pinned: the exact IANA names accepted (TLS 1.0–1.2). */
  pinnedSuites?: readonly string[];
  /** main.cf settings of this configuration (on top of the base and the TLS defaults below). */
  main: Record<string, string>;
}

const V = (tls10: boolean, tls11: boolean, tls12: boolean, tls13: boolean): Record<TlsVersion, boolean> => ({
  SSLv3: false,
  'TLSv1.0': tls10,
  'TLSv1.1': tls11,
  'TLSv1.2': tls12,
  'TLSv1.3': tls13,
});

/** CBC suites with SHA-1 MAC. Debian's OpenSSL 3.0 has no 3DES (nor RC4), so a 3DES-only server cannot be built from
 * Postfix here; cbc-only pins these AES-CBC-SHA suites instead. TLS 1.3 has no CBC suites, so it is off there. */
export const CBC_ONLY_SUITES = [
  'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
  'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA',
  'TLS_RSA_WITH_AES_256_CBC_SHA',
  'TLS_RSA_WITH_AES_128_CBC_SHA',
] as const;
const CBC_ONLY_OPENSSL = 'ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA:AES256-SHA:AES128-SHA:@SECLEVEL=0';

// `>=`/`<=` protocol syntax needs Postfix >= 3.6 (Debian 12 ships 3.7). TLS 1.0/1.1 additionally need OpenSSL's
// security level 0, which Postfix takes from the cipher list: tls_medium_cipherlist = DEFAULT:@SECLEVEL=0 with
// smtpd_tls_ciphers = medium (the harness default for every receiver, see receiverMain()).
export const RECEIVERS: Record<ReceiverName, ReceiverSpec> = {
  'tls10-13': {
    description: 'TLS 1.0–1.3, default suites, valid CA-signed certificate',
    versions: V(true, true, true, true),
    starttls: true,
    cert: 'leaf',
    main: { smtpd_tls_protocols: '>=TLSv1' },
  },
  'tls12-only': {
    description: 'TLS 1.2 only (the Exchange Online minimum, no TLS 1.3)',
    versions: V(false, false, true, false),
    starttls: true,
    cert: 'leaf',
    main: { smtpd_tls_protocols: '>=TLSv1.2, <=TLSv1.2' },
  },
  'tls10-11-only': {
    description: 'TLS 1.0 and 1.1 only: the server of the article, Exchange Online cannot deliver',
    versions: V(true, true, false, false),
    starttls: true,
    cert: 'leaf',
    main: { smtpd_tls_protocols: '>=TLSv1, <=TLSv1.1' },
  },
  'tls13-only': {
    description: 'TLS 1.3 only',
    versions: V(false, false, false, true),
    starttls: true,
    cert: 'leaf',
    main: { smtpd_tls_protocols: '>=TLSv1.3' },
  },
  'no-starttls': {
    description: 'STARTTLS not offered (smtpd_tls_security_level = none)',
    versions: V(false, false, false, false),
    starttls: false,
    cert: 'leaf',
    main: { smtpd_tls_security_level: 'none' },
  },
  'cbc-only': {
    description: 'TLS 1.0–1.2 with only AES-CBC-SHA suites pinned (no 3DES: OpenSSL 3 on Debian has none)',
    versions: V(true, true, true, false),
    starttls: true,
    cert: 'leaf',
    pinnedSuites: CBC_ONLY_SUITES,
    main: { smtpd_tls_protocols: '>=TLSv1, <=TLSv1.2', tls_medium_cipherlist: CBC_ONLY_OPENSSL },
  },
  'expired-cert': {
    description: 'TLS 1.2–1.3 with a CA-signed certificate for mx1.example.test that expired 30 days ago',
    versions: V(false, false, true, true),
    starttls: true,
    cert: 'expired',
    main: { smtpd_tls_protocols: '>=TLSv1.2' },
  },
  'selfsigned-other-name': {
    description: 'TLS 1.2–1.3 with a self-signed certificate for other.invalid',
    versions: V(false, false, true, true),
    starttls: true,
    cert: 'selfSignedOther',
    main: { smtpd_tls_protocols: '>=TLSv1.2' },
  },
  'ecdsa-cert': {
    description: 'TLS 1.2–1.3 with an ECDSA P-256 certificate (only ECDHE_ECDSA suites possible)',
    versions: V(false, false, true, true),
    starttls: true,
    cert: 'ecdsa',
    main: { smtpd_tls_protocols: '>=TLSv1.2' },
  },
  'sha1-cert': {
    description: 'TLS 1.2–1.3 with a SHA-1-signed certificate (Exchange Online refuses SHA-1)',
    versions: V(false, false, true, true),
    starttls: true,
    cert: 'sha1',
    main: { smtpd_tls_protocols: '>=TLSv1.2' },
  },
};

function receiverMain(spec: ReceiverSpec, certs: TestCerts): Record<string, string> {
  const cert = certs[spec.cert];
  return {
    smtpd_tls_security_level: 'may',
    smtpd_tls_cert_file: cert.chainPath,
    smtpd_tls_key_file: cert.keyPath,
    smtpd_tls_ciphers: 'medium',
    smtpd_tls_mandatory_ciphers: 'medium',
    tls_medium_cipherlist: 'DEFAULT:@SECLEVEL=0',
    smtpd_tls_session_cache_database: '',
    ...spec.main,
  };
}

/** What tests get about a running receiver (plain data: vitest's provide() carries it to workers). */
export interface ReceiverInfo {
  name: ReceiverName;
  description: string;
  host: string;
  port: number;
  address: string;
  hostname: string;
  configDir: string;
  maillog: string;
  versions: Record<TlsVersion, boolean>;
  starttls: boolean;
  cert: CertName;
  certPath: string;
  pinnedSuites: string[] | null;
}

export interface RunningReceiver extends ReceiverInfo {
  instance: PostfixInstance;
}

/** Starts one receiver configuration. Its myhostname is mx1.example.test (the name of the CA-signed certs). */
export async function startReceiver(name: ReceiverName, certs: TestCerts, host?: string): Promise<RunningReceiver> {
  const spec = RECEIVERS[name];
  const hostname = 'mx1.example.test';
  const instance = await startPostfix({ name, host, hostname, main: receiverMain(spec, certs) });
  return {
    name,
    description: spec.description,
    host: instance.host,
    port: instance.port,
    address: instance.address,
    hostname,
    configDir: instance.configDir,
    maillog: instance.maillog,
    versions: spec.versions,
    starttls: spec.starttls,
    cert: spec.cert,
    certPath: certs[spec.cert].certPath,
    pinnedSuites: spec.pinnedSuites ? [...spec.pinnedSuites] : null,
    instance,
  };
}

/** Starts the receivers in parallel; when one fails, stops the others and rethrows. */
export async function startReceiverFleet(certs: TestCerts, names: readonly ReceiverName[] = RECEIVER_NAMES): Promise<RunningReceiver[]> {
  const results = await Promise.allSettled(names.map((n) => startReceiver(n, certs)));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const ok = results.filter((r): r is PromiseFulfilledResult<RunningReceiver> => r.status === 'fulfilled').map((r) => r.value);
  if (failed.length > 0) {
    await Promise.all(ok.map((r) => r.instance.stop()));
    throw new Error(failed.map((f) => (f.reason as Error).message).join('\n\n'));
  }
  return ok;
}

export function receiverInfo(r: RunningReceiver): ReceiverInfo {
  const { instance: _instance, ...info } = r;
  return info;
}

// ---------------------------------------------------------------------------------------------------------------
// Senders: a Postfix that relays everything to one receiver, over mandatory TLS

export interface SenderOptions {
  name?: string;
  /** The receiver to relay to (relayhost = [host]:port). */
  relayTo: { host: string; port: number };
  /** smtp_tls_security_level; default `encrypt` (mandatory TLS, like Exchange Online). */
  securityLevel?: 'none' | 'may' | 'encrypt' | 'verify' | 'secure';
  /** smtp_tls_mandatory_protocols, e.g. `>=TLSv1.2` or `<=TLSv1.1`; default `>=TLSv1`. */
  mandatoryProtocols?: string;
  /** smtp_tls_mandatory_ciphers; default `medium` (with tls_medium_cipherlist = DEFAULT:@SECLEVEL=0). */
  mandatoryCiphers?: 'high' | 'medium' | 'low' | 'export' | 'null';
  /** Replaces tls_medium_cipherlist (an OpenSSL cipher string). */
  mediumCipherlist?: string;
  /** Further main.cf settings. */
  main?: Record<string, string>;
}

export interface Delivery {
  queueId: string;
  status: 'sent' | 'deferred' | 'bounced';
  /** The maillog line with status=. */
  line: string;
  /** The `... TLS connection established to ...` line for this delivery attempt, if the log has one. */
  tlsLine: string | null;
}

export interface PostfixSender extends PostfixInstance {
  /** Submits one message to the sender's own smtpd (plain SMTP over loopback); resolves with its queue id. */
  inject(msg?: { from?: string; to?: string; subject?: string; body?: string }): Promise<string>;
  /** Waits for the first delivery attempt of `queueId` and reports how it ended. */
  waitForDelivery(queueId: string, timeoutMs?: number): Promise<Delivery>;
}

/** Starts a sender instance; inject() a message, then waitForDelivery() reads the outcome from its maillog. */
export async function startSender(opts: SenderOptions): Promise<PostfixSender> {
  const { host: rh, port: rp } = opts.relayTo;
  const relay = rh.includes(':') ? `[ipv6:${rh}]:${rp}` : `[${rh}]:${rp}`;
  const main: Record<string, string> = {
    relayhost: relay,
    default_transport: 'smtp',
    relay_transport: 'smtp',
    smtp_tls_security_level: opts.securityLevel ?? 'encrypt',
    smtp_tls_mandatory_protocols: opts.mandatoryProtocols ?? '>=TLSv1',
    smtp_tls_protocols: opts.mandatoryProtocols ?? '>=TLSv1',
    smtp_tls_mandatory_ciphers: opts.mandatoryCiphers ?? 'medium',
    smtp_tls_ciphers: opts.mandatoryCiphers ?? 'medium',
    tls_medium_cipherlist: opts.mediumCipherlist ?? 'DEFAULT:@SECLEVEL=0',
    smtp_tls_session_cache_database: '',
    smtp_connect_timeout: '5s',
    smtp_helo_timeout: '10s',
    // One attempt is what a test looks at: no quick retries cluttering the log.
    minimal_backoff_time: '3600s',
    maximal_backoff_time: '3600s',
    queue_run_delay: '3600s',
    bounce_queue_lifetime: '0',
    ...(opts.main ?? {}),
  };
  const instance = await startPostfix({ name: opts.name ?? 'sender', hostname: 'sender.harness.test', main });
  const inject: PostfixSender['inject'] = async (msg = {}) => {
    const from = msg.from ?? 'sender@harness.test';
    const to = msg.to ?? 'rcpt@example.test';
    const data =
      `From: <${from}>\r\nTo: <${to}>\r\nSubject: ${msg.subject ?? 'mailtls harness test'}\r\n` +
      `Message-ID: <${Date.now()}.${Math.random().toString(36).slice(2)}@harness.test>\r\n\r\n${(msg.body ?? 'test').replace(/\r?\n/g, '\r\n')}\r\n`;
    const replies = await smtpConversation(instance.host, instance.port, [
      'EHLO harness.test',
      `MAIL FROM:<${from}>`,
      `RCPT TO:<${to}>`,
      'DATA',
      `${data.replace(/^\./gm, '..')}.`,
      'QUIT',
    ]);
    const queued = replies.map((r) => /queued as ([0-9A-Za-z]+)/.exec(r)?.[1]).find(Boolean);
    if (!queued) throw new Error(`inject into ${instance.name} failed:\n${replies.join('\n')}`);
    return queued;
  };
  const waitForDelivery: PostfixSender['waitForDelivery'] = async (queueId, timeoutMs = 30_000) => {
    const line = await instance.waitForLog(new RegExp(`${queueId}: to=<.*status=(sent|deferred|bounced)`), timeoutMs);
    const status = /status=(sent|deferred|bounced)/.exec(line)?.[1] as Delivery['status'];
    const tlsLine =
      instance
        .readLog()
        .split('\n')
        .find((l) => /TLS connection established to/.test(l)) ?? null;
    return { queueId, status, line, tlsLine };
  };
  return { ...instance, inject, waitForDelivery };
}

/** Minimal plain-SMTP client: reads the greeting, then sends one command per reply; returns every reply (multi-line replies joined with newlines). */
export async function smtpConversation(host: string, port: number, commands: string[], timeoutMs = 10_000): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    const replies: string[] = [];
    let buf = '';
    let pending: string[] = [];
    let next = 0;
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`SMTP to ${host}:${port} timed out; replies so far:\n${replies.join('\n')}`));
    }, timeoutMs);
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (buf.length > 65_536) {
        sock.destroy();
        reject(new Error('SMTP reply too long'));
        return;
      }
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        pending.push(line);
        if (/^\d{3}-/.test(line)) continue;
        replies.push(pending.join('\n'));
        pending = [];
        const cmd = commands[next++];
        if (cmd === undefined) {
          sock.end();
          continue;
        }
        sock.write(`${cmd}\r\n`);
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(replies);
    });
  });
}

/** What inject('postfix') gives tests: the receiver fleet by name, or why there is none. */
export type PostfixFleetInfo =
  | { available: true; reason: null; receivers: Record<ReceiverName, ReceiverInfo> }
  | { available: false; reason: string; receivers: Partial<Record<ReceiverName, ReceiverInfo>> };
