// Public entry of the logs capability: expands inputs, reads them (worker threads across files), builds the report.
import { readdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { resolveLang } from '../i18n/lang.js';
import { Aggregate } from './aggregate.js';
import { analyzeFile, type FileOptions } from './file.js';
import { DEFAULT_MAX_LINE } from './reader.js';
import { buildReport } from './report.js';
import type { AnalyzeOptions, LogInput, LogReport } from './types.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker.js';

/** Inputs at least this big (in total) are spread over worker threads when there are several files. */
const WORKER_MIN_BYTES = 64 << 20;

interface Expanded {
  files: { path: string; size: number }[];
  streams: { name: string; stream: NodeJS.ReadableStream | AsyncIterable<Buffer | string> }[];
  errors: { file: string; error: string }[];
}

/** Files under a directory, recursively, sorted; symlinked directories are not followed. */
async function walk(dir: string, out: Expanded, depth = 0): Promise<void> {
  if (depth > 32) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    out.errors.push({ file: dir, error: errText(e) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, out, depth + 1);
    else if (e.isFile()) {
      try {
        out.files.push({ path: p, size: (await stat(p)).size });
      } catch (err) {
        out.errors.push({ file: p, error: errText(err) });
      }
    }
  }
}

function errText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.message.replace(/^\w+: /, '')}` : String(err.message ?? e);
}

/** `stdin`: called only when an input is `-` (reading process.stdin creates its stream, with side effects on a TTY). */
async function expand(inputs: LogInput[], stdin: () => NodeJS.ReadableStream): Promise<Expanded> {
  const out: Expanded = { files: [], streams: [], errors: [] };
  for (const i of inputs) {
    if (typeof i !== 'string') {
      out.streams.push(i);
      continue;
    }
    if (i === '-') {
      out.streams.push({ name: '(stdin)', stream: stdin() });
      continue;
    }
    try {
      const s = await stat(i);
      if (s.isDirectory()) await walk(i, out);
      else out.files.push({ path: i, size: s.size });
    } catch (e) {
      out.errors.push({ file: i, error: errText(e) });
    }
  }
  return out;
}

/** Starts the worker script next to this module (.js when compiled; .ts through tsx when running from source). */
function startWorker(init: WorkerInit): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./worker.js', here), { workerData: init });
  const api = createRequire(here)
    .resolve('tsx/esm/api')
    .replace(/\.cjs$/, '.mjs');
  const code = `import(${JSON.stringify(pathToFileURL(api).href)}).then((t) => { t.register(); return import(${JSON.stringify(new URL('./worker.ts', here).href)}); });`;
  return new Worker(code, { eval: true, workerData: init });
}

/** Runs files through `n` workers (dynamic assignment, biggest first) and merges their aggregates into `agg`. */
async function runWorkers(
  files: { path: string; size: number }[],
  n: number,
  init: WorkerInit,
  agg: Aggregate,
  onBytes: (b: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  const queue = [...files].sort((a, b) => b.size - a.size).map((f) => f.path);
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve, reject) => {
          const w = startWorker(init);
          let current: string | null = null;
          // Ctrl-C: a worker's unfinished aggregate is dropped (the report says interrupted); finished ones are merged
          signal?.addEventListener(
            'abort',
            () => {
              void w.terminate();
              resolve();
            },
            { once: true },
          );
          w.on('message', (m: FromWorker) => {
            if (m.type === 'progress') {
              if (!signal?.aborted) onBytes(m.bytes);
            } else if (m.type === 'ready') {
              current = queue.shift() ?? null;
              w.postMessage((current ? { type: 'file', path: current } : { type: 'finish' }) satisfies ToWorker);
            } else if (m.type === 'done') {
              agg.merge(m.data);
              void w.terminate();
              resolve();
            } else {
              agg.files.push({ file: current ?? '?', format: null, bytes: 0, lines: 0, malformed: 0, error: m.message });
              void w.terminate();
              resolve();
            }
          });
          w.on('error', reject);
        }),
    ),
  );
}

function defaultYear(opts: AnalyzeOptions): { year: number; nowMonth: number } {
  const now = new Date();
  return opts.year ? { year: opts.year, nowMonth: 11 } : { year: now.getUTCFullYear(), nowMonth: now.getUTCMonth() };
}

/**
 * Analyses Exchange protocol logs and Postfix/Exim/Sendmail logs (plain or gzip; files, directories, `-`, streams)
 * and reports per peer: sessions, TLS versions and suites, failures and their signatures, first/last seen.
 * Never throws for bad log data: unreadable inputs and malformed lines are reported in the result.
 */
export async function analyzeLogs(inputs: LogInput[], opts: AnalyzeOptions = {}): Promise<LogReport> {
  const lang = opts.lang ?? resolveLang();
  const aggOpts = {
    since: opts.since?.getTime(),
    until: opts.until?.getTime(),
    peer: opts.peer,
    maxPeers: opts.maxPeers,
  };
  const agg = new Aggregate(aggOpts);
  const fileOpts: FileOptions = { maxLine: opts.maxLineBytes ?? DEFAULT_MAX_LINE, ...defaultYear(opts) };
  const ex = await expand(inputs, () => opts.stdin ?? process.stdin);
  for (const e of ex.errors) agg.files.push({ file: e.file, format: null, bytes: 0, lines: 0, malformed: 0, error: e.error });
  const total = ex.files.reduce((a, f) => a + f.size, 0);
  let done = 0;
  const signal = opts.signal;
  const onBytes = (n: number): void => {
    if (signal?.aborted) throw new Error('interrupted'); // the reader records it as this file's error and stops
    done += n;
    opts.onProgress?.(done, total);
  };

  // One analysis already keeps about 1.4 cores busy (the parsing thread plus the read-ahead on libuv's thread pool),
  // and on the 2-core test machine two workers over four files were no faster than one thread (bench/logs.ts): worker
  // threads by default only from 4 cores, one per two cores, at most 4. `workers` (--workers) overrides.
  const cpus = Math.max(1, availableParallelism());
  const wanted = opts.workers ?? (total >= WORKER_MIN_BYTES && cpus >= 4 ? Math.min(cpus >> 1, 4) : 1);
  const n = Math.min(wanted, ex.files.length);
  if (n > 1) {
    await runWorkers(ex.files, n, { agg: { ...aggOpts, samplesPerFile: true }, file: fileOpts }, agg, onBytes, signal);
    agg.orderSamples(ex.files.map((f) => f.path));
  } else
    for (const f of ex.files) {
      if (signal?.aborted) break;
      await analyzeFile(f.path, f.path, agg, fileOpts, onBytes);
    }
  for (const s of ex.streams) {
    if (signal?.aborted) break;
    // a stream that waits for more (a pipe still open) is ended by Ctrl-C too
    const end = (): void => {
      (s.stream as { destroy?: () => void }).destroy?.();
    };
    signal?.addEventListener('abort', end, { once: true });
    try {
      await analyzeFile(s.stream, s.name, agg, fileOpts, onBytes);
    } finally {
      signal?.removeEventListener('abort', end);
    }
  }
  agg.files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  opts.onRead?.();
  const report = buildReport(agg, lang, { since: opts.since, until: opts.until }, true);
  if (signal?.aborted) report.interrupted = true;
  return report;
}
