// The differential harness of the MTA parser tests: one input through MtaParser and through the every-line-through-
// regexes reference (test/logs/reference-mta.ts), as analyzeFile() reads it, and the two reports compared as JSON.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { expect } from 'vitest';
import { Aggregate, type AggregateOptions } from '../../src/logs/aggregate.js';
import { fileReport } from '../../src/logs/file.js';
import { LineScanner } from '../../src/logs/linescan.js';
import { MtaParser } from '../../src/logs/mta.js';
import { DEFAULT_MAX_LINE, readLines, type BlockParser } from '../../src/logs/reader.js';
import { buildReport } from '../../src/logs/report.js';
import type { LogReport } from '../../src/logs/types.js';
import { RUNS } from '../fuzz/budget.js';
import { randomChunks } from './gen-mixed.js';
import { ReferenceMtaParser } from './reference-mta.js';

export type Make = (name: string, agg: Aggregate, maxLine: number) => BlockParser & { format(): string };

/** One input through one MTA parser (every input is read as an MTA log), as analyzeFile() does. */
export async function report(chunks: Buffer[], make: Make, maxLine = DEFAULT_MAX_LINE, opts: AggregateOptions = {}): Promise<LogReport> {
  const agg = new Aggregate(opts);
  let p: (BlockParser & { format(): string }) | null = null;
  const before = agg.malformed;
  const r = await readLines(Readable.from(chunks), 'in.log', agg, () => (p = make('in.log', agg, maxLine)), maxLine);
  agg.lines += r.lines;
  agg.bytes += r.bytes;
  const parser = p as (BlockParser & { format(): string }) | null;
  agg.files.push(fileReport(agg, 'in.log', parser ? (parser.format() as 'postfix') : null, r, before, false, null));
  const date = (t: number | undefined): Date | undefined => (t === undefined ? undefined : new Date(t));
  return buildReport(agg, 'en', { since: date(opts.since), until: date(opts.until) });
}

/** One scanner for every MtaParser of a test file (as the pool hands out one per file read). */
export const scanner = new LineScanner();
export const fast: Make = (n, a, m) => new MtaParser(n, a, 2024, 11, m, scanner);
export const ref: Make = (n, a, m) => new ReferenceMtaParser(n, a, 2024, 11, m);
export const json = (r: LogReport): string => JSON.stringify(r, null, 1);

/** The parser and the reference give the same report. */
export async function same(chunks: Buffer[], maxLine?: number): Promise<void> {
  expect(json(await report(chunks, fast, maxLine))).toBe(json(await report(chunks, ref, maxLine)));
}

/**
 * Up to 30 lines of `line` (the last one cut off or not) give the same report through the parser and the reference,
 * read whole and in random chunks of up to 64 bytes (then with `maxLine` as the line cap).
 */
export async function sameWholeAndChunked(line: fc.Arbitrary<string>, maxLine: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.array(line, { maxLength: 30 }), fc.boolean(), fc.nat(), async (lines, cut, seed) => {
      const text = Buffer.from(lines.join('\n') + (cut ? '' : '\n'), 'latin1');
      await same([text]);
      await same([...randomChunks(text, seed, 64)], maxLine);
    }),
    { numRuns: RUNS },
  );
}
