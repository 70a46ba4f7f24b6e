// Runs one hostile case with its bounds (deadline, memory) and records the outcome for docs/hostile.md (test/hostile/table.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect } from 'vitest';

/** Where each test file leaves its rows; table.ts reads them. */
export const RESULTS_DIR = process.env.MAILTLS_HOSTILE_RESULTS ?? join(tmpdir(), 'mailtls-hostile-results');

export interface CaseRow {
  /** The case number as docs/hostile.md lists it (5.1.x against probe/send, 5.2.x against listen), or a name for the extra cases. */
  ref: string;
  title: string;
  /** Sub-cases (servers/clients/inputs) tried in this row. */
  tried: number;
  /** Sub-cases whose assertions held. */
  held: number;
  /** The bound the session(s) had to end within (configured deadline plus slack), ms; null where not a deadline case. */
  deadlineMs: number | null;
  /** Slowest sub-case, ms. */
  worstMs: number;
  /** Memory budget (growth of heap + array buffers), MiB. */
  memBudgetMiB: number;
  /** Largest growth seen while the row ran, MiB. */
  memPeakMiB: number;
}

const rows: CaseRow[] = [];

let gcFn: (() => void) | null = null;
/** A full GC when the runtime lets us have one (V8 flag set at run time), so memory deltas start from a clean heap. */
export function gc(): void {
  if (!gcFn) {
    try {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    } catch {
      gcFn = () => undefined;
    }
  }
  gcFn();
}

const used = (): number => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

export interface Bounds {
  /** Each sub-case must end within this many ms (the configured deadline plus slack). */
  deadlineMs?: number;
  /** Peak growth of heap + array buffers allowed while the row runs, MiB (default 64). */
  memBudgetMiB?: number;
}

/** A row's sub-case runner: `sub(name, fn)` times `fn`, checks the deadline, and counts it as tried/held. */
export type Sub = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

/**
 * Runs `body` as one table row: samples memory every 10 ms (peak growth over the baseline after a GC), times each
 * sub-case against the deadline, asserts both bounds, and records the row (also when an assertion fails).
 */
export async function hostileRow(ref: string, title: string, bounds: Bounds, body: (sub: Sub) => Promise<void>): Promise<CaseRow> {
  const row: CaseRow = {
    ref,
    title,
    tried: 0,
    held: 0,
    deadlineMs: bounds.deadlineMs ?? null,
    worstMs: 0,
    memBudgetMiB: bounds.memBudgetMiB ?? 64,
    memPeakMiB: 0,
  };
  rows.push(row);
  gc();
  const base = used();
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, used() - base)), 10);
  const sub: Sub = async (name, fn) => {
    row.tried++;
    const t0 = performance.now();
    const out = await fn();
    const ms = Math.round(performance.now() - t0);
    row.worstMs = Math.max(row.worstMs, ms);
    if (bounds.deadlineMs !== undefined) expect(ms, `${name}: ended after ${ms} ms, bound ${bounds.deadlineMs} ms`).toBeLessThanOrEqual(bounds.deadlineMs);
    row.held++;
    return out;
  };
  try {
    await body(sub);
  } finally {
    clearInterval(timer);
    peak = Math.max(peak, used() - base);
    row.memPeakMiB = Math.round((peak / 1048576) * 10) / 10;
  }
  expect(row.memPeakMiB, `${title}: memory grew ${row.memPeakMiB} MiB, budget ${row.memBudgetMiB} MiB`).toBeLessThanOrEqual(row.memBudgetMiB);
  return row;
}

/** Writes this file's rows (call from afterAll). */
export function saveRows(file: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${file}.json`), JSON.stringify({ file, at: new Date().toISOString(), rows }, null, 1));
}

/** Control characters, DEL, C1, bidi overrides/isolates, zero-width and line/paragraph separators: none may survive sanitising. */
export const UNSAFE = /[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/;

/**
 * Walks every string in a result and asserts none carries an unsafe character. `multiLine` names keys whose values
 * are several sanitised lines joined by "\n" (e.g. a send transcript entry), where "\n" alone is allowed.
 */
export function assertClean(value: unknown, multiLine: string[] = [], path = '$'): void {
  if (typeof value === 'string') {
    const key = path.slice(path.lastIndexOf('.') + 1);
    const s = multiLine.includes(key) ? value.replace(/\n/g, '') : value;
    expect(UNSAFE.test(s), `unsafe character at ${path}: ${JSON.stringify(value).slice(0, 200)}`).toBe(false);
  } else if (Array.isArray(value)) value.forEach((v, i) => assertClean(v, multiLine, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) assertClean(v, multiLine, `${path}.${k}`);
}
