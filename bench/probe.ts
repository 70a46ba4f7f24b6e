// Benchmark: full version + suite enumeration of one loopback Postfix (TLS 1.0–1.3) by `mailtls probe --ciphers`, as a
// CLI process (what a user runs) and as probeHost() in-process (library users, warm), side by side with
// `sslscan --starttls-smtp` (whole processes, wall and CPU, interleaved rounds) and one full `testssl.sh --starttls smtp`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateTestCerts } from '../test/harness/certs.js';
import { startReceiver } from '../test/harness/postfix.js';
import { probeHost } from '../src/probe/probe.js';
import { loadLine, median, proc, type ProcRun } from './_proc.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function run(): Promise<{ cliMs: number; probeMs: number; sslscanMs: number; testsslMs: number | null }> {
  if (!existsSync(join(root, 'dist/bundle/mailtls.cjs'))) throw new Error('dist/bundle is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-bench-probe-'));
  const certs = await generateTestCerts(dir);
  const rx = await startReceiver('tls10-13', certs);
  try {
    const target = { name: 'mx1.example.test', ip: rx.host, port: rx.port, mxPreference: null };
    const env = { ...process.env, NO_COLOR: '1', LANG: 'C', LC_ALL: '' };
    // NODE_EXTRA_CA_CERTS (set machine-wide on some hosts, not by a stock install): Node 20 parses that file at every
    // start, before any of mailtls runs. The CLI is timed without it, as a user's shell starts it, and where it is set
    // also with it, side by side.
    const extraCa = process.env.NODE_EXTRA_CA_CERTS || null;
    const userEnv: NodeJS.ProcessEnv = { ...env };
    delete userEnv.NODE_EXTRA_CA_CERTS;
    let extraCerts: number | string = '?';
    try {
      if (extraCa) extraCerts = (readFileSync(extraCa, 'latin1').match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
    } catch {
      /* reported as ? */
    }
    // package.json's bin, what npx runs
    const cliArgs = [join(root, 'bin/mailtls.cjs'), 'probe', `${rx.host}:${rx.port}`, '--allow-private', '--ciphers', '--json'];
    const sslArgs = ['--starttls-smtp', '--no-colour', rx.address];
    // the first CLI process is the cold one (before any warm-up: Postfix has not spawned its smtpd processes yet either)
    const cold = await proc(process.execPath, cliArgs, userEnv);
    // warm-up (Postfix spawns its smtpd processes; Node parses the CA store once)
    const warm = await probeHost(target, { ciphers: true });
    const suites = Object.values(warm.tls.ciphers).reduce((n, l) => n + (l?.length ?? 0), 0);
    await proc('sslscan', sslArgs, env);
    const cli: ProcRun[] = [];
    const cliExtra: ProcRun[] = [];
    const ssl: ProcRun[] = [];
    const inproc: number[] = [];
    const inprocCpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const steps = [
        async () => {
          cli.push(await proc(process.execPath, cliArgs, userEnv));
        },
        ...(extraCa
          ? [
              async () => {
                cliExtra.push(await proc(process.execPath, cliArgs, env));
              },
            ]
          : []),
        async () => {
          ssl.push(await proc('sslscan', sslArgs, env));
        },
        async () => {
          const u = process.cpuUsage();
          const t = performance.now();
          await probeHost(target, { ciphers: true });
          inproc.push(performance.now() - t);
          const d = process.cpuUsage(u);
          inprocCpu.push((d.user + d.system) / 1000);
        },
      ];
      if (i % 2 === 1) steps.reverse();
      for (const s of steps) await s();
    }
    const mean = (xs: ProcRun[]): number | null => (xs.some((x) => x.cpu === null) ? null : xs.reduce((a, x) => a + (x.cpu as number), 0) / xs.length);
    const cliMs = median(cli.map((x) => x.ms)),
      cliCpu = mean(cli);
    const sslscanMs = median(ssl.map((x) => x.ms)),
      sslCpu = mean(ssl);
    const extraMs = cliExtra.length > 0 ? median(cliExtra.map((x) => x.ms)) : null,
      extraCpu = cliExtra.length > 0 ? mean(cliExtra) : null;
    const probeMs = median(inproc),
      probeCpu = median(inprocCpu);
    let conns: number | string = '?';
    try {
      const j = JSON.parse(cli[0]!.stdout) as { hosts?: { connections?: number }[] };
      conns = j.hosts?.[0]?.connections ?? '?';
    } catch {
      /* reported as ? */
    }
    let testsslMs: number | null = null;
    if (process.env.BENCH_SKIP_TESTSSL !== '1') {
      const bin = ['/usr/bin/testssl', '/usr/bin/testssl.sh', '/usr/local/bin/testssl.sh'].find((p) => existsSync(p));
      if (bin) testsslMs = (await proc(bin, ['--starttls', 'smtp', '--warnings', 'off', '--color', '0', rx.address], env)).ms;
    }
    const f = (ms: number | null): string => (ms === null ? '?' : `${(ms / 1000).toFixed(3)} s`);
    const r = (a: number | null, b: number | null): string => (a === null || b === null || !(b > 0) ? '?' : `${(a / b).toFixed(2)}x`);
    const bad = [...cli, ...cliExtra].filter((x) => x.code !== 0 && x.code !== 1).length;
    process.stdout.write(
      [
        `target: loopback Postfix ${rx.address} (TLS 1.0–1.3, ${suites} accepted suites), ${RUNS} interleaved rounds (order reversed every other one); ${loadLine()}`,
        'what was timed: wall median and CPU (user+system) per run; processes from spawn to exit, in-process from call to result',
        `  mailtls probe HOST:PORT --allow-private --ciphers --json  CLI process   wall ${f(cliMs)}  cpu ${f(cliCpu)}  (cold first run ${f(cold.ms)}; ${conns} connections, one at a time${bad ? `; ${bad} runs FAILED` : ''}${extraCa ? '; without NODE_EXTRA_CA_CERTS' : ''})`,
        ...(extraCa
          ? [
              `    the same, NODE_EXTRA_CA_CERTS as set here              CLI process   wall ${f(extraMs)}  cpu ${f(extraCpu)}  (Node parses its ${extraCerts} certificates at every start)`,
            ]
          : []),
        `  sslscan --starttls-smtp                                  process       wall ${f(sslscanMs)}  cpu ${f(sslCpu)}`,
        `  probeHost(target, { ciphers: true })                     in-process    wall ${f(probeMs)}  cpu ${f(probeCpu)}  (warm: after a warm-up run; library users)`,
        `  testssl.sh --starttls smtp                               process       ${testsslMs !== null ? `wall ${f(testsslMs)} (one full run)` : process.env.BENCH_SKIP_TESTSSL === '1' ? 'skipped (BENCH_SKIP_TESTSSL=1)' : 'not installed'}`,
        `  CLI process / sslscan: wall ${r(cliMs, sslscanMs)} (goal <= 0.5x: ${cliMs / sslscanMs <= 0.5 ? 'met' : 'NOT met'}), cpu ${r(cliCpu, sslCpu)} (goal <= 1x: ${cliCpu !== null && sslCpu !== null && cliCpu <= sslCpu ? 'met' : 'NOT met'})`,
        ...(extraCa ? [`  CLI process with NODE_EXTRA_CA_CERTS / sslscan: wall ${r(extraMs, sslscanMs)}, cpu ${r(extraCpu, sslCpu)}`] : []),
        `  in-process / sslscan:  wall ${r(probeMs, sslscanMs)}, cpu ${r(probeCpu, sslCpu)}`,
        testsslMs === null ? '' : `  testssl.sh / CLI process: ${(testsslMs / cliMs).toFixed(1)}x (goal >= 50)`,
      ]
        .filter(Boolean)
        .join('\n') + '\n',
    );
    return { cliMs, probeMs, sslscanMs, testsslMs };
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
