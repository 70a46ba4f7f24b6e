// Loads the WebAssembly line classifier (wasm/linescan.ts) and runs it over blocks of an Exchange protocol log.
import { LINESCAN_WASM } from './linescan-wasm.js';

interface LineScanExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  scan(start: number, end: number, maxLine: number, out: number, maxRecords: number): number;
  stoppedAt(): number;
  lines(): number;
}

/**
 * Record layout (Int32 each): kind, line index, ls, le, next line start, c1, c2, localEnd, remoteEnd, session id high
 * and low 32 bits, 1 when the session id has lower-case hex digits, a hash of data and context of `*` lines.
 */
export const RECORD_INTS = 13;
/** A line longer than the cap. */
export const K_LONG = 8;
const MAX_RECORDS = 1 << 15;
/** Input starts after the record area; positions in records are memory offsets. */
const IN = MAX_RECORDS * RECORD_INTS * 4;
/** Zeroed bytes after the input: the scanner reads up to 16 bytes past a line in 16-byte loads. */
const PAD = 64;

/** The WebAssembly API of Node (not in this project's TypeScript libs, which leave out the DOM). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | null = null;

/** One instance of the classifier with its own memory (one per parser: parsers can run side by side). */
export class LineScanner {
  private readonly ex: LineScanExports;
  private u8: Uint8Array;
  /** The records of the last scan() call. */
  records: Int32Array;
  private len = 0;
  private pos = IN;
  private passed = 0;

  constructor() {
    compiled ??= new Wasm.Module(Buffer.from(LINESCAN_WASM, 'base64'));
    this.ex = new Wasm.Instance(compiled, {}).exports as unknown as LineScanExports;
    this.u8 = this.records = new Int32Array(0) as unknown as Uint8Array & Int32Array;
    this.reserve(IN + (4 << 20) + PAD);
  }

  /** Grows memory to at least `bytes` and renews the views of it. */
  private reserve(bytes: number): void {
    const mem = this.ex.memory;
    if (mem.buffer.byteLength < bytes) mem.grow(Math.ceil((bytes - mem.buffer.byteLength) / 65536));
    this.u8 = new Uint8Array(mem.buffer);
    this.records = new Int32Array(mem.buffer, 0, MAX_RECORDS * RECORD_INTS);
  }

  /** Copies buf[start, end) in (growing memory when needed); positions in records are then `start - IN` off. */
  load(buf: Uint8Array, start: number, end: number): number {
    const len = end - start;
    if (this.u8.length < IN + len + PAD) this.reserve(IN + len + PAD);
    this.u8.set(buf.subarray(start, end), IN);
    this.u8.fill(0, IN + len, IN + len + PAD);
    this.len = len;
    this.pos = IN;
    return start - IN;
  }

  /**
   * Classifies the next lines of the loaded block: returns the number of records written to `records`, or -1 when
   * the block is done. `passed` is then the number of lines these records span.
   */
  next(maxLine: number): number {
    if (this.pos >= IN + this.len) return -1;
    const n = this.ex.scan(this.pos, IN + this.len, maxLine, 0, MAX_RECORDS);
    this.pos = this.ex.stoppedAt();
    this.passed = this.ex.lines();
    return n;
  }

  /** Lines the last next() call passed over. */
  get lines(): number {
    return this.passed;
  }
}
