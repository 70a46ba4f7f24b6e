// Benchmark: mail-TLS version checks per minute, mailtls scan vs sslscan (xargs -P) vs testssl.sh --parallel, same hosts,
// same politeness (one connection at a time per IP, same number of hosts in flight), loopback only. Prints the ratios.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { realProbe } from '../src/scan/probe-adapter.js';
import { runScan } from '../src/scan/scheduler.js';

const exec = promisify(execFile);
const SERVERS = Number(process.env.BENCH_SCAN_SERVERS ?? 96);
const PARALLEL = Number(process.env.BENCH_SCAN_PARALLEL ?? 16);
const TESTSSL_HOSTS = Number(process.env.BENCH_SCAN_TESTSSL ?? 3);

interface Server { ip: string; kind: string }

/**
 * Starts the loopback STARTTLS servers (test/scan/fixtures/servers.ts) in `procs` processes, so the servers are not
 * the bottleneck of what is measured (each process serves part of the 127.0.4.x range on the same port).
 */
async function startServers(count: number, procs = 2): Promise<{ port: number; servers: Server[]; stop: () => void }> {
  const { freePort } = await import('../test/scan/redis.js');
  const port = await freePort();
  const script = fileURLToPath(new URL('../test/scan/fixtures/servers.ts', import.meta.url));
  const per = Math.ceil(count / procs);
  const children = Array.from({ length: procs }, (_, k) =>
    spawn(process.execPath, ['--import', 'tsx', script, String(port), String(Math.min(per, count - k * per)), String(k * per + 1)], { stdio: ['ignore', 'pipe', 'inherit'] }));
  const lists = await Promise.all(children.map((child) => new Promise<Server[]>((resolve, reject) => {
    let buf = '';
    child.stdout?.on('data', (b: Buffer) => {
      buf += b.toString();
      const m = /READY (.*)\n/.exec(buf);
      if (m) resolve(JSON.parse(m[1] as string) as Server[]);
    });
    child.once('exit', (c) => reject(new Error(`servers exited ${c}`)));
  })));
  return { port, servers: lists.flat(), stop: () => children.forEach((c) => c.kill('SIGTERM')) };
}

const perMin = (n: number, ms: number): number => (n / ms) * 60_000;

async function has(cmd: string): Promise<boolean> {
  return exec('sh', ['-c', `command -v ${cmd}`]).then(() => true, () => false);
}

/** Runs the benchmark and prints a side-by-side table with ratios. */
export async function run(): Promise<{ mailtls: number; sslscan: number | null; testssl: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-bench-scan-'));
  // the 421 servers answer at once and would flatter every tool: leave them out
  const { port, servers, stop } = await startServers(SERVERS);
  try {
    const hosts = servers.filter((s) => s.kind !== 'busy').map((s) => `${s.ip}:${port}`);
    process.stdout.write(`${hosts.length} loopback STARTTLS hosts (${[...new Set(servers.map((s) => s.kind))].filter((k) => k !== 'busy').join(', ')}), ${PARALLEL} in flight, 1 connection per IP\n`);

    // warm-up (JIT, certificate store) on a throw-away file
    await runScan({ db: join(dir, 'warm.sqlite'), targets: hosts.slice(0, 4), probe: realProbe({ allowPrivate: true }), politeness: { perIpRate: 0 } });

    let t = Date.now();
    const r = await runScan({
      db: join(dir, 'bench.sqlite'), targets: hosts, probe: realProbe({ allowPrivate: true, timeoutMs: 10_000 }),
      politeness: { concurrency: PARALLEL, perIp: 1, perIpRate: 0 },
    });
    const mailtlsMs = Date.now() - t;
    const mailtls = perMin(r.hostsProbed, mailtlsMs);

    let sslscan: number | null = null;
    let sslscanMs = 0;
    if (await has('sslscan')) {
      const list = join(dir, 'hosts.txt');
      writeFileSync(list, hosts.join('\n') + '\n');
      t = Date.now();
      await exec('sh', ['-c', `xargs -P ${PARALLEL} -n 1 sslscan --starttls-smtp --no-colour --no-ciphersuites --no-renegotiation --no-compression --no-heartbleed --no-groups --no-fallback < ${list} > ${join(dir, 'sslscan.out')} 2>&1`], { maxBuffer: 1 << 26 });
      sslscanMs = Date.now() - t;
      sslscan = perMin(hosts.length, sslscanMs);
    }

    let testssl: number | null = null;
    let testsslMs = 0;
    const testsslBin = (await has('testssl')) ? 'testssl' : (await has('testssl.sh')) ? 'testssl.sh' : null;
    if (testsslBin && TESTSSL_HOSTS > 0) {
      // hosts that speak STARTTLS (testssl.sh waits out its timeouts on the others)
      const subset = servers.filter((s) => s.kind === 'modern' || s.kind === 'wide').map((s) => `${s.ip}:${port}`).slice(0, TESTSSL_HOSTS);
      const file = join(dir, 'testssl.txt');
      writeFileSync(file, subset.map((h) => `--starttls smtp -p ${h}`).join('\n') + '\n');
      t = Date.now();
      await exec(testsslBin, ['--quiet', '--warnings', 'off', '--color', '0', '--parallel', '--file', file], { maxBuffer: 1 << 26, timeout: 300_000 }).catch(() => undefined);
      testsslMs = Date.now() - t;
      testssl = perMin(subset.length, testsslMs);
    }

    const row = (name: string, n: number, ms: number, v: number | null): string =>
      `  ${name.padEnd(34)} ${String(n).padStart(5)} hosts ${(ms / 1000).toFixed(1).padStart(7)} s ${v === null ? '   (not installed)' : `${v.toFixed(0).padStart(8)} hosts/min`}\n`;
    process.stdout.write(row('mailtls scan (version check)', r.hostsProbed, mailtlsMs, mailtls));
    process.stdout.write(row(`sslscan, xargs -P ${PARALLEL}`, hosts.length, sslscanMs, sslscan));
    process.stdout.write(row(`testssl.sh -p --parallel (subset)`, TESTSSL_HOSTS, testsslMs, testssl));
    if (sslscan) process.stdout.write(`  ratio mailtls / sslscan:    ${(mailtls / sslscan).toFixed(2)}x (goal: at least 2x)\n`);
    if (testssl) process.stdout.write(`  ratio mailtls / testssl.sh: ${(mailtls / testssl).toFixed(1)}x\n`);
    return { mailtls, sslscan, testssl };
  } finally {
    stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
