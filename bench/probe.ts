// Benchmark: full version + suite enumeration of one loopback Postfix (TLS 1.0–1.3) by `probe --ciphers`, side by side
// with `sslscan --starttls-smtp` (median of several runs each) and one full `testssl.sh --starttls smtp`; prints ratios.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateTestCerts } from '../test/harness/certs.js';
import { startReceiver } from '../test/harness/postfix.js';
import { probeHost } from '../src/probe/probe.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

function timed(cmd: string, args: string[], timeoutMs: number): Promise<{ ms: number; code: number }> {
  const t = performance.now();
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (err) => {
      resolve({ ms: performance.now() - t, code: err ? (typeof err.code === 'number' ? err.code : 1) : 0 });
    });
  });
}

export async function run(): Promise<{ probeMs: number; sslscanMs: number; testsslMs: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-bench-probe-'));
  const certs = await generateTestCerts(dir);
  const rx = await startReceiver('tls10-13', certs);
  try {
    const target = { name: 'mx1.example.test', ip: rx.host, port: rx.port, mxPreference: null };
    // Warm-up (Postfix spawns its smtpd processes; Node parses the CA store once).
    const warm = await probeHost(target, { ciphers: true });
    const suites = Object.values(warm.tls.ciphers).reduce((n, l) => n + (l?.length ?? 0), 0);
    await timed('sslscan', ['--starttls-smtp', '--no-colour', rx.address], 120_000);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await probeHost(target, { ciphers: true });
      ours.push(performance.now() - t);
      theirs.push((await timed('sslscan', ['--starttls-smtp', '--no-colour', rx.address], 120_000)).ms);
    }
    const probeMs = median(ours);
    const sslscanMs = median(theirs);
    let testsslMs: number | null = null;
    if (process.env.BENCH_SKIP_TESTSSL !== '1') {
      const bin = ['/usr/bin/testssl', '/usr/bin/testssl.sh', '/usr/local/bin/testssl.sh'].find((p) => existsSync(p));
      if (bin) testsslMs = (await timed(bin, ['--starttls', 'smtp', '--warnings', 'off', '--color', '0', rx.address], 600_000)).ms;
    }
    const f = (ms: number): string => `${(ms / 1000).toFixed(3)} s`;
    process.stdout.write(
      [
        `target: loopback Postfix ${rx.address} (TLS 1.0–1.3, ${suites} accepted suites), ${RUNS} runs, medians`,
        `mailtls probe --ciphers   ${f(probeMs)}  (${warm.connections} connections, one at a time)`,
        `sslscan --starttls-smtp   ${f(sslscanMs)}`,
        `testssl.sh --starttls smtp ${testsslMs === null ? 'not installed' : `${f(testsslMs)} (one full run)`}`,
        `ratio sslscan / mailtls:    ${(sslscanMs / probeMs).toFixed(2)}x  (goal >= 1)`,
        testsslMs === null ? '' : `ratio testssl.sh / mailtls: ${(testsslMs / probeMs).toFixed(1)}x  (goal >= 50)`,
      ].filter(Boolean).join('\n') + '\n',
    );
    return { probeMs, sslscanMs, testsslMs };
  } finally {
    await rx.instance.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().catch((e: Error) => {
    process.stderr.write(`bench probe failed: ${e.message}\n`);
    process.exitCode = 1;
  });
}
