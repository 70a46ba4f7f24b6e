// Loads the WebAssembly line classifier (wasm/linescan.ts) and runs it over blocks of an Exchange protocol log.
import { LINESCAN_WASM } from './linescan-wasm.js';

interface LineScanExports {
  memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  scan(start: number, end: number, maxLine: number, out: number, maxRecords: number, mta: number): number;
  fastSize(...limits: number[]): number;
  fastBegin(base: number, seed: number, ...limits: number[]): void;
  fastLeave(out: number): number;
  fastEnd(out: number): number;
  fastMode(): number;
  openSessions(): number;
  tlsStatus(id: number, status: number): void;
  fastCounting(on: number, since: number, until: number): void;
  fastBudget(n: number): void;
  fastClaims(): number;
  fastClaimList(): number;
  fastIpRecords(): number;
  fastSeries(): number;
  fastDayList(): number;
  fastDays(): number;
  fastCounted(): number;
  fastDropped(): number;
  fastClear(): void;
  fastMark(id: number): number;
  fastMarkedList(): number;
  fastRowLayout(...layout: number[]): number;
  fastRowCodes(): number;
  fastRowArea(): number;
  fastRowCount(): number;
  fastRowBatch(): number;
  fastRowIds(): number;
  fastRowTotals(): number;
  fastRowList(): number;
  fastRowListed(): number;
  fastRows(from: number): number;
  fastDesc(): number;
  fastCount(t: number): number;
  fastLayoutOf(i: number): number;
  fastLookupArea(): number;
  fastLookup(t: number, n: number): number;
  stoppedAt(): number;
  lines(): number;
  plainLines(): number;
}

/**
 * Record layout (Int32 each): kind, line index, ls, le, next line start, c1, c2, localEnd, remoteEnd, session id high
 * and low 32 bits, 1 when the session id has lower-case hex digits, a hash of data and context of `*` lines; for `+`
 * lines connector hash, remote host start, end and hash, then the day (yyyymmdd) and millisecond of the day of the time
 * stamp when it has Exchange's own form (else 0, 0); for EHLO lines name start, end and hash; then in session mode
 * the line's session handle (-1: none), 1/2 when the parser is to open that session from this `+` / other line, and
 * the id of a TLS text first seen on the line (-1: none) (wasm/linescan.ts).
 */
export const RECORD_INTS = 24;
/**
 * Session mode's records (wasm/linescan.ts, fastLine()): ints kind, line, handle, day (yyyymmdd), millisecond of the
 * day, IP id, name id (0: none), connector id, TLS text id (-1: none), 1 when the parser holds the session, session
 * id high and low. C_SESSION: a session of the scanner's table ended; C_FINISH: the parser's session of that handle
 * ended; C_PROMOTE: the session goes to the parser; C_ADOPT: session mode ended, the session goes to the parser's own
 * table (in start order). The texts of the ids: LineScanner.text().
 */
export const C_SESSION = 16,
  C_FINISH = 17,
  C_PROMOTE = 18,
  C_ADOPT = 19;
/** Session mode's interners (LineScanner.text()). */
export const T_IP = 0,
  T_NAME = 1,
  T_CONN = 2;
/** Limits of session mode: open sessions, IPs, their bytes, names, bytes, connectors, bytes, TLS texts, bytes. */
export type FastLimits = [number, number, number, number, number, number, number, number, number];
/**
 * The open sessions: the scanner closes the oldest beyond 50,000 (MAX_OPEN in wasm/linescan.ts), as the parser does.
 * The whole memory of a scanner stays under 60 MiB (a test holds it): V8 counts it as external memory, and from 64 MiB
 * of that it collects garbage at once (~3.5 ms of every start). A table that fills up ends session mode for the file:
 * the parser reads the rest, with the same answers.
 */
const FAST_LIMITS: FastLimits = [50_048, 1 << 17, 4 << 20, 1 << 17, 5 << 20, 1024, 256 << 10, 512, 512 << 10];
let fastLimits: FastLimits = FAST_LIMITS;
/** Most texts one of session mode's interners can keep (wasm/linescan.ts I_ID_BITS). */
const MAX_TEXTS = (1 << 18) - 1;
/**
 * For tests: smaller session-mode tables (null: the defaults; a pool of 0 sessions turns session mode off), for
 * scanners made from now on (the pool is emptied).
 */
export function setFastLimits(l: FastLimits | null): void {
  // (the records area has room for as many sessions ending at once as the default pool holds)
  if (l && !(l[0] <= FAST_LIMITS[0])) throw new RangeError(`session mode: at most ${FAST_LIMITS[0]} open sessions`);
  // (an index slot keeps a text's id in 18 bits: wasm/linescan.ts I_ID_BITS)
  if (l && ![l[1], l[3], l[5], l[7]].every((n) => n <= MAX_TEXTS)) throw new RangeError(`session mode: at most ${MAX_TEXTS} texts an interner`);
  fastLimits = l ?? FAST_LIMITS;
  pool.length = 0;
}
let counting = true;
/** For tests: session mode without counting in peer slots (every usual session a C_SESSION record), or with (default). */
export function setFastCounting(on: boolean): void {
  counting = on;
}
/** A claimed IP's peer slot (wasm/linescan.ts count()): the key of the sessions counted in it, their number and starts. */
export interface ClaimSlot {
  name: number;
  conn: number;
  /** TLS text id (0: none). */
  tls: number;
  n: number;
  first: number;
  last: number;
}
/** The per-day counts of the counted sessions (copies) and the counters, since the claims were last cleared. */
export interface ClaimSeries {
  days: Int32Array;
  /** days.length rows of `width` counts, by TLS text id. */
  series: Int32Array;
  width: number;
  counted: number;
  dropped: number;
}
/**
 * A row layout lazyRows() writes (the aggregate's: Aggregate's ROW): numbers a row, the offsets of sessions, TLS
 * sessions, sessions without TLS, failed ones, first and last start, the per-version counts and last starts
 * (`versions` each) and the sessions with a suite.
 */
export interface RowLayout {
  stride: number;
  sess: number;
  tls: number;
  noTls: number;
  fail: number;
  first: number;
  last: number;
  vc: number;
  vl: number;
  suite: number;
  versions: number;
}
/**
 * lazyRows() codes, by TLS text id: a version index, or ROW_NONE (no TLS) or ROW_FAILED; or-ed with ROW_SUITE when its
 * sessions name a suite, with ROW_LISTED when its rows are to be listed (LazyRowsOut.listed).
 */
export const ROW_SUITE = 0x100,
  ROW_LISTED = 0x200,
  ROW_NONE = 0x400,
  ROW_FAILED = 0x800;
/** What lazyRows() wrote besides the rows: their sessions by TLS text id, and the rows of a listed code, in order. */
export interface LazyRowsOut {
  rows: number;
  sessions: Float64Array;
  listed: Int32Array;
}
/** The ids of the claims lazyRows() wrote as rows, row by row. */
export interface RowIds {
  ip: Int32Array;
  name: Int32Array;
  conn: Int32Array;
  tls: Int32Array;
}
/** Texts of a scanner's interner by index (LineScanner.keep()). */
export class KeptTexts {
  private bytes: Buffer | null = null;
  private off: Int32Array | null = null;
  constructor(
    private scanner: LineScanner | null,
    private readonly t: number,
    private readonly ids: Int32Array,
    private readonly k: number,
  ) {}

  /** Text i (Latin-1). */
  text(i: number): string {
    const b = this.bytes;
    if (b) {
      const off = this.off as Int32Array;
      return b.toString('latin1', off[i] as number, off[i + 1] as number);
    }
    return (this.scanner as LineScanner).text(this.t, this.ids[i] as number);
  }

  /** Copies the texts out of the scanner (which is about to write over them). */
  detach(): void {
    if (this.bytes || !this.scanner) return;
    const x = this.scanner.texts(this.t, this.ids, this.k);
    this.bytes = x.bytes;
    this.off = x.off;
    this.scanner = null;
  }
}

/** A line longer than the cap. */
export const K_LONG = 8;
/**
 * A Postfix/Exim/Sendmail line that contains a prefilter pattern (record: kind, line index, ls, le without a final CR,
 * next, then the header and smtpd fields, R_…).
 */
export const K_CANDIDATE = 9;
/** A Postfix/Exim/Sendmail line without a pattern that the classifier did not count itself (record as K_CANDIDATE). */
export const K_PLAIN = 10;
/** R_PROG values other than a program table index (-1: a program not in the table yet). */
export const H_OTHER = -2,
  H_EXIM = -3;
/**
 * Ints of K_CANDIDATE / K_PLAIN records (wasm/linescan.ts scanMta()): program table index (-1 a program not in the
 * table, H_OTHER not the usual syslog header, H_EXIM an Exim mainlog line: its pid and message only), program start
 * and end, pid start and end, message start, pid as a number (-1 when over 9 digits or with a leading zero), smtpd
 * shape (R_SHAPE values), then for a shape: name start, `[`, `]`, hash of the name and address, version code | its
 * length << 4, suite end, suite hash.
 */
export const R_PROG = 5,
  R_PROG_START = 6,
  R_PROG_END = 7,
  R_PID = 8,
  R_PID_END = 9,
  R_MSG = 10,
  R_PID_VALUE = 11,
  R_SHAPE = 12,
  R_NAME = 13,
  R_BRACKET = 14,
  R_IP_END = 15,
  R_PEER_HASH = 16,
  R_VERSION = 17,
  R_SUITE_END = 18,
  R_SUITE_HASH = 19;
/** R_SHAPE values: `connect from`, `disconnect from` (with a starttls count above 0), `TLS connection established`. */
export const SHAPE_CONNECT = 1,
  SHAPE_DISCONNECT = 2,
  SHAPE_TLS = 3,
  SHAPE_DISCONNECT_TLS = 4;
/** Size of each of the two file read buffers that live in the scanner's memory (no copy before scanning). */
export const READ_CHUNK = 4 << 20;
const MAX_RECORDS = 1 << 15;
/** Room for the records one line can add in session mode beyond MAX_RECORDS: every open session ending at once. */
const RESERVE = FAST_LIMITS[0] + 16;
/** Most records one batch (a next() call, or fastEnd()) can hand over. */
export const BATCH_RECORDS = MAX_RECORDS + RESERVE;
/**
 * The MTA program table (wasm/linescan.ts scanMta()) lives in the last 64 record slots, which MTA scans leave alone:
 * i32 count, then MTA_PROGS entries of 64 bytes (i32 length, i32 info, up to 56 bytes of the program's name).
 */
const MTA_RECORDS = MAX_RECORDS - 64;
const MTA_TABLE = MTA_RECORDS * RECORD_INTS * 4;
const MTA_PROGS = 16;
/** Readable bytes kept after any input: the scanner reads up to 16 bytes past a line in 16-byte loads. */
const PAD = 64;
// memory layout: records, read buffer 0, read buffer 1, copy area (blocks from elsewhere: streams, joined lines)
const REC_BYTES = (MAX_RECORDS + RESERVE) * RECORD_INTS * 4;
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
  /** The memory as 32-bit ints and as a Buffer (for session mode's texts). */
  private i32: Int32Array;
  private mem: Buffer;
  /** The records of the last next() call. */
  records: Int32Array;
  private big: LineScanner | null = null;
  /** The instance that holds the current block (this one or `big`). */
  private cur: LineScanner = this;
  private pos = 0;
  private end = 0;
  private passed = 0;
  private plain = 0;
  /** Who filled the program table (a parser resets it when it is not its own). */
  mtaOwner: object | null = null;
  /** An Exchange scan wrote records over the program table: it is emptied before the next MTA scan. */
  private mtaDirty = false;

  /** Session-mode limits of this instance (null: the overflow instance, which has no session mode). */
  private readonly limits: FastLimits | null;
  /** The byte layout of the tables session mode's methods read (wasm/linescan.ts fastLayoutOf()). */
  private readonly lay: Int32Array;

  /** `copyCap`: bytes of the copy area (the growable overflow instance sizes its own). */
  constructor(private readonly copyCap = COPY_CAP) {
    compiled ??= new Wasm.Module(Buffer.from(LINESCAN_WASM, 'base64'));
    this.ex = new Wasm.Instance(compiled, {}).exports as unknown as LineScanExports;
    const mem = this.ex.memory;
    this.limits = copyCap === COPY_CAP ? fastLimits : null;
    this.lay = Int32Array.from({ length: 11 }, (_, i) => this.ex.fastLayoutOf(i));
    // (session mode's tables after the copy area: pages the file does not need are never touched)
    const need = COPY + copyCap + PAD + (this.limits ? this.ex.fastSize(...this.limits) : 0);
    if (mem.buffer.byteLength < need) mem.grow(Math.ceil((need - mem.buffer.byteLength) / 65536));
    this.u8 = new Uint8Array(mem.buffer);
    this.i32 = new Int32Array(mem.buffer);
    this.mem = Buffer.from(mem.buffer);
    this.records = new Int32Array(mem.buffer, 0, (MAX_RECORDS + RESERVE) * RECORD_INTS);
  }

  /**
   * Starts session mode for a new Exchange file (wasm/linescan.ts): the scanner keeps the open sessions and hands over
   * one record per usual session. False when this instance has none.
   */
  fastStart(): boolean {
    // the texts kept of the last file are copied out before its tables are written over
    for (const k of this.kept) k.detach();
    this.kept.length = 0;
    if (!this.limits || this.limits[0] === 0) return false;
    this.ex.fastBegin(COPY + this.copyCap + PAD, (Math.random() * 0x7fffffff) | 0, ...this.limits);
    return true;
  }

  /** True while session mode is on (the scanner ends it itself on a line the parser must read in its own way). */
  get fast(): boolean {
    return this.ex.fastMode() !== 0;
  }

  /** Open sessions in session mode. */
  get openSessions(): number {
    return this.ex.openSessions();
  }

  /** Ends session mode: writes the C_ADOPT records of the open sessions to `records`, returns their number. */
  fastLeave(): number {
    return this.ex.fastLeave(0);
  }

  /** End of the file in session mode: the records of every open session ending, in start order. */
  fastEnd(): number {
    return this.ex.fastEnd(0);
  }

  /**
   * Session mode counts usual sessions in their IP's peer slot (wasm/linescan.ts count()) within the window [since,
   * until) (ms), dropping those outside it; off with setFastCounting(false). False when it is off.
   */
  countStart(since: number, until: number): boolean {
    if (!counting || !this.limits) return false;
    this.ex.fastCounting(1, since, until);
    return true;
  }

  /** Claims counting may make until the next call (0 or less: none). */
  budget(n: number): void {
    this.ex.fastBudget(n > 0x7fffffff ? 0x7fffffff : n | 0);
  }

  /** Claims made and not yet read (claims()). */
  get claimCount(): number {
    return this.ex.fastClaims();
  }

  /** The claimed IPs' ids, in claim order (a copy). */
  claimList(): Int32Array {
    const ex = this.ex;
    return new Int32Array(ex.memory.buffer, ex.fastClaimList(), ex.fastClaims()).slice();
  }

  /** Marks claimed IP `id` as one a peer already has: lazyRows() passes its claim. 1 when it newly did. */
  mark(id: number): number {
    return this.ex.fastMark(id);
  }

  /** The IP ids of the claims mark() marked, in claim order. */
  markedClaims(): Int32Array {
    const ex = this.ex;
    const n = ex.fastMarkedList();
    return new Int32Array(ex.memory.buffer, ex.fastRowList(), n).slice();
  }

  /** The peer slot of claimed IP `id`. */
  slot(id: number): ClaimSlot {
    const i32 = this.i32;
    const f64 = new Float64Array(this.ex.memory.buffer);
    const [size, pName, pConn, pTls, pN, pFirst, pLast] = this.lay as unknown as number[];
    const r = this.ex.fastIpRecords() + id * (size as number);
    return {
      name: i32[(r + (pName as number)) >> 2] as number,
      conn: i32[(r + (pConn as number)) >> 2] as number,
      tls: i32[(r + (pTls as number)) >> 2] as number,
      n: i32[(r + (pN as number)) >> 2] as number,
      first: f64[(r + (pFirst as number)) >> 3] as number,
      last: f64[(r + (pLast as number)) >> 3] as number,
    };
  }

  /** Texts session-mode interner `t` holds (ids 1 to this). */
  textCount(t: number): number {
    return this.ex.fastCount(t);
  }

  /** TLS text ids go from 0 (none) to below this. */
  get tlsWidth(): number {
    return this.limits ? this.limits[7] + 1 : 1;
  }

  /**
   * The claims mark() did not mark, in claim order, as rows of `layout` in `dst` (from row 0; every number of a row
   * written), their ids in `ids`: sessions, TLS or not or failed as `codes` (by TLS text id, up to tlsWidth) says,
   * first and last start. Written in WebAssembly (wasm/linescan.ts fastRows()) and copied over a batch at a time.
   */
  lazyRows(layout: RowLayout, codes: Int32Array, dst: Float64Array, ids: RowIds): LazyRowsOut {
    const ex = this.ex;
    const l = layout;
    if (!ex.fastRowLayout(l.stride, l.sess, l.tls, l.noTls, l.fail, l.first, l.last, l.vc, l.vl, l.suite, l.versions) || codes.length > this.tlsWidth) {
      throw new RangeError('lazyRows(): the row layout or the codes do not fit the scanner');
    }
    const b = ex.memory.buffer;
    new Int32Array(b, ex.fastRowCodes(), codes.length).set(codes);
    const area = ex.fastRowArea();
    const batch = ex.fastRowBatch();
    const idArea = ex.fastRowIds();
    const k = ex.fastClaims();
    let at = 0;
    for (let from = 0; from < k; ) {
      from = ex.fastRows(from);
      const n = ex.fastRowCount();
      if (at + n > ids.ip.length) throw new RangeError('lazyRows(): more rows than room for them');
      dst.set(new Float64Array(b, area, n * l.stride), at * l.stride);
      ids.ip.set(new Int32Array(b, idArea, n), at);
      ids.name.set(new Int32Array(b, idArea + batch * 4, n), at);
      ids.conn.set(new Int32Array(b, idArea + batch * 8, n), at);
      ids.tls.set(new Int32Array(b, idArea + batch * 12, n), at);
      at += n;
    }
    if (k === 0) return { rows: 0, sessions: new Float64Array(codes.length), listed: new Int32Array(0) };
    return {
      rows: at,
      sessions: new Float64Array(b, ex.fastRowTotals(), codes.length).slice(),
      listed: new Int32Array(b, ex.fastRowList(), ex.fastRowListed()).slice(),
    };
  }

  /** The per-day counts of the counted sessions and the counters (copies). */
  claimSeries(): ClaimSeries {
    const ex = this.ex;
    const b = ex.memory.buffer;
    const days = new Int32Array(b, ex.fastDayList(), ex.fastDays()).slice();
    const width = this.tlsWidth;
    return { days, series: new Int32Array(b, ex.fastSeries(), days.length * width).slice(), width, counted: ex.fastCounted(), dropped: ex.fastDropped() };
  }

  /** After the claims were read: their slots freed, the per-day counts and counters zeroed. */
  clearClaims(): void {
    this.ex.fastClear();
  }

  /** The bytes of text `id` of session-mode interner `t` (T_IP …; id 0: none), valid while this file is read. */
  private textAt(t: number, id: number): { a: number; n: number; rest: number } {
    if (id <= 0) return { a: 0, n: 0, rest: 0 };
    const i32 = this.i32;
    // (a record: length, arena offset of the bytes after the first 16, hash, the first 16 bytes at 16 — intern() in
    // wasm/linescan.ts)
    const lay = this.lay;
    const d = this.ex.fastDesc() + t * (lay[7] as number);
    const rec = (i32[(d + (lay[8] as number)) >> 2] as number) + id * (i32[(d + (lay[9] as number)) >> 2] as number);
    return { a: rec + 16, n: i32[rec >> 2] as number, rest: i32[(rec + 4) >> 2] as number };
  }

  /** Text `id` of session-mode interner `t` (T_IP, T_NAME: Latin-1; T_CONN: UTF-8), valid while this file is read. */
  text(t: number, id: number): string {
    const { a, n, rest } = this.textAt(t, id);
    const m = this.mem;
    if (t === T_CONN) {
      const b = Buffer.allocUnsafe(n);
      m.copy(b, 0, a, a + Math.min(n, 16));
      if (n > 16) m.copy(b, 16, rest, rest + n - 16);
      return b.toString('utf8');
    }
    if (n <= 16) return m.toString('latin1', a, a + n);
    return m.toString('latin1', a, a + 16) + m.toString('latin1', rest, rest + n - 16);
  }

  /** Texts handed out by keep(), copied out when this scanner starts on another file. */
  private readonly kept: KeptTexts[] = [];

  /**
   * Texts ids[0..k) of interner `t` (T_IP or T_NAME) for after this file: read from this scanner's tables until it
   * starts on another file, which first copies them out (a run of one file never copies them).
   */
  keep(t: number, ids: Int32Array, k: number): KeptTexts {
    const x = new KeptTexts(this, t, ids, k);
    this.kept.push(x);
    return x;
  }

  /**
   * Texts ids[0..k) of interner `t` (T_IP or T_NAME) copied out, one after the other: text i is
   * bytes[off[i], off[i + 1]) (Latin-1).
   */
  texts(t: number, ids: Int32Array, k: number): { bytes: Buffer; off: Int32Array } {
    const off = new Int32Array(k + 1);
    const at = new Int32Array(k);
    const rests = new Int32Array(k);
    let total = 0;
    for (let i = 0; i < k; i++) {
      const x = this.textAt(t, ids[i] as number);
      off[i] = total;
      at[i] = x.a;
      rests[i] = x.rest;
      total += x.n;
    }
    off[k] = total;
    const bytes = Buffer.allocUnsafe(total);
    const u8 = this.u8;
    // (byte by byte: tens of thousands of short texts, where a copy call each costs more than the bytes)
    for (let i = 0; i < k; i++) {
      const o = off[i] as number;
      const n = (off[i + 1] as number) - o;
      const a = at[i] as number;
      const h = Math.min(n, 16);
      for (let j = 0; j < h; j++) bytes[o + j] = u8[a + j] as number;
      const r = rests[i] as number;
      for (let j = 16; j < n; j++) bytes[o + j] = u8[r + j - 16] as number;
    }
    return { bytes, off };
  }

  /** The id of text `s` in session-mode interner `t`, 0 when it has none, -1 when `s` is too long to look up. */
  lookup(t: number, s: string): number {
    if (s.length > (this.lay[10] as number)) return -1;
    // (a text of the interner is bytes read as Latin-1: one with a higher code unit is not there)
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) return 0;
    this.mem.write(s, this.ex.fastLookupArea(), s.length, 'latin1');
    return this.ex.fastLookup(t, s.length);
  }

  /** The parser's reading of TLS text `id`: a success or a failure it read, or a line it could not read. */
  tlsStatus(id: number, reading: 'success' | 'unread' | 'failure'): void {
    this.ex.tlsStatus(id, reading === 'success' ? 1 : reading === 'failure' ? 3 : 2);
  }

  /** True when buf[start, end) lies in one of the read buffers (scanned where it is, whatever its size). */
  inPlace(buf: Uint8Array, end: number): boolean {
    return buf.buffer === this.ex.memory.buffer && buf.byteOffset >= READ0 && buf.byteOffset + end <= COPY;
  }

  /** Largest block load() copies into this instance (a bigger one goes to the overflow instance). */
  get copyLimit(): number {
    return this.copyCap;
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
    if (this.inPlace(buf, end)) {
      this.cur = this;
      this.pos = buf.byteOffset + start;
      this.end = buf.byteOffset + end;
      return -buf.byteOffset;
    }
    if (len > this.copyCap) {
      if (!this.big) {
        this.big = new LineScanner(0);
        // the overflow instance classifies with the same program table
        this.big.u8.set(this.u8.subarray(MTA_TABLE, MTA_TABLE + 16 + MTA_PROGS * 64), MTA_TABLE);
      }
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
      this.i32 = new Int32Array(mem.buffer);
      this.mem = Buffer.from(mem.buffer);
      this.records = new Int32Array(mem.buffer, 0, (MAX_RECORDS + RESERVE) * RECORD_INTS);
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
    if (!mta) {
      this.mtaDirty = true;
      this.mtaOwner = null;
    } else if (this.mtaDirty) {
      this.mtaReset();
      this.mtaDirty = false;
    }
    const c = this.cur;
    if (c === this) return this.nextHere(maxLine, mta);
    const n = c.nextHere(maxLine, mta);
    this.passed = c.passed;
    this.plain = c.plain;
    if (n < 0) this.release();
    return n;
  }

  /** next() for a Postfix/Exim/Sendmail block: K_LONG, K_CANDIDATE and K_PLAIN records. */
  nextMta(maxLine: number): number {
    return this.next(maxLine, true);
  }

  /** Empties the MTA program table. */
  mtaReset(): void {
    this.u8.fill(0, MTA_TABLE, MTA_TABLE + 4);
    if (this.big) this.big.mtaReset();
  }

  /**
   * Adds buf[start, end) to the MTA program table with `info` (kind | smtpd << 8): returns its index, or -1 when the
   * table is full or the name too long (its lines then come as records).
   */
  mtaProg(buf: Uint8Array, start: number, end: number, info: number): number {
    const dv = new DataView(this.ex.memory.buffer);
    const count = dv.getInt32(MTA_TABLE, true);
    const n = end - start;
    if (count >= MTA_PROGS || n > 56) return -1;
    const e = MTA_TABLE + 16 + count * 64;
    dv.setInt32(e, n, true);
    dv.setInt32(e + 4, info, true);
    this.u8.set(buf.subarray(start, end), e + 8);
    dv.setInt32(MTA_TABLE, count + 1, true);
    this.big?.mtaProg(buf, start, end, info);
    return count;
  }

  private nextHere(maxLine: number, mta: boolean): number {
    if (this.pos >= this.end) return -1;
    const n = mta ? this.ex.scan(this.pos, this.end, maxLine, 0, MTA_RECORDS, MTA_TABLE) : this.ex.scan(this.pos, this.end, maxLine, 0, MAX_RECORDS, 0);
    this.pos = this.ex.stoppedAt();
    this.passed = this.ex.lines();
    this.plain = mta ? this.ex.plainLines() : 0;
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

  /** Lines of known Postfix programs without a pattern that the last nextMta() call counted (no record). */
  get plainLines(): number {
    return this.plain;
  }
}
