// Shared fuzzing budget: FUZZ_RUNS runs per property (300 in CI, 50,000 under `npm run fuzz`; the log pipeline 5,000), and a stopwatch that
// records how many inputs each target saw and the slowest one, for docs/hostile.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { RESULTS_DIR } from '../hostile/results.js';

// fast-check's default size ("small") keeps generated arrays to about 10 elements whatever maxLength says: fuzz with
// inputs up to their stated maximum instead.
fc.configureGlobal({ ...fc.readConfigureGlobal(), baseSize: 'large' });

// Whole numbers only: fast-check never stops on a fractional numRuns (FUZZ_RUNS=1000 with RUNS / 30 hung).
export const RUNS = Math.max(1, Math.round(Number(process.env.FUZZ_RUNS ?? 300)));
/** Runs for targets that cost ~10 ms an input (one whole analyzeLogs pipeline each): capped so `npm run fuzz` ends. */
export const SLOW_RUNS = Math.min(RUNS, Math.max(1, Math.round(Number(process.env.FUZZ_SLOW_RUNS ?? 5000))));
/** Generous per-test timeout for big FUZZ_RUNS (vitest's own 60 s would cut `npm run fuzz`). */
export const FUZZ_TIMEOUT_MS = Math.max(60_000, RUNS * 20);
/** One input may take at most this long (a hang or quadratic blow-up shows here long before the test timeout). */
export const MAX_INPUT_MS = 1000;

export interface FuzzRow {
  target: string;
  property: string;
  inputs: number;
  worstMs: number;
  maxInputBytes: number;
  heapGrowthMiB: number;
}

const rows: FuzzRow[] = [];

/** Rough size of a generated input in bytes (byte arrays, strings, arrays of them; numbers count 0). */
function size(x: unknown): number {
  if (ArrayBuffer.isView(x)) return x.byteLength;
  if (typeof x === 'string') return x.length;
  if (Array.isArray(x)) return x.reduce<number>((t, y) => t + size(y), 0);
  return 0;
}

/** A fuzz row and the bookkeeping after one input (time, size, heap); throws when the input took over `boundMs`. */
function recorder(target: string, property: string, boundMs: number): { row: FuzzRow; record: (args: unknown[], ms: number) => void } {
  const row: FuzzRow = { target, property, inputs: 0, worstMs: 0, maxInputBytes: 0, heapGrowthMiB: 0 };
  rows.push(row);
  const base = process.memoryUsage().heapUsed;
  const record = (args: unknown[], ms: number): void => {
    row.inputs++;
    const n = args.reduce<number>((t, x) => t + size(x), 0);
    if (n > row.maxInputBytes) row.maxInputBytes = n;
    row.worstMs = Math.max(row.worstMs, Math.round(ms * 10) / 10);
    row.heapGrowthMiB = Math.max(row.heapGrowthMiB, Math.round(((process.memoryUsage().heapUsed - base) / 1048576) * 10) / 10);
    if (ms > boundMs) throw new Error(`${target}: one input took ${Math.round(ms)} ms (bound ${boundMs} ms)`);
  };
  return { row, record };
}

/** Wraps a property body: times each input, asserts MAX_INPUT_MS, counts it for the row. */
export function timed<A extends unknown[]>(target: string, property: string, body: (...a: A) => void): { fn: (...a: A) => void; row: FuzzRow } {
  const { row, record } = recorder(target, property, MAX_INPUT_MS);
  const fn = (...a: A): void => {
    const t0 = performance.now();
    body(...a);
    record(a, performance.now() - t0);
  };
  return { fn, row };
}

/** Async variant of timed() (bound 4 x MAX_INPUT_MS: a whole pipeline per input). */
export function timedAsync<A extends unknown[]>(
  target: string,
  property: string,
  body: (...a: A) => Promise<void>,
): { fn: (...a: A) => Promise<void>; row: FuzzRow } {
  const { row, record } = recorder(target, property, MAX_INPUT_MS * 4);
  const fn = async (...a: A): Promise<void> => {
    const t0 = performance.now();
    await body(...a);
    record(a, performance.now() - t0);
  };
  return { fn, row };
}

/** Writes this file's fuzz rows (call from afterAll). */
export function saveFuzz(file: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `fuzz-${file}.json`), JSON.stringify({ file, runs: RUNS, at: new Date().toISOString(), rows }, null, 1));
}
