// The WebAssembly line classifier (wasm/linescan.ts) against the JavaScript one it replaced, line by line, and the
// committed module against its source.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeLogs } from '../../src/logs/analyze.js';
import { LINESCAN_WASM } from '../../src/logs/linescan-wasm.js';
import { K_LONG, LineScanner, MAX_BLOCK, RECORD_INTS } from '../../src/logs/linescan.js';
import { dayKeyMs, isoAtBytes } from '../../src/logs/time.js';
import { RUNS } from '../fuzz/budget.js';
import { shapeJs, type Shape } from './shape-reference.js';

const FX = 'test/fixtures/logs/exchange';
const LINES = ['RECV2024050210-1.LOG', 'SEND20240502-1.LOG', 'SEND2019110406-1.LOG'].flatMap((f) =>
  readFileSync(`${FX}/${f}`, 'latin1').split('\n').filter(Boolean),
);

interface Row extends Shape {
  line: number;
  ls: number;
  le: number;
  next: number;
  sid?: string;
}

/** What the reader + old block loop made of buf[start, end): every line's kind (K_NONE lines left out), as records. */
function oracle(buf: Buffer, start: number, end: number, maxLine: number): Row[] {
  const out: Row[] = [];
  let ls = start;
  let line = 0;
  while (ls < end) {
    let nl = buf.indexOf(10, ls);
    if (nl === -1 || nl > end) nl = end;
    const next = nl < end ? nl + 1 : end;
    if (nl - ls <= maxLine) {
      let le = nl;
      if (le > ls && buf[le - 1] === 13) le--;
      const s = shapeJs(buf, ls, le);
      if (s.kind !== -1) {
        const row: Row = { ...s, line, ls, le, next };
        if (s.kind !== 7) row.sid = buf.toString('latin1', (s.c2 as number) + 1, (s.c2 as number) + 17);
        out.push(row);
      }
    } else out.push({ kind: K_LONG, line, ls, le: nl, next });
    ls = nl + 1;
    line++;
  }
  return out;
}

function wasm(sc: LineScanner, buf: Buffer, start: number, end: number, maxLine: number): { rows: Row[]; lines: number } {
  const rows: Row[] = [];
  const base = sc.load(buf, start, end);
  let lineBase = 0;
  for (let n = sc.next(maxLine); n >= 0; n = sc.next(maxLine)) {
    const r = sc.current;
    for (let i = 0, o = 0; i < n; i++, o += RECORD_INTS) {
      const kind = r[o] as number;
      const row: Row = {
        kind,
        line: lineBase + (r[o + 1] as number),
        ls: (r[o + 2] as number) + base,
        le: (r[o + 3] as number) + base,
        next: (r[o + 4] as number) + base,
      };
      if (kind !== 7 && kind !== K_LONG) {
        Object.assign(row, {
          c1: (r[o + 5] as number) + base,
          c2: (r[o + 6] as number) + base,
          localEnd: (r[o + 7] as number) + base,
          remoteEnd: (r[o + 8] as number) + base,
        });
        const hex = ((r[o + 9] as number) >>> 0).toString(16).padStart(8, '0') + ((r[o + 10] as number) >>> 0).toString(16).padStart(8, '0');
        const text = buf.toString('latin1', (row.c2 as number) + 1, (row.c2 as number) + 17);
        // the halves are the id's value; the flag says whether its text has lower-case digits
        expect(hex).toBe(text.toLowerCase());
        expect(r[o + 11]).toBe(/[a-f]/.test(text) ? 1 : 0);
        row.sid = text;
        const at = (k: number): string => buf.toString('latin1', (r[o + k] as number) + base, (r[o + k + 1] as number) + base);
        if (kind === 0) {
          // remote host as hostOf() in src/logs/exchange.ts: up to the last colon, IPv6 brackets removed
          const ep = buf.toString('latin1', (row.localEnd as number) + 1, row.remoteEnd);
          const c = ep.lastIndexOf(':');
          let h = c > 0 ? ep.slice(0, c) : ep;
          if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
          expect(at(14)).toBe(h);
        }
        if (kind === 1) expect(at(17)).toBe(/^.{5} *([^ ,"]{0,255})/s.exec(buf.toString('latin1', (row.remoteEnd as number) + 3, row.le))?.[1]);
      }
      if (kind === K_LONG) row.le = row.next === end && buf[end - 1] !== 10 ? end : row.next - 1;
      rows.push(row);
    }
    lineBase += sc.lines;
  }
  return { rows, lines: lineBase };
}

describe("a scanner's memory", () => {
  it('is the memory the module declares, not grown from JavaScript, and under 60 MiB (V8 collects garbage at once for more external memory)', () => {
    type Mem = { buffer: ArrayBuffer };
    const W = (
      globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: { memory: Mem } } } }
    ).WebAssembly;
    const declared = new W.Instance(new W.Module(Buffer.from(LINESCAN_WASM, 'base64')), {}).exports.memory.buffer.byteLength;
    const sc = new LineScanner();
    const mem = (sc as unknown as { ex: { memory: Mem } }).ex.memory;
    expect(mem.buffer.byteLength).toBe(declared);
    expect(declared).toBeLessThanOrEqual(60 << 20);
  });
});

describe('wasm/linescan.ts', () => {
  it('the committed module is what the source compiles to', () => {
    execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' });
  });

  it('classifies every fixture line as the JavaScript classifier did (whole file, every maxLine)', () => {
    const sc = new LineScanner();
    for (const eol of ['\n', '\r\n']) {
      const buf = Buffer.from(LINES.join(eol) + eol, 'latin1');
      for (const maxLine of [40, 180, 32_768]) {
        const w = wasm(sc, buf, 0, buf.length, maxLine);
        expect(w.rows).toEqual(oracle(buf, 0, buf.length, maxLine));
        expect(w.lines).toBe(LINES.length);
      }
    }
  });

  it('mutated lines, blocks at an offset, records spread over several calls', () => {
    const sc = new LineScanner();
    const edit = fc.tuple(
      fc.nat(),
      fc.constantFrom(',', '"', '#', '+', '-', '*', '<', '>', '4', '5', '2', '0', ' ', 'E', 'e', 'H', 'h', 'L', 'O', 'a', 'G', '\r', '\n', '\0', '\xe9'),
    );
    const line = fc
      .tuple(fc.constantFrom(...LINES), fc.array(edit, { maxLength: 5 }), fc.nat(), fc.boolean(), fc.boolean())
      .map(([l, edits, cut, doCut, lower]) => {
        const a = [...(lower ? l.replace(/,([0-9A-F]{16}),/, (_m, id: string) => `,${id.toLowerCase()},`) : l)];
        for (const [at, c] of edits) a[at % a.length] = c;
        const t = a.join('');
        return doCut ? t.slice(0, cut % (t.length + 1)) : t;
      });
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.nat(40),
        fc.constantFrom(60, 200, 32_768),
        (ls, eol, lastEol, pad, maxLine) => {
          const text = ls.join(eol) + (lastEol ? eol : '');
          // the block sits inside a bigger buffer with bytes around it that must not be read as part of it (as in the
          // reader: a block ends after a newline, or is the last line of the input with nothing after it)
          const after = lastEol ? Buffer.from(',<,EHLO x\r\n') : Buffer.alloc(0);
          const buf = Buffer.concat([Buffer.alloc(pad, 44), Buffer.from(text, 'latin1'), after]);
          const end = pad + Buffer.byteLength(text, 'latin1');
          expect(wasm(sc, buf, pad, end, maxLine).rows).toEqual(oracle(buf, pad, end, maxLine));
        },
      ),
      { numRuns: RUNS * 3 },
    );
  });

  it('a line short of fields never takes them from the next line (the commas of 128 bytes are found at once, across line ends)', () => {
    // every prefix of a real line that ends before its sixth comma, followed by lines that would complete it (`,+,` two
    // bytes after a comma is a connect line's event), each at every length around the 64- and 128-byte steps
    const sc = new LineScanner();
    const real = (LINES.find((l) => /,\+,/.test(l)) as string).replace(/\r$/, '');
    const tails = [',+,', ',<,EHLO x', ',-,,Local', ',*,,TLS protocol'];
    const rows: string[] = [];
    for (let n = 20; n < Math.min(real.length, 200); n++) {
      const head = real.slice(0, n).replace(/[\r\n]/g, '');
      if ((head.match(/,/g) ?? []).length >= 6) break;
      for (const t of tails) rows.push(head, t, real);
    }
    for (const eol of ['\n', '\r\n']) {
      const buf = Buffer.from(rows.join(eol) + eol, 'latin1');
      const w = wasm(sc, buf, 0, buf.length, 32_768);
      expect(w.rows).toEqual(oracle(buf, 0, buf.length, 32_768));
      // (and the oracle says what is true: no short line is a connect line)
      expect(w.rows.filter((r) => r.kind === 0).length).toBe(w.rows.filter((r) => buf.toString('latin1', r.ls, r.le) === real).length);
    }
  });

  it('classifies a block bigger than the copy area in a growable instance, and lets a giant one go when the block is done', () => {
    const sc = new LineScanner();
    const buf = Buffer.alloc(80 << 20, 0x41);
    buf[40 << 20] = 10;
    buf[buf.length - 1] = 10;
    const base = sc.load(buf, 0, buf.length);
    const rows: number[] = [];
    let lines = 0;
    for (let n = sc.next(1 << 20); n >= 0; n = sc.next(1 << 20)) {
      for (let i = 0; i < n; i++) rows.push(sc.current[i * RECORD_INTS] as number, (sc.current[i * RECORD_INTS + 2] as number) + base);
      lines += sc.lines;
    }
    expect(lines).toBe(2);
    expect(rows).toEqual([K_LONG, 0, K_LONG, (40 << 20) + 1]);
    // WebAssembly memory never shrinks: the 80 MB instance must not stay with the (pooled) scanner
    expect((sc as unknown as { big: unknown }).big).toBeNull();
  });

  it('refuses a block over MAX_BLOCK with a clear error, and analyzeLogs reports it for that input', async () => {
    const huge = Buffer.allocUnsafe(MAX_BLOCK + 2); // not filled: the pages are never touched
    huge[huge.length - 1] = 10;
    expect(() => new LineScanner().load(huge, 0, huge.length)).toThrow(/more than the 1073741824 a log block may have/);
    const r = await analyzeLogs(
      [
        {
          name: 'RECV-huge.LOG',
          stream: (async function* () {
            yield Buffer.from('#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n');
            yield huge;
          })(),
        },
      ],
      { lang: 'en', workers: 1 },
    );
    expect(r.fileReports[0]?.error).toMatch(/give the input as a file, or stream it in smaller chunks/);
  });

  it("gives the time of a connect line as isoAtBytes() reads it whenever it gives one (Exchange's own form; 0 otherwise)", () => {
    const sc = new LineScanner();
    let read = 0;
    let left = 0;
    const digit = fc.constantFrom('0', '1', '2', '5', '9');
    const odd = fc.constantFrom('0', '9', 'T', ' ', ':', '-', '.', 'Z', 'x', '+', ',', '\xe9');
    // a time stamp of Exchange's form with any of its bytes replaced, cut, or followed by more digits or a zone
    const stamp = fc
      .tuple(
        fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 })),
        fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999 })),
        fc.array(fc.tuple(fc.nat(23), fc.oneof(digit, odd)), { maxLength: 2 }),
        fc.constantFrom('', '1', '12', '+01:00', ' +0200', '-0130'),
        fc.nat(24),
      )
      .map(([[y, mo, d], [h, mi, se, ms], edits, tail, cut]) => {
        const p = (n: number, w: number): string => String(n).padStart(w, '0');
        const chars = `${p(y, 4)}-${p(mo, 2)}-${p(d, 2)}T${p(h, 2)}:${p(mi, 2)}:${p(se, 2)}.${p(ms, 3)}Z`.split('');
        for (const [i, c] of edits) chars[i] = c;
        let t = chars.join('');
        if (tail) t = t.slice(0, 23) + tail + (tail.length <= 2 ? 'Z' : '');
        return cut === 24 ? t : t.slice(0, Math.max(cut, 1));
      });
    fc.assert(
      fc.property(fc.array(stamp, { minLength: 1, maxLength: 20 }), (stamps) => {
        const lines = stamps.map(
          (t, i) => `${t},EX01\\Default Frontend EX01,08DC6A00000000${(i + 16).toString(16).toUpperCase()},0,10.0.0.5:25,192.0.2.1:4000,+,,`,
        );
        const buf = Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1');
        const base = sc.load(buf, 0, buf.length);
        for (let n = sc.next(32_768); n >= 0; n = sc.next(32_768)) {
          const r = sc.current;
          for (let i = 0, o = 0; i < n; i++, o += RECORD_INTS) {
            if (r[o] !== 0) continue; // a stamp with a comma in it: not a connect line of this shape
            const ls = (r[o + 2] as number) + base;
            const le = (r[o + 3] as number) + base;
            const day = r[o + 17] as number;
            const want = isoAtBytes(buf, ls, le);
            if (day !== 0) {
              read++;
              expect(dayKeyMs(day) + (r[o + 18] as number)).toBe(want);
            } else left++;
          }
        }
      }),
      { numRuns: RUNS * 3 },
    );
    // both kinds were generated: stamps the scanner read and stamps it left to the parser
    expect(read).toBeGreaterThan(0);
    expect(left).toBeGreaterThan(0);
    // the usual form is read by the scanner (not left to the parser), and matches Date.UTC
    const b = Buffer.from('2024-05-02T10:11:12.345Z,EX01\\Default Frontend EX01,08DC6A0000000001,0,10.0.0.5:25,192.0.2.1:4000,+,,\r\n', 'latin1');
    sc.load(b, 0, b.length);
    expect(sc.next(32_768)).toBe(1);
    expect(sc.current[17]).toBe(20240502);
    expect(dayKeyMs(sc.current[17] as number) + (sc.current[18] as number)).toBe(Date.UTC(2024, 4, 2, 10, 11, 12, 345));
  });
});
