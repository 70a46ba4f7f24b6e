// Benchmark of `mailtls logs` on generated logs of five shapes (Exchange with long sessions, Exchange session-dense with
// many peers, Postfix mail.log, Exim mainlog, Sendmail maillog): the CLI process as a user runs it and analyzeLogs()
// in-process, side by side with `LC_ALL=C grep -c` in one run; then several files on worker threads and a multi-GB stream.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateExchange, generateExim, generatePostfix, generateSendmail } from '../test/logs/gen.js';
import { childCpuMs, loadLine, median, proc, type ProcRun } from './_proc.js';

const MB = 1e6;

type Mix = 'exchange' | 'dense' | 'postfix' | 'exim' | 'sendmail';
/** `goal`: a mix the speed issue's goals name (the others are timed the same way, against the same 3x for scale); `part`: of LOGS_BENCH_MB. */
const MIXES: { mix: Mix; title: string; grep: string; goal: boolean; part: number }[] = [
  { mix: 'exchange', title: 'Exchange receive log, long sessions (~20 lines), 5,000 peers', grep: 'SP_PROT_TLS1_0', goal: true, part: 1 },
  {
    mix: 'dense',
    title: 'Exchange receive log, session-dense (5-8 lines a session, every one STARTTLS + one TLS line), 60,000 peers',
    grep: 'SP_PROT_TLS1_0',
    goal: true,
    part: 1,
  },
  {
    mix: 'postfix',
    title: 'Postfix mail.log (smtpd connect, TLS or SSL_accept error, client=, disconnect; cleanup/qmgr lines), 60,000 peers',
    grep: 'TLSv1 with',
    goal: false,
    part: 1,
  },
  {
    mix: 'exim',
    title: 'Exim mainlog (arrival with H= and X=, local delivery, Completed; TLS errors), 60,000 peers',
    grep: 'X=TLS1.0:',
    goal: false,
    part: 1 / 3,
  },
  { mix: 'sendmail', title: 'Sendmail maillog (STARTTLS=server or its error, from=, to=), 60,000 peers', grep: 'version=TLSv1,', goal: false, part: 1 / 3 },
];

/** Writes `bytes` of generated log of shape `mix` to `file`. */
async function writeLog(file: string, bytes: number, mix: Mix = 'exchange'): Promise<void> {
  const ws = createWriteStream(file);
  const gen =
    mix === 'postfix'
      ? generatePostfix({ bytes, peers: 60_000, chunk: 4 << 20 })
      : mix === 'exim'
        ? generateExim({ bytes, peers: 60_000, chunk: 4 << 20 })
        : mix === 'sendmail'
          ? generateSendmail({ bytes, peers: 60_000, chunk: 4 << 20 })
          : generateExchange({ bytes, peers: mix === 'dense' ? 60_000 : 5000, dense: mix === 'dense', chunk: 4 << 20 });
  for (const b of gen) {
    if (!ws.write(b)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise<void>((res, rej) => ws.end((e?: Error | null) => (e ? rej(e) : res())));
}

interface Run<T> {
  ms: number;
  cpu: number | null;
  value: T;
}

/** `n` runs of `fn` with wall time and CPU time (this process and its threads, or the child for `child`). */
async function runs<T>(n: number, fn: () => Promise<T> | T, child = false): Promise<Run<T>[]> {
  const out: Run<T>[] = [];
  for (let i = 0; i < n; i++) {
    const c0 = child ? childCpuMs() : null;
    const u0 = process.cpuUsage();
    const t = performance.now();
    const value = await fn();
    const ms = performance.now() - t;
    const u = process.cpuUsage(u0);
    const c1 = child ? childCpuMs() : null;
    out.push({ ms, cpu: child ? (c0 === null || c1 === null ? null : c1 - c0) : (u.user + u.system) / 1000, value });
  }
  return out;
}

const best = <T>(r: Run<T>[], k: 'ms' | 'cpu'): number => Math.min(...r.map((x) => x[k] ?? Infinity));
const list = (r: Run<unknown>[], k: 'ms' | 'cpu'): string => r.map((x) => (x[k] === null ? '?' : (x[k] as number).toFixed(0))).join('/');
const rate = (mb: number, ms: number): string => (Number.isFinite(ms) && ms > 0 ? (mb / (ms / 1000)).toFixed(0) : '?').padStart(5);

/**
 * The shipped code (dist/ and the CLI bundle, built here first): worker threads then start from compiled JavaScript, as for a user, not
 * from TypeScript compiled again in every worker.
 */
async function shipped(): Promise<typeof import('../src/logs/analyze.js')> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts/build-cli.mjs')], { stdio: 'inherit' }); // the CLI bundle bin/ loads
  return (await import(pathToFileURL(join(root, 'dist/logs/analyze.js')).href)) as typeof import('../src/logs/analyze.js');
}

/**
 * One mix: the CLI process (`mailtls logs FILE`, human output, as a user runs it; one thread, the default below 4
 * cores), analyzeLogs() in this process, and `LC_ALL=C grep -c` as separate processes, interleaved `n` rounds.
 */
async function mixRows(
  analyzeLogs: Awaited<ReturnType<typeof shipped>>['analyzeLogs'],
  dir: string,
  m: (typeof MIXES)[number],
  sizeMb: number,
  n: number,
): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const file = join(dir, { postfix: 'mail.log', exim: 'mainlog', sendmail: 'maillog' }[m.mix as string] ?? `RECV2024050200-${m.mix}.LOG`);
  await writeLog(file, sizeMb * MB, m.mix);
  const size = statSync(file).size / MB;
  execFileSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] }); // page cache warm for everyone
  const env = { ...process.env, LC_ALL: 'C', NO_COLOR: '1', LANG: 'C' };
  // Node 20 parses the certificates of NODE_EXTRA_CA_CERTS at every process start (~30 ms for 144 of them on this
  // machine): when it is set, the CLI is timed both as the environment has it and without it
  const extraCa = process.env.NODE_EXTRA_CA_CERTS ? { ...env, NODE_EXTRA_CA_CERTS: '' } : null;
  const grep: ProcRun[] = [];
  const cli: ProcRun[] = [];
  const cliNoCa: ProcRun[] = [];
  const inproc: Run<Awaited<ReturnType<typeof analyzeLogs>>>[] = [];
  for (let i = 0; i < n; i++) {
    const steps = [
      async () => {
        grep.push(await proc('grep', ['-c', m.grep, file], env));
      },
      async () => {
        cli.push(await proc(process.execPath, [join(root, 'bin/mailtls.cjs'), 'logs', file], env));
      },
      async () => {
        inproc.push(...(await runs(1, () => analyzeLogs([file], { workers: 1, lang: 'en' }))));
      },
      ...(extraCa
        ? [
            async () => {
              cliNoCa.push(await proc(process.execPath, [join(root, 'bin/mailtls.cjs'), 'logs', file], extraCa));
            },
          ]
        : []),
    ];
    if (i % 2 === 1) steps.reverse();
    for (const s of steps) await s();
  }
  const r = inproc[0]!.value;
  const mean = (xs: ProcRun[]): number | null => (xs.some((x) => x.cpu === null) ? null : xs.reduce((a, x) => a + (x.cpu as number), 0) / xs.length);
  const gW = median(grep.map((x) => x.ms)),
    gC = mean(grep);
  const cW = median(cli.map((x) => x.ms)),
    cC = mean(cli);
  const iW = median(inproc.map((x) => x.ms)),
    iC = median(inproc.map((x) => x.cpu as number));
  const mbs = (ms: number | null): string => (ms === null || !(ms > 0) ? '?' : (size / (ms / 1000)).toFixed(0));
  const f = (x: number | null): string => (x === null ? '?' : x.toFixed(0)).padStart(6);
  const cliExit = cli.map((x) => x.code).join('/');
  console.log(
    `\n  ${m.title}: ${size.toFixed(0)} MB, ${r.lines} lines, ${r.totals.sessions} sessions, ${r.peers.length} peers; ${n} rounds, wall median, cpu mean`,
  );
  console.log(
    `    LC_ALL=C grep -c '${m.grep}' (process)        wall ${f(gW)} ms ${mbs(gW).padStart(5)} MB/s   cpu ${f(gC)} ms ${mbs(gC).padStart(5)} MB/s  (count ${grep[0]!.stdout.trim()})`,
  );
  console.log(
    `    mailtls logs FILE (CLI process, 1 thread)  wall ${f(cW)} ms ${mbs(cW).padStart(5)} MB/s   cpu ${f(cC)} ms ${mbs(cC).padStart(5)} MB/s  (exit ${cliExit}; first run ${cli[0]!.ms.toFixed(0)} ms)`,
  );
  const nW = cliNoCa.length ? median(cliNoCa.map((x) => x.ms)) : null,
    nC = cliNoCa.length ? mean(cliNoCa) : null;
  if (extraCa)
    console.log(
      `    the same, NODE_EXTRA_CA_CERTS unset        wall ${f(nW)} ms ${mbs(nW).padStart(5)} MB/s   cpu ${f(nC)} ms ${mbs(nC).padStart(5)} MB/s  (this machine sets it; Node parses those certificates at every start)`,
    );
  console.log(
    `    analyzeLogs() in-process, 1 thread        wall ${f(iW)} ms ${mbs(iW).padStart(5)} MB/s   cpu ${f(iC)} ms ${mbs(iC).padStart(5)} MB/s  (library, no output)`,
  );
  const okR = (a: number | null, b: number | null): string =>
    a === null || b === null || !(b > 0) ? '?' : `${(a / b).toFixed(2)}x ${a / b <= 3 ? 'met' : 'NOT met'}`;
  const okS = (ms: number | null): string => (ms === null ? '?' : size / (ms / 1000) >= 500 ? 'met' : 'NOT met');
  console.log(
    `    CLI process / grep: wall ${okR(cW, gW)}, cpu ${okR(cC, gC)} (${m.goal ? 'goal' : 'not an issue goal, shown against'} <= 3x); CLI ${mbs(cC)} MB/s per cpu-second, ${mbs(cW)} MB/s wall (${m.goal ? 'goal' : 'against'} >= 500: ${okS(cC)} by cpu, ${okS(cW)} by wall)`,
  );
  if (extraCa)
    console.log(`    without NODE_EXTRA_CA_CERTS / grep: wall ${okR(nW, gW)}, cpu ${okR(nC, gC)}; ${mbs(nC)} MB/s per cpu-second, ${mbs(nW)} MB/s wall`);
  if (m.mix === 'dense') await handOver(file);
  rmSync(file, { force: true });
}

/**
 * What a worker thread's result costs to hand over, in-process: the aggregate of `file` (the dense mix: 60,000 peers) as
 * data (toData), through structuredClone (what postMessage does, the peers' numbers transferred), merged into a fresh
 * aggregate on the other side.
 */
async function handOver(file: string): Promise<void> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { Aggregate } = (await import(pathToFileURL(join(root, 'dist/logs/aggregate.js')).href)) as typeof import('../src/logs/aggregate.js');
  const { analyzeFile } = (await import(pathToFileURL(join(root, 'dist/logs/file.js')).href)) as typeof import('../src/logs/file.js');
  const agg = new Aggregate({ samplesPerFile: true });
  await analyzeFile(file, file, agg, { maxLine: 32 * 1024, year: 2024, nowMonth: 11 });
  const t0 = performance.now();
  const data = agg.toData();
  const t1 = performance.now();
  const moved = structuredClone(data, { transfer: [data.peers.num.buffer as ArrayBuffer] });
  const t2 = performance.now();
  const into = new Aggregate();
  into.merge(moved);
  const t3 = performance.now();
  console.log(
    `    worker hand-over of ${into.peerCount} peers (in-process): toData ${(t1 - t0).toFixed(0)} ms, structured clone ${(t2 - t1).toFixed(0)} ms, merge ${(t3 - t2).toFixed(0)} ms`,
  );
}

export async function run(): Promise<void> {
  const { analyzeLogs } = await shipped();
  const sizeMb = Number(process.env.LOGS_BENCH_MB ?? 300);
  const streamGb = Number(process.env.LOGS_BENCH_STREAM_GB ?? 1);
  const n = Math.max(1, Number(process.env.LOGS_BENCH_RUNS ?? 5));
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-logs-bench-'));
  console.log(`logs bench: ${loadLine()}`);
  console.log('  what was timed: `mailtls logs FILE` as a whole process (start-up, read, analysis, report), analyzeLogs() inside this process,');
  console.log('  and `LC_ALL=C grep -c` as a process, interleaved (order reversed every other round), page cache warm');
  try {
    for (const m of MIXES) await mixRows(analyzeLogs, dir, m, sizeMb * m.part, n);
    console.log('');

    // several files: worker threads (one file per worker)
    const parts = 4;
    const files: string[] = [];
    for (let i = 0; i < parts; i++) {
      const f = join(dir, `RECV2024050${i + 1}00-1.LOG`);
      await writeLog(f, (sizeMb * MB) / parts);
      files.push(f);
    }
    const total = files.reduce((a, f) => a + statSync(f).size, 0) / MB;
    const one = await runs(Math.min(n, 2), () => analyzeLogs(files, { workers: 1, lang: 'en' }));
    // forced: by default worker threads start only from 4 cores (src/logs/analyze.ts)
    const many = await runs(Math.min(n, 2), () => analyzeLogs(files, { lang: 'en', workers: Math.max(2, Math.min(4, availableParallelism())) }));
    console.log(`  in-process, analyzeLogs(): ${parts} files of the long-session Exchange mix (${sizeMb} MB together)`);
    const same = JSON.stringify(one[0]!.value.totals) === JSON.stringify(many[0]!.value.totals);
    console.log(
      `  ${parts} files, 1 thread       wall ${best(one, 'ms').toFixed(0).padStart(6)} ms ${rate(total, best(one, 'ms'))} MB/s [${list(one, 'ms')}]   cpu ${best(one, 'cpu').toFixed(0).padStart(6)} ms`,
    );
    console.log(
      `  ${parts} files, workers (${Math.max(2, Math.min(4, availableParallelism()))})  wall ${best(many, 'ms').toFixed(0).padStart(6)} ms ${rate(total, best(many, 'ms'))} MB/s [${list(many, 'ms')}]   cpu ${best(many, 'cpu').toFixed(0).padStart(6)} ms (all threads)` +
        `  speed-up ${(best(one, 'ms') / best(many, 'ms')).toFixed(2)}x wall on ${availableParallelism()} cores; same totals: ${same}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  // several GB through a stream that never touches disk: heap stays flat
  if (streamGb > 0) {
    const heap: number[] = [];
    let produced = 0;
    function* sampled(): Generator<Buffer> {
      for (const b of generateExchange({ bytes: streamGb * 1000 * MB, peers: 5000, chunk: 4 << 20 })) {
        produced += b.length;
        heap.push(process.memoryUsage().heapUsed);
        yield b;
      }
    }
    const t = performance.now();
    const r = await analyzeLogs([{ name: 'generated', stream: Readable.from(sampled()) }], { workers: 1, lang: 'en' });
    const ms = performance.now() - t;
    const q = Math.floor(heap.length / 10);
    const max = (a: number[]): number => a.reduce((m, x) => Math.max(m, x), 0);
    console.log(
      `  stream ${(produced / 1e9).toFixed(1)} GB (generator, incl. generation): ${(ms / 1000).toFixed(1)} s, ${r.lines} lines, ${r.peers.length} peers;` +
        ` heap max first 10% ${(max(heap.slice(0, q)) / MB).toFixed(0)} MB, rest ${(max(heap.slice(q)) / MB).toFixed(0)} MB`,
    );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
