// Benchmark of `mailtls logs`: a generated 1 GB Exchange receive log, side by side with `LC_ALL=C grep -c` in one run.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateExchange } from '../test/logs/gen.js';

const MB = 1e6;

/** Writes `bytes` of generated log to `file`. */
async function writeLog(file: string, bytes: number): Promise<void> {
  const ws = createWriteStream(file);
  for (const b of generateExchange({ bytes, peers: 5000, chunk: 4 << 20 })) {
    if (!ws.write(b)) await new Promise<void>((r) => ws.once('drain', () => r()));
  }
  await new Promise<void>((res, rej) => ws.end((e?: Error | null) => (e ? rej(e) : res())));
}

/** CPU time (ms) of the waited-for children of this process (Linux /proc/self/stat cutime+cstime), or null. */
function childCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[13]) + Number(f[14])) * 10; // fields 16 and 17, in USER_HZ (100 per second on Linux)
  } catch {
    return null;
  }
}

interface Run<T> { ms: number; cpu: number | null; value: T }

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
 * The shipped code (dist/, built here first): worker threads then start from compiled JavaScript, as for a user, not
 * from TypeScript compiled again in every worker.
 */
async function shipped(): Promise<typeof import('../src/logs/analyze.js')> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  return (await import(pathToFileURL(join(root, 'dist/logs/analyze.js')).href)) as typeof import('../src/logs/analyze.js');
}

export async function run(): Promise<void> {
  const { analyzeLogs } = await shipped();
  const sizeMb = Number(process.env.LOGS_BENCH_MB ?? 1000);
  const streamGb = Number(process.env.LOGS_BENCH_STREAM_GB ?? 3);
  const n = Math.max(1, Number(process.env.LOGS_BENCH_RUNS ?? 3));
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-logs-bench-'));
  try {
    const file = join(dir, 'RECV2024050200-1.LOG');
    await writeLog(file, sizeMb * MB);
    const size = statSync(file).size / MB;
    console.log(`logs bench: ${size.toFixed(0)} MB generated Exchange receive log (${file}), ${n} runs each, best shown (all runs in brackets)`);
    console.log('  wall time is affected by other load on the machine; CPU time (process.cpuUsage, /proc for grep) much less');

    // anchor: a single fixed-string count, the admin's Select-String equivalent (warm page cache first); grep and the
    // analysis alternate, so both see the same load
    execFileSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
    const grep: Run<string>[] = [];
    const ours: Run<Awaited<ReturnType<typeof analyzeLogs>>>[] = [];
    for (let i = 0; i < n; i++) {
      grep.push(...await runs(1, () => execFileSync('grep', ['-c', 'SP_PROT_TLS1_0', file], { env: { ...process.env, LC_ALL: 'C' } }).toString().trim(), true));
      ours.push(...await runs(1, () => analyzeLogs([file], { workers: 1, lang: 'en' })));
    }
    const r = ours[0]!.value;
    const gW = best(grep, 'ms'), gC = best(grep, 'cpu'), oW = best(ours, 'ms'), oC = best(ours, 'cpu');
    console.log(`  grep -c SP_PROT_TLS1_0   wall ${gW.toFixed(0).padStart(6)} ms ${rate(size, gW)} MB/s [${list(grep, 'ms')}]   cpu ${gC.toFixed(0).padStart(6)} ms ${rate(size, gC)} MB/s [${list(grep, 'cpu')}]  (count ${grep[0]!.value})`);
    console.log(`  mailtls logs (1 thread)  wall ${oW.toFixed(0).padStart(6)} ms ${rate(size, oW)} MB/s [${list(ours, 'ms')}]   cpu ${oC.toFixed(0).padStart(6)} ms ${rate(size, oC)} MB/s [${list(ours, 'cpu')}]`);
    console.log(`    (${r.lines} lines, ${r.peers.length} peers, ${r.totals.sessions} sessions, TLSv1.0 sessions ${r.totals.versions['TLSv1.0'] ?? 0})`);
    const cpuRatio = Number.isFinite(gC) && gC > 0 ? `${(oC / gC).toFixed(2)}x` : '?';
    console.log(`  ratio mailtls/grep: wall ${(oW / gW).toFixed(2)}x, cpu ${cpuRatio}  (goal <= 3x)` +
      `; one core: ${rate(size, oC).trim()} MB/s cpu, ${rate(size, oW).trim()} MB/s wall (goal >= 200 MB/s: ${size / (oC / 1000) >= 200 ? 'met' : 'not met'} by cpu, ${size / (oW / 1000) >= 200 ? 'met' : 'not met'} by wall)`);

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
    const same = JSON.stringify(one[0]!.value.totals) === JSON.stringify(many[0]!.value.totals);
    console.log(`  ${parts} files, 1 thread       wall ${best(one, 'ms').toFixed(0).padStart(6)} ms ${rate(total, best(one, 'ms'))} MB/s [${list(one, 'ms')}]   cpu ${best(one, 'cpu').toFixed(0).padStart(6)} ms`);
    console.log(`  ${parts} files, workers (${Math.max(2, Math.min(4, availableParallelism()))})  wall ${best(many, 'ms').toFixed(0).padStart(6)} ms ${rate(total, best(many, 'ms'))} MB/s [${list(many, 'ms')}]   cpu ${best(many, 'cpu').toFixed(0).padStart(6)} ms (all threads)` +
      `  speed-up ${(best(one, 'ms') / best(many, 'ms')).toFixed(2)}x wall on ${availableParallelism()} cores; same totals: ${same}`);
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
    console.log(`  stream ${(produced / 1e9).toFixed(1)} GB (generator, incl. generation): ${(ms / 1000).toFixed(1)} s, ${r.lines} lines, ${r.peers.length} peers;` +
      ` heap max first 10% ${(max(heap.slice(0, q)) / MB).toFixed(0)} MB, rest ${(max(heap.slice(q)) / MB).toFixed(0)} MB`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
}
