// Benchmark: mail-TLS version checks per minute, mailtls scan vs sslscan (xargs -P) vs testssl.sh --parallel, same hosts,
// same politeness (one connection at a time per IP, same number of hosts in flight), loopback only. Prints the ratios.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TLS_VERSIONS, type TlsVersion } from '../src/policy/exchange-online.js';
import type { ProbeDepth } from '../src/probe/host.js';
import { realProbe } from '../src/scan/probe-adapter.js';
import { runScan } from '../src/scan/scheduler.js';
import { ScanStore } from '../src/scan/store.js';
import type { ScanProbe } from '../src/scan/types.js';

const exec = promisify(execFile);
const SERVERS = Number(process.env.BENCH_SCAN_SERVERS ?? 192);
const PARALLEL = Number(process.env.BENCH_SCAN_PARALLEL ?? 16);
const TESTSSL_HOSTS = Number(process.env.BENCH_SCAN_TESTSSL ?? 3);
/**
 * Timed rounds of (mailtls, sslscan) back to back: the machine is shared, so each round's ratio is printed on its own,
 * and the tool that goes first alternates from round to round.
 */
const ROUNDS = Number(process.env.BENCH_SCAN_ROUNDS ?? 5);
/**
 * Warm-up rounds before them, printed but not counted: V8 compiles mailtls's (and the node servers') hot code over the
 * first ~500 hosts, which a scan of thousands of hosts pays once; the servers warm up for sslscan the same way.
 */
const WARMUP = Number(process.env.BENCH_SCAN_WARMUP ?? 3);
const SSLSCAN_ARGS = '--starttls-smtp --no-colour --no-ciphersuites --no-renegotiation --no-compression --no-heartbleed --no-groups --no-fallback';

interface Server {
  ip: string;
  kind: string;
}

/**
 * Starts the loopback STARTTLS servers (test/scan/fixtures/servers.ts) in `procs` processes, so the servers are not
 * the bottleneck of what is measured (each process serves part of the 127.0.4.x range on the same port).
 */
async function startServers(count: number, procs = 2): Promise<{ port: number; servers: Server[]; pids: number[]; stop: () => void }> {
  const { freePort } = await import('../test/scan/redis.js');
  const port = await freePort();
  const script = fileURLToPath(new URL('../test/scan/fixtures/servers.ts', import.meta.url));
  const per = Math.ceil(count / procs);
  const children = Array.from({ length: procs }, (_, k) =>
    spawn(process.execPath, ['--import', 'tsx', script, String(port), String(Math.min(per, count - k * per)), String(k * per + 1)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const lists = await Promise.all(
    children.map(
      (child) =>
        new Promise<Server[]>((resolve, reject) => {
          let buf = '';
          child.stdout?.on('data', (b: Buffer) => {
            buf += b.toString();
            const m = /READY (.*)\n/.exec(buf);
            if (m) resolve(JSON.parse(m[1] as string) as Server[]);
          });
          child.once('exit', (c) => reject(new Error(`servers exited ${c}`)));
        }),
    ),
  );
  return { port, servers: lists.flat(), pids: children.map((c) => c.pid as number), stop: () => children.forEach((c) => c.kill('SIGTERM')) };
}

const perMin = (n: number, ms: number): number => (n / ms) * 60_000;

/** What a tool said per host: `ip` → SSLv3 … TLS 1.3 accepted or not ("" for a host without STARTTLS). */
type Answers = Map<string, string>;
const answerKey = (v: Partial<Record<TlsVersion, boolean | null>>): string => TLS_VERSIONS.map((t) => `${t}=${v[t] ?? '?'}`).join(' ');

/** sslscan's answers from its combined output: each host's block starts with "Testing SSL server <ip> on port". */
function sslscanAnswers(out: string): Answers {
  const answers: Answers = new Map();
  for (const block of out.split('Testing SSL server ').slice(1)) {
    const ip = block.split(' ')[0] as string;
    const v: Partial<Record<TlsVersion, boolean>> = {};
    for (const m of block.matchAll(/^(SSLv3|TLSv1\.[0-3]) +(enabled|disabled)$/gm)) v[m[1] as TlsVersion] = m[2] === 'enabled';
    answers.set(ip, answerKey(v));
  }
  for (const m of out.matchAll(/SMTP service on (\S+) port \d+ did not appear to support STARTTLS/g)) answers.set(m[1] as string, '');
  return answers;
}

/** mailtls's answers from its scan file. */
function mailtlsAnswers(db: string): Answers {
  const store = new ScanStore(db, { readonly: true });
  const answers: Answers = new Map();
  try {
    for (const d of store.domains()) for (const h of d.mx) answers.set(h.ip, h.smtp.starttls === 'offered' ? answerKey(h.tls.versions) : '');
  } finally {
    store.close();
  }
  return answers;
}

/** How many hosts both tools answered, and answered alike (SSLv3 … TLS 1.3 enabled or not; no STARTTLS). */
function agreement(a: Answers, b: Answers): string {
  let same = 0;
  for (const [ip, v] of a) if (b.get(ip) === v) same++;
  return `${same}/${Math.max(a.size, b.size)}`;
}

async function has(cmd: string): Promise<boolean> {
  return exec('sh', ['-c', `command -v ${cmd}`]).then(
    () => true,
    () => false,
  );
}

/** CPU milliseconds (user + system) a process has used so far, from /proc (Linux); 0 elsewhere. */
function procCpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

const loadavg = (): string => {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return '?';
  }
};

/** The real probe, counting the connections it opens. */
function counted(depth: ProbeDepth): { probe: ScanProbe; connections: () => number } {
  const real = realProbe({ allowPrivate: true, timeoutMs: 10_000, depth });
  let n = 0;
  return {
    probe: {
      ...real,
      probeHost: async (ref) => {
        const r = await real.probeHost(ref);
        n += r.connections ?? 0;
        return r;
      },
    },
    connections: () => n,
  };
}

/** Runs the benchmark and prints a side-by-side table with ratios. */
export async function run(): Promise<{ mailtls: number; sslscan: number | null; testssl: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-bench-scan-'));
  // the 421 servers answer at once and would flatter every tool: leave them out
  const { port, servers, pids, stop } = await startServers(SERVERS);
  const serverCpu = (): number => pids.reduce((n, p) => n + procCpuMs(p), 0);
  try {
    const hosts = servers.filter((s) => s.kind !== 'busy').map((s) => `${s.ip}:${port}`);
    const sslscanOk = await has('sslscan');
    process.stdout.write(
      [
        `${hosts.length} loopback STARTTLS hosts (${[...new Set(servers.map((s) => s.kind))].filter((k) => k !== 'busy').join(', ')}), ` +
          `${PARALLEL} hosts in flight, 1 connection at a time per IP, for every tool; ${cpus().length} CPUs, load ${loadavg()} at start`,
        'what each tool does per host:',
        '  mailtls depth=versions   STARTTLS dialog + a first ClientHello offering TLS 1.0-1.3 (its version accepted with the suite',
        '                           it chose, the versions above it refused), own ClientHellos for the other versions down to SSLv3',
        '                           (suite negotiated per version; TLS 1.1 and 1.0 in one hello on a server that answered TLS 1.3),',
        '                           certificate chain from the first plaintext TLS <= 1.2 answer, validated (path, purpose, CA,',
        '                           signatures, dates) plus its ServerKeyExchange signature checked, Exchange Online suite check',
        '                           when the negotiated suite is not one and no hello refused them all; no weak-suite hellos; and',
        '                           where the hellos say Exchange Online can deliver, one complete handshake made as it makes it',
        '                           (the proof a pass needs; it gives the chain of a TLS 1.3-only server)',
        '  mailtls depth=standard   the same plus one weak-suite (RC4/3DES/DES/NULL/EXPORT) hello per accepted legacy version',
        `  sslscan ${SSLSCAN_ARGS}`,
        '                           SSLv2, SSLv3, TLS 1.0-1.3 enabled/disabled + certificate summary; no suites',
        '  testssl.sh -p --parallel protocols only (SSLv2 ... TLS 1.3, NPN/ALPN), on a subset',
        `${WARMUP} warm-up rounds (printed, not counted: V8 compiles mailtls's and the node servers' code over the first few hundred`,
        `hosts, once per scan), then ${ROUNDS} timed rounds; in every round both tools, the one that goes first alternating.`,
        `Wall time is shared-machine time: sslscan runs as ${PARALLEL} processes against mailtls's one, which under other load gets it`,
        "a bigger share of the CPUs; CPU per host (the tool's and the servers') does not depend on that.",
        '',
      ].join('\n'),
    );

    interface Run {
      ms: number;
      n: number;
      conns: number | null;
      cpuMs: number;
      serverCpuMs: number;
      answers: Answers;
    }
    const scan = async (depth: ProbeDepth, db: string): Promise<Run> => {
      const c = counted(depth);
      const cpu = process.cpuUsage();
      const sc = serverCpu();
      const t = Date.now();
      const r = await runScan({ db: join(dir, db), targets: hosts, probe: c.probe, politeness: { concurrency: PARALLEL, perIp: 1, perIpRate: 0 } });
      const ms = Date.now() - t;
      const u = process.cpuUsage(cpu);
      return {
        ms,
        n: r.hostsProbed,
        conns: c.connections(),
        cpuMs: (u.user + u.system) / 1000,
        serverCpuMs: serverCpu() - sc,
        answers: mailtlsAnswers(join(dir, db)),
      };
    };
    const sslscanRun = async (): Promise<Run> => {
      const list = join(dir, 'hosts.txt');
      writeFileSync(list, hosts.join('\n') + '\n');
      const sc = serverCpu();
      const t = Date.now();
      // `times` prints the CPU time of the shell's children (xargs and every sslscan) on its second line
      const { stdout } = await exec('sh', ['-c', `xargs -P ${PARALLEL} -n 1 sslscan ${SSLSCAN_ARGS} < ${list} > ${join(dir, 'sslscan.out')} 2>&1; times`], {
        maxBuffer: 1 << 26,
      });
      const ms = Date.now() - t;
      const secs = (stdout.trim().split('\n')[1] ?? '').match(/(\d+)m([\d.]+)s/g) ?? [];
      const cpuMs = secs.reduce((n, x) => {
        const m = /(\d+)m([\d.]+)s/.exec(x) as RegExpExecArray;
        return n + (Number(m[1]) * 60 + Number(m[2])) * 1000;
      }, 0);
      return {
        ms,
        n: hosts.length,
        conns: null,
        cpuMs,
        serverCpuMs: serverCpu() - sc,
        answers: sslscanAnswers(readFileSync(join(dir, 'sslscan.out'), 'latin1')),
      };
    };

    const row = (name: string, n: number, ms: number, extra = ''): string =>
      `  ${name.padEnd(34)} ${String(n).padStart(5)} hosts ${(ms / 1000).toFixed(1).padStart(7)} s ${perMin(n, ms).toFixed(0).padStart(8)} hosts/min${extra}\n`;
    /** CPU per host, the tool's own and the servers': what bounds throughput on a dedicated machine. */
    const cpuOf = (r: Run): string =>
      `  ${r.conns === null ? '' : `${(r.conns / r.n).toFixed(1)} conn/host, `}CPU/host ${(r.cpuMs / r.n).toFixed(1)} ms tool + ${(r.serverCpuMs / r.n).toFixed(1)} ms servers`;
    const cpuSum = { mailtls: 0, sslscan: 0 };
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    let sslscan: number | null = null;
    let mailtlsSum = { n: 0, ms: 0 };
    let sslscanSum = 0;
    for (let round = 1 - WARMUP; round <= ROUNDS; round++) {
      const warm = round <= 0;
      process.stdout.write(`${warm ? `warm-up ${round + WARMUP}` : `round ${round}`} (load ${loadavg()})\n`);
      const sslscanFirst = sslscanOk && round % 2 === 0;
      const ss = sslscanFirst ? await sslscanRun() : null;
      const m = await scan('versions', `bench-${round + WARMUP}.sqlite`);
      const s2 = sslscanOk && !sslscanFirst ? await sslscanRun() : ss;
      const mLine = row('mailtls scan, depth=versions', m.n, m.ms, cpuOf(m));
      const sLine = s2 ? row(`sslscan, xargs -P ${PARALLEL}`, hosts.length, s2.ms, cpuOf(s2)) : '';
      process.stdout.write(sslscanFirst ? sLine + mLine : mLine + sLine);
      if (warm) {
        if (s2)
          process.stdout.write(
            `  (not counted) ${(perMin(m.n, m.ms) / perMin(hosts.length, s2.ms)).toFixed(2)}x hosts/min; same versions as sslscan on ${agreement(m.answers, s2.answers)} hosts\n`,
          );
        continue;
      }
      cpuSum.mailtls += m.cpuMs + m.serverCpuMs;
      mailtlsSum = { n: mailtlsSum.n + m.n, ms: mailtlsSum.ms + m.ms };
      if (s2) {
        sslscanSum += s2.ms;
        cpuSum.sslscan += s2.cpuMs + s2.serverCpuMs;
        ratios.push(perMin(m.n, m.ms) / perMin(hosts.length, s2.ms));
        cpuRatios.push((s2.cpuMs + s2.serverCpuMs) / hosts.length / ((m.cpuMs + m.serverCpuMs) / m.n));
        process.stdout.write(
          `  ratio mailtls / sslscan: ${(ratios.at(-1) as number).toFixed(2)}x hosts/min, ${(cpuRatios.at(-1) as number).toFixed(2)}x hosts per CPU-second; same versions as sslscan on ${agreement(m.answers, s2.answers)} hosts\n`,
        );
      }
    }
    const mailtls = perMin(mailtlsSum.n, mailtlsSum.ms);
    if (sslscanOk) sslscan = perMin(hosts.length * ROUNDS, sslscanSum);
    const std = await scan('standard', 'bench-standard.sqlite');
    process.stdout.write(`\nmailtls scan, depth=standard (default mailtls scan, load ${loadavg()})\n`);
    process.stdout.write(row('mailtls scan, depth=standard', std.n, std.ms, cpuOf(std)));

    let testssl: number | null = null;
    let testsslMs = 0;
    const testsslBin = (await has('testssl')) ? 'testssl' : (await has('testssl.sh')) ? 'testssl.sh' : null;
    if (testsslBin && TESTSSL_HOSTS > 0) {
      // hosts that speak STARTTLS (testssl.sh waits out its timeouts on the others)
      const subset = servers
        .filter((s) => s.kind === 'modern' || s.kind === 'wide')
        .map((s) => `${s.ip}:${port}`)
        .slice(0, TESTSSL_HOSTS);
      const file = join(dir, 'testssl.txt');
      writeFileSync(file, subset.map((h) => `--starttls smtp -p ${h}`).join('\n') + '\n');
      const t = Date.now();
      await exec(testsslBin, ['--quiet', '--warnings', 'off', '--color', '0', '--parallel', '--file', file], { maxBuffer: 1 << 26, timeout: 300_000 }).catch(
        () => undefined,
      );
      testsslMs = Date.now() - t;
      testssl = perMin(subset.length, testsslMs);
    }

    if (testssl !== null) process.stdout.write(row('testssl.sh -p --parallel (subset)', TESTSSL_HOSTS, testsslMs));
    process.stdout.write(`\nsummary over ${ROUNDS} rounds (load ${loadavg()} at the end):\n`);
    process.stdout.write(`  mailtls depth=versions ${mailtls.toFixed(0)} hosts/min\n`);
    if (sslscan !== null) {
      const median = (v: number[]): string => ([...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number).toFixed(2);
      process.stdout.write(`  sslscan                ${sslscan.toFixed(0)} hosts/min\n`);
      process.stdout.write(
        `  ratio mailtls / sslscan: ${(mailtls / sslscan).toFixed(2)}x overall, per round ${ratios.map((r) => r.toFixed(2)).join(' ')} (median ${median(ratios)}; goal: at least 2x)\n`,
      );
      process.stdout.write(
        `  CPU per host (tool + servers): mailtls ${(cpuSum.mailtls / (hosts.length * ROUNDS)).toFixed(1)} ms, sslscan ${(cpuSum.sslscan / (hosts.length * ROUNDS)).toFixed(1)} ms → ${(cpuSum.sslscan / cpuSum.mailtls).toFixed(2)}x hosts per CPU-second, per round ${cpuRatios.map((r) => r.toFixed(2)).join(' ')} (median ${median(cpuRatios)}; what a dedicated machine would show)\n`,
      );
    } else process.stdout.write('  sslscan not installed\n');
    if (testssl) process.stdout.write(`  ratio mailtls / testssl.sh: ${(mailtls / testssl).toFixed(1)}x\n`);
    return { mailtls, sslscan, testssl };
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
