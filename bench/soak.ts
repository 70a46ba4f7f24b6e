// Soak of the receiver: N sessions (default 100,000) against an in-process listen(), each ending at a random phase (RST,
// close after greeting/EHLO/STARTTLS/half a ClientHello, or a full TLS session); prints RSS, heap and open fds as it goes.
// `node --import tsx bench/soak.ts [sessions]`, or run({ sessions }) from a test (test/hostile runs 2,000).
import { connect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fileURLToPath } from 'node:url';
import { listen } from '../src/listen/index.js';
import { buildClientHello } from '../src/tls/hello.js';

export interface SoakOptions {
  sessions?: number;
  /** Sessions in flight at once. */
  concurrency?: number;
  /** Sample every this many sessions (default: sessions / 10). */
  every?: number;
  seed?: number;
  /** Where progress lines go (default stdout). */
  report?: (line: string) => void;
}

export interface SoakSample {
  done: number;
  rssMiB: number;
  heapMiB: number;
  fds: number;
}

export interface SoakResult {
  sessions: number;
  /** Session records the listener reported (must equal sessions). */
  recorded: number;
  /** How many sessions ended in each way. */
  kinds: Record<string, number>;
  samples: SoakSample[];
  /** Growth from the first sample (after warm-up) to the last, after a GC. */
  rssGrowthMiB: number;
  heapGrowthMiB: number;
  fdGrowth: number;
  seconds: number;
}

const KINDS = ['rst', 'after-greeting', 'after-ehlo', 'after-starttls', 'half-hello', 'tls-session'] as const;
type Kind = (typeof KINDS)[number];

function gcNow(): void {
  try {
    setFlagsFromString('--expose-gc');
    (runInNewContext('gc') as () => void)();
  } catch {
    /* no GC available: samples are noisier */
  }
}

function fds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return -1;
  }
}

const mib = (n: number): number => Math.round((n / 1048576) * 10) / 10;

/** Reads until `re` matches the text received so far (or the socket closes). */
function until(sock: Socket, re: RegExp): Promise<boolean> {
  return new Promise((resolve) => {
    let buf = '';
    const onData = (d: Buffer): void => {
      buf += d.toString('latin1');
      if (re.test(buf)) done(true);
    };
    const done = (ok: boolean): void => {
      sock.off('data', onData);
      sock.off('close', onClose);
      resolve(ok);
    };
    const onClose = (): void => done(false);
    sock.on('data', onData);
    sock.on('close', onClose);
  });
}

async function oneSession(port: number, kind: Kind): Promise<void> {
  const sock = connect({ host: '127.0.0.1', port });
  sock.on('error', () => undefined);
  const closed = new Promise<void>((r) => sock.once('close', () => r()));
  try {
    await new Promise<void>((res, rej) => {
      sock.once('connect', () => res());
      sock.once('error', rej);
    });
    if (kind === 'rst') return void sock.resetAndDestroy();
    if (!(await until(sock, /^220 .*\r\n/m))) return;
    if (kind === 'after-greeting') return void sock.destroy();
    sock.write('EHLO soak.test\r\n');
    if (!(await until(sock, /^250 .*\r\n/m))) return;
    if (kind === 'after-ehlo') return void sock.end();
    sock.write('STARTTLS\r\n');
    if (!(await until(sock, /^220 .*\r\n/m))) return;
    if (kind === 'after-starttls') return void sock.destroy();
    if (kind === 'half-hello') {
      const h = buildClientHello({ version: 'TLSv1.2', suites: [0xc030] });
      sock.write(h.subarray(0, h.length >> 1), () => sock.destroy());
      return;
    }
    sock.removeAllListeners('data');
    const t = tlsConnect({ socket: sock, rejectUnauthorized: false, minVersion: 'TLSv1.2' });
    t.on('error', () => undefined);
    await new Promise<void>((res) => {
      t.once('secureConnect', () => res());
      t.once('close', () => res());
    });
    t.write('EHLO soak.test\r\nQUIT\r\n');
    await until(t as unknown as Socket, /^221 /m);
    t.destroy();
  } catch {
    sock.destroy();
  } finally {
    await closed;
  }
}

/** Runs the soak; resolves when every session has been reported by the listener. */
export async function run(o: SoakOptions = {}): Promise<SoakResult> {
  const total = o.sessions ?? Number(process.env.SOAK_SESSIONS ?? 100_000);
  const conc = o.concurrency ?? 64;
  const every = o.every ?? Math.max(1, Math.floor(total / 10));
  const report = o.report ?? ((l: string) => void process.stdout.write(`${l}\n`));
  let seed = o.seed ?? 0x5eed;
  const rand = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const l = await listen({
    host: '127.0.0.1',
    port: 0,
    hostname: 'soak.test',
    limits: { maxConnections: conc * 2, maxConnectionsPerClient: conc * 2, handshakeTimeoutMs: 5000 },
  });
  let recorded = 0;
  l.on('session', () => recorded++);
  const kinds: Record<string, number> = {};
  const samples: SoakSample[] = [];
  const sample = (done: number): void => {
    gcNow();
    const m = process.memoryUsage();
    const s = { done, rssMiB: mib(m.rss), heapMiB: mib(m.heapUsed), fds: fds() };
    samples.push(s);
    report(`soak ${String(done).padStart(7)} sessions  rss ${s.rssMiB} MiB  heap ${s.heapMiB} MiB  fds ${s.fds}`);
  };
  const t0 = Date.now();
  let started = 0;
  let finished = 0;
  const worker = async (): Promise<void> => {
    while (started < total) {
      started++;
      const kind = KINDS[Math.floor(rand() * KINDS.length)] as Kind;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      await oneSession(l.address.port, kind);
      finished++;
      if (finished % every === 0) {
        // Wait for the listener to catch up so fds/heap are measured between sessions, not mid-flight.
        while (recorded < finished) await new Promise((r) => setTimeout(r, 5));
        sample(finished);
      }
    }
  };
  // Warm-up (first TLS handshakes, JIT) before the baseline sample.
  await Promise.all(Array.from({ length: Math.min(conc, total) }, () => oneSession(l.address.port, 'tls-session')));
  while (recorded < Math.min(conc, total)) await new Promise((r) => setTimeout(r, 5));
  const warm = recorded;
  sample(0);
  await Promise.all(Array.from({ length: conc }, worker));
  while (recorded < total + warm) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, 50));
  if (samples[samples.length - 1]!.done !== total) sample(total);
  await l.close();
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const res: SoakResult = {
    sessions: finished,
    recorded: recorded - warm,
    kinds,
    samples,
    rssGrowthMiB: Math.round((last.rssMiB - first.rssMiB) * 10) / 10,
    heapGrowthMiB: Math.round((last.heapMiB - first.heapMiB) * 10) / 10,
    fdGrowth: last.fds - first.fds,
    seconds: Math.round((Date.now() - t0) / 100) / 10,
  };
  report(
    `soak done: ${res.sessions} sessions (${Object.entries(kinds)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')}) in ${res.seconds} s; growth rss ${res.rssGrowthMiB} MiB, heap ${res.heapGrowthMiB} MiB, fds ${res.fdGrowth}`,
  );
  return res;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = process.argv[2] ? Number(process.argv[2]) : undefined;
  // The printed lines also go to the results dir, where test/hostile/table.ts puts them into docs/hostile.md.
  const dir = process.env.MAILTLS_HOSTILE_RESULTS ?? join(tmpdir(), 'mailtls-hostile-results');
  mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  await run({
    ...(n ? { sessions: n } : {}),
    report: (l) => {
      lines.push(l);
      process.stdout.write(`${l}\n`);
    },
  });
  writeFileSync(join(dir, 'soak.log'), `${lines.join('\n')}\n`);
}
