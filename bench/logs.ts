// Benchmark of `mailtls logs`: a generated 1 GB Exchange receive log, side by side with `LC_ALL=C grep -c` in one run.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { analyzeLogs } from '../src/logs/analyze.js';
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

/** Best wall time (ms) of `n` runs. */
async function best<T>(n: number, fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  let ms = Infinity;
  let value!: T;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    value = await fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, value };
}

export async function run(): Promise<void> {
  const sizeMb = Number(process.env.LOGS_BENCH_MB ?? 1000);
  const streamGb = Number(process.env.LOGS_BENCH_STREAM_GB ?? 3);
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-logs-bench-'));
  try {
    const file = join(dir, 'RECV2024050200-1.LOG');
    await writeLog(file, sizeMb * MB);
    const size = statSync(file).size;
    console.log(`logs bench: ${(size / MB).toFixed(0)} MB generated Exchange receive log (${file})`);

    // anchor: a single fixed-string count, the admin's Select-String equivalent (warm page cache first)
    execFileSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
    const grep = await best(3, () => execFileSync('grep', ['-c', 'SP_PROT_TLS1_0', file], { env: { ...process.env, LC_ALL: 'C' } }).toString().trim());
    const ours = await best(2, () => analyzeLogs([file], { workers: 1, lang: 'en' }));
    const r = ours.value;
    const grepRate = size / MB / (grep.ms / 1000);
    const ourRate = size / MB / (ours.ms / 1000);
    console.log(`  grep -c SP_PROT_TLS1_0   ${grep.ms.toFixed(0).padStart(6)} ms  ${grepRate.toFixed(0).padStart(5)} MB/s  (count ${grep.value})`);
    console.log(`  mailtls logs (1 core)    ${ours.ms.toFixed(0).padStart(6)} ms  ${ourRate.toFixed(0).padStart(5)} MB/s  (${r.lines} lines, ${r.peers.length} peers, ${r.totals.sessions} sessions, TLSv1.0 sessions ${r.totals.versions['TLSv1.0'] ?? 0})`);
    console.log(`  ratio mailtls/grep: ${(ours.ms / grep.ms).toFixed(2)}x  (goal <= 3x; goal >= 200 MB/s on one core: ${ourRate >= 200 ? 'met' : 'not met'})`);

    // several files: worker threads
    const parts = 4;
    const files: string[] = [];
    for (let i = 0; i < parts; i++) {
      const f = join(dir, `RECV2024050${i + 1}00-1.LOG`);
      await writeLog(f, (sizeMb * MB) / parts);
      files.push(f);
    }
    const one = await best(1, () => analyzeLogs(files, { workers: 1, lang: 'en' }));
    const many = await best(1, () => analyzeLogs(files, { lang: 'en' }));
    const total = files.reduce((a, f) => a + statSync(f).size, 0) / MB;
    console.log(`  ${parts} files, 1 thread       ${one.ms.toFixed(0).padStart(6)} ms  ${(total / (one.ms / 1000)).toFixed(0).padStart(5)} MB/s`);
    console.log(`  ${parts} files, workers        ${many.ms.toFixed(0).padStart(6)} ms  ${(total / (many.ms / 1000)).toFixed(0).padStart(5)} MB/s  (speed-up ${(one.ms / many.ms).toFixed(2)}x)`);
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
