// Loads the WebAssembly line classifier (wasm/linescan.ts) and runs it over blocks of an Exchange protocol log.
import { LINESCAN_WASM } from './linescan-wasm.js';

interface LineScanExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  scan(start: number, end: number, maxLine: number, out: number, maxRecords: number, mta: number): number;
  stoppedAt(): number;
  lines(): number;
}

/**
 * Record layout (Int32 each): kind, line index, ls, le, next line start, c1, c2, localEnd, remoteEnd, session id high
 * and low 32 bits, 1 when the session id has lower-case hex digits, a hash of data and context of `*` lines; for `+`
 * lines connector hash, remote host start, end and hash, then the day (yyyymmdd) and millisecond of the day of the time
 * stamp when it has Exchange's own form (else 0, 0); for EHLO lines name start, end and hash (wasm/linescan.ts).
 */
export const RECORD_INTS = 20;
/** A line longer than the cap. */
export const K_LONG = 8;
/** A Postfix/Exim/Sendmail line that contains a prefilter pattern (record: kind, line index, ls, nl). */
export const K_CANDIDATE = 9;
/** Size of each of the two file read buffers that live in the scanner's memory (no copy before scanning). */
export const READ_CHUNK = 4 << 20;
const MAX_RECORDS = 1 << 15;
/** Readable bytes kept after any input: the scanner reads up to 16 bytes past a line in 16-byte loads. */
const PAD = 64;
// memory layout: records, read buffer 0, read buffer 1, copy area (blocks from elsewhere: streams, joined lines)
const REC_BYTES = MAX_RECORDS * RECORD_INTS * 4;
const READ0 = REC_BYTES;
const READ1 = READ0 + READ_CHUNK + PAD;
const COPY = READ1 + READ_CHUNK + PAD;
const COPY_CAP = 4 << 20;
/** Largest block (complete lines handed over at once) the classifier takes: 1 GiB. */
export const MAX_BLOCK = 1 << 30;

/** The WebAssembly API of Node (not in this project's TypeScript libs, which leave out the DOM). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null = null;

const pool: LineScanner[] = [];
/**
 * A scanner for one file at a time (reused: each holds ~14 MB — records, two read buffers, the copy area). Give it
 * back with releaseScanner().
 */
export function acquireScanner(): LineScanner {
  return pool.pop() ?? new LineScanner();
}
export function releaseScanner(s: LineScanner): void {
  if (pool.length < 2) pool.push(s);
}

/**
 * One instance of the classifier with its own memory (one per file: files can be read side by side). Its memory
 * never grows (views of it stay valid), so a block bigger than the copy area goes to a second, growable instance.
 */
export class LineScanner {
  private readonly ex: LineScanExports;
  private u8: Uint8Array;
  /** The records of the last next() call. */
  records: Int32Array;
  private big: LineScanner | null = null;
  /** The instance that holds the current block (this one or `big`). */
  private cur: LineScanner = this;
  private pos = 0;
  private end = 0;
  private passed = 0;

  /** `copyCap`: bytes of the copy area (the growable overflow instance sizes its own). */
  constructor(private readonly copyCap = COPY_CAP) {
    compiled ??= new Wasm.Module(Buffer.from(LINESCAN_WASM, 'base64'));
    this.ex = new Wasm.Instance(compiled, {}).exports as unknown as LineScanExports;
    const mem = this.ex.memory;
    const need = COPY + copyCap + PAD;
    if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
    this.u8 = new Uint8Array(mem.buffer);
    this.records = new Int32Array(mem.buffer, 0, MAX_RECORDS * RECORD_INTS);
  }

  /** Two READ_CHUNK-byte buffers in this scanner's memory: a block read into one is scanned where it lies. */
  readBuffers(): [Buffer, Buffer] {
    const b = this.ex.memory.buffer;
    return [Buffer.from(b, READ0, READ_CHUNK), Buffer.from(b, READ1, READ_CHUNK)];
  }

  /**
   * Makes buf[start, end) the block to classify: in place when it lies in one of the read buffers (it then ends just
   * after a newline or is followed by readable bytes), else copied. Returns the offset to add to record positions
   * to get positions in `buf`.
   */
  load(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (buf.buffer === this.ex.memory.buffer && buf.byteOffset >= READ0 && buf.byteOffset + end <= COPY) {
      this.cur = this;
      this.pos = buf.byteOffset + start;
      this.end = buf.byteOffset + end;
      return -buf.byteOffset;
    }
    if (len > this.copyCap) {
      this.big ??= new LineScanner(0);
      this.cur = this.big;
      return this.big.loadCopy(buf, start, end);
    }
    this.cur = this;
    return this.loadCopy(buf, start, end);
  }

  private loadCopy(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    // record positions are 32-bit, and WebAssembly memory stops at 4 GiB
    if (len > MAX_BLOCK) {
      throw new Error(
        `a single chunk of ${len} bytes is more than the ${MAX_BLOCK} a log block may have: ` + 'give the input as a file, or stream it in smaller chunks',
      );
    }
    if (this.u8.length < COPY + len + PAD) {
      // only the overflow instance (copyCap 0) grows; growing replaces the memory's ArrayBuffer
      const mem = this.ex.memory;
      mem.grow(Math.ceil((COPY + len + PAD - mem.buffer.byteLength) / 65536));
      this.u8 = new Uint8Array(mem.buffer);
      this.records = new Int32Array(mem.buffer, 0, MAX_RECORDS * RECORD_INTS);
    }
    const u8 = this.u8;
    u8.set(buf.subarray(start, end), COPY);
    u8.fill(0, COPY + len, COPY + len + PAD);
    this.pos = COPY;
    this.end = COPY + len;
    return start - COPY;
  }

  /**
   * Classifies the next lines of the loaded block: returns the number of records written to `records`, or -1 when
   * the block is done. `lines` is then the number of lines these records span.
   */
  next(maxLine: number, mta = false): number {
    const c = this.cur;
    if (c === this) return this.nextHere(maxLine, mta);
    const n = c.nextHere(maxLine, mta);
    this.passed = c.passed;
    if (n < 0) this.release();
    return n;
  }

  /** next() for a Postfix/Exim/Sendmail block: K_LONG and K_CANDIDATE records. */
  nextMta(maxLine: number): number {
    return this.next(maxLine, true);
  }

  private nextHere(maxLine: number, mta: boolean): number {
    if (this.pos >= this.end) return -1;
    const n = this.ex.scan(this.pos, this.end, maxLine, 0, MAX_RECORDS, mta ? 1 : 0);
    this.pos = this.ex.stoppedAt();
    this.passed = this.ex.lines();
    return n;
  }

  /**
   * At the end of a block in the overflow instance: one that grew past 64 MiB (a stream that handed over one giant
   * chunk) is let go, so that its memory (WebAssembly memory never shrinks) is not kept by the pool.
   */
  private release(): void {
    if (this.big && this.big.u8.length > 64 << 20) this.big = null;
    this.cur = this;
  }

  /** The records of the last next() call (in the instance that holds the block). */
  get current(): Int32Array {
    return this.cur.records;
  }

  /** Lines the last next() call passed over. */
  get lines(): number {
    return this.passed;
  }
}
