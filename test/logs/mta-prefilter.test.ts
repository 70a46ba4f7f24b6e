// The WebAssembly prefilter of the Postfix/Exim/Sendmail parser (scan() with mta = 1) finds exactly the lines the former
// one-pass-per-pattern scan found, counts every line and flags the overlong ones.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { K_CANDIDATE, K_LONG, K_PLAIN, LineScanner, RECORD_INTS } from '../../src/logs/linescan.js';
import { PATTERNS } from '../../src/logs/mta.js';
import { RUNS } from '../fuzz/budget.js';

/** The previous prefilter, kept as the oracle: one Buffer.indexOf pass per pattern (and one for a CR inside a line). */
function oracle(buf: Buffer, start: number, end: number): number[] {
  const starts: number[] = [];
  for (const pat of PATTERNS.map((s) => Buffer.from(s))) {
    for (let p = start; (p = buf.indexOf(pat, p)) !== -1 && p < end; ) {
      let ls = buf.lastIndexOf(10, p) + 1;
      if (ls < start) ls = start;
      starts.push(ls);
      const nl = buf.indexOf(10, p);
      p = nl === -1 || nl >= end ? end : nl + 1;
    }
  }
  // and a carriage return inside a line (before its last byte)
  for (let ls = start; ls < end; ) {
    let nl = buf.indexOf(10, ls);
    if (nl === -1 || nl >= end) nl = end;
    const cr = buf.indexOf(13, ls);
    if (cr !== -1 && cr < nl - 1) starts.push(ls);
    ls = nl + 1;
  }
  return starts;
}

const lineSet = (a: number[]): number[] => [...new Set(a)].sort((x, y) => x - y);

const scanner = new LineScanner();
/** What the classifier in MTA mode makes of buf[start, end): candidate line starts, overlong line starts, lines counted. */
function candidateLines(buf: Buffer, start: number, end: number, maxLine = 1 << 30): number[] & { long?: number[]; lines?: number } {
  const cand: number[] & { long?: number[]; lines?: number } = [];
  const long: number[] = [];
  let lines = 0;
  const base = scanner.load(buf, start, end);
  for (let n = scanner.nextMta(maxLine); n >= 0; n = scanner.nextMta(maxLine)) {
    const r = scanner.current;
    for (let i = 0, o = 0; i < n; i++, o += RECORD_INTS) {
      // K_PLAIN: a line without a pattern that the classifier did not count itself (no known program in its table)
      if (r[o] === K_PLAIN) continue;
      expect([K_CANDIDATE, K_LONG]).toContain(r[o]);
      (r[o] === K_CANDIDATE ? cand : long).push((r[o + 2] as number) + base);
    }
    lines += scanner.lines;
  }
  cand.long = long;
  cand.lines = lines;
  return cand;
}

/** Line starts of buf[start, end), and those of lines longer than maxLine (as the reader counted them). */
function lineStarts(buf: Buffer, start: number, end: number, maxLine: number): { all: number[]; long: number[] } {
  const all: number[] = [];
  const long: number[] = [];
  for (let ls = start; ls < end; ) {
    let nl = buf.indexOf(10, ls);
    if (nl === -1 || nl >= end) nl = end;
    all.push(ls);
    if (nl - ls > maxLine) long.push(ls);
    ls = nl + 1;
  }
  return { all, long };
}
const FX = 'test/fixtures/logs';
const LINES = ['postfix/mail.log', 'exim/mainlog', 'sendmail/maillog'].flatMap((f) => readFileSync(`${FX}/${f}`, 'latin1').split('\n').filter(Boolean));

describe('MTA prefilter (wasm classifier, MTA mode)', () => {
  it('finds the fixture lines the per-pattern scan found', () => {
    const buf = Buffer.from(LINES.join('\n') + '\n', 'latin1');
    const got = lineSet(candidateLines(buf, 0, buf.length));
    expect(got.length).toBeGreaterThan(20);
    expect(got).toEqual(lineSet(oracle(buf, 0, buf.length)));
  });

  it('same lines on text built from pieces of the patterns, fixture lines and noise, inside a bigger buffer', () => {
    // fragments that make partial and overlapping pattern matches likely (e.g. "STARTTLS STARTTLS=", "TLSTLS ")
    const piece = fc.oneof(
      fc.constantFrom(...PATTERNS),
      fc.constantFrom(...PATTERNS).chain((p) => fc.nat(p.length).map((n) => p.slice(0, n))),
      fc.constantFrom(...PATTERNS).chain((p) => fc.nat(p.length).map((n) => p.slice(n))),
      fc.constantFrom(...LINES),
      fc.constantFrom('TLS', 'SSL_', 'STARTTLS', '\n', '\r', '\r\n', ' ', '=', '<', '*', 'x'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(20), fc.nat(20), (pieces, before, after) => {
        const text = Buffer.from(pieces.join(''), 'latin1');
        // blocks end after a newline, or are the last line with nothing after them (as the reader hands them over)
        const body = text.length > 0 && text[text.length - 1] !== 10 && after > 0 ? Buffer.concat([text, Buffer.from('\n')]) : text;
        const buf = Buffer.concat([
          Buffer.from('TLS connection '.repeat(before % 3) + '\n'.repeat(before > 0 ? 1 : 0)),
          body,
          Buffer.from('STARTTLS=x\n'.repeat(after % 3)),
        ]);
        const start = buf.length - body.length - 11 * (after % 3);
        const end = start + body.length;
        expect(lineSet(candidateLines(buf, start, end))).toEqual(lineSet(oracle(buf, start, end)));
        // with a line cap: overlong lines are flagged, not candidates; every line is counted
        const got = candidateLines(buf, start, end, 30);
        const want = lineStarts(buf, start, end, 30);
        expect(got.long).toEqual(want.long);
        expect(got.lines).toBe(want.all.length);
        expect(lineSet(got)).toEqual(lineSet(oracle(buf, start, end)).filter((ls) => !want.long.includes(ls)));
      }),
      { numRuns: RUNS * 3 },
    );
  });
});
