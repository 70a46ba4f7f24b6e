// One string per distinct byte range that repeats in logs (peer IPs, host names, connectors), found by a hash.
//
// Sessions of the same peer give the same IP, name and connector again and again; handing back the string object
// made the first time saves the allocation, and Map lookups and comparisons of it later are cheap (V8 keeps the hash
// in the string, equal objects compare by pointer). Each text kept also gets a small integer id, so that callers can
// key on integers instead of strings and fetch the string only when they need it. The index is typed arrays (open
// addressing over the hashes, texts of up to 16 bytes in their slot, all texts in one byte arena): a look-up of an
// address touches one slot, no Map and no per-text object. Bounded: beyond `max` distinct texts, ARENA_MAX bytes of
// them, or a full probe run, new ones are not kept.
import { latin1 } from './reader.js';

/** Most bytes of text kept by one interner. */
const ARENA_MAX = 16 << 20;
/** Longest probe for a free slot (a log whose texts share hash slots gets fresh strings, not a slow index). */
const MAX_PROBE = 8;
/** Ints per slot: hash + 1 (0: empty), id, length, arena offset, then up to 16 bytes of the text (4 per int). */
const SLOT = 8;
/** Texts up to this long are compared in their slot. */
const INLINE = 16;

export class Interner {
  private slots: Int32Array;
  private mask: number;
  private arena = new Uint8Array(1 << 10);
  private used = 0;
  /** Arena offset and length of each id. */
  private byId = new Int32Array(2 << 6);
  /** The values by id (index 0 unused). */
  private readonly values: string[] = [''];
  /**
   * The id of the value the last get()/hashed()/find() looked up: 1, 2, … one per text kept (an id always stands for
   * the same text; a text is found again by the same id unless a grow() found no slot for it), or -1 for a value that
   * was not kept (beyond the bounds, or crowded out of its slot run).
   */
  id = -1;
  /** The value of the last find() that returned -1 (not kept). */
  last = '';

  /**
   * `decode` turns the latin1 text into the value kept (e.g. UTF-8 decoding); identity by default. `slots`: the slots
   * to start with, a power of two (a table that will hold many texts is not grown and rehashed step by step; untouched
   * slots cost no memory until used).
   */
  constructor(
    private readonly decode: (raw: string) => string = (s) => s,
    private readonly max = 1 << 16,
    slots = 1 << 6,
  ) {
    this.slots = new Int32Array(SLOT * slots);
    this.mask = slots - 1;
  }

  /** The value for buf[start, end). */
  get(buf: Buffer, start: number, end: number): string {
    let h = 0x811c9dc5 ^ (end - start);
    for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
    return this.hashed(buf, start, end, h & 0x3fffffff);
  }

  /** The value for buf[start, end) whose hash (a small non-negative integer, any function of the bytes) is `h`. */
  hashed(buf: Buffer, start: number, end: number, h: number): string {
    const id = this.find(buf, start, end, h);
    return id > 0 ? (this.values[id] as string) : this.last;
  }

  /** The value of id `id` (>= 1). */
  value(id: number): string {
    return this.values[id] as string;
  }

  /** Arena offset of the text of id `id` (for equals()). */
  offset(id: number): number {
    return this.byId[id * 2] as number;
  }

  /** Length of the text of id `id`. */
  length(id: number): number {
    return this.byId[id * 2 + 1] as number;
  }

  /** True when buf[start, end) are the `len` bytes at arena offset `off` (a text kept: see offset(), length()). */
  equals(off: number, len: number, buf: Uint8Array, start: number, end: number): boolean {
    if (end - start !== len) return false;
    const a = this.arena;
    for (let j = 0; j < len; j++) if (a[off + j] !== buf[start + j]) return false;
    return true;
  }

  /**
   * The id of buf[start, end) whose hash is `h` (see hashed()): found, or kept now; -1 when not kept (its value is
   * then in `last`). Also sets `id`.
   */
  find(buf: Buffer, start: number, end: number, h: number): number {
    const n = end - start;
    const s = this.slots;
    const key = h + 1;
    let i = h & this.mask;
    for (let k = 0; k < MAX_PROBE; k++) {
      const o = i * SLOT;
      let sh = s[o] as number;
      if (sh === 0) {
        // a free slot: the text is kept here (when within the bounds) and then found in it as below, so that the
        // comparison runs from the first texts on (compiled code has no untried step to be thrown away at)
        if (!this.keep(buf, start, end, key, o)) return (this.id = -1);
        sh = key;
      }
      if (sh === key && s[o + 2] === n) {
        let j = 0;
        if (n <= INLINE) {
          while (j < n && (((s[o + 4 + (j >> 2)] as number) >>> ((j & 3) << 3)) & 255) === buf[start + j]) j++;
        } else if (this.equals(s[o + 3] as number, n, buf, start, end)) j = n; // (equals() warmed here for its callers)
        if (j === n) return (this.id = s[o + 1] as number);
      }
      i = (i + 1) & this.mask;
    }
    this.last = this.decode(latin1(buf, start, end));
    return (this.id = -1);
  }

  /**
   * Keeps buf[start, end) in the free slot at `o` of the current slots (then grows the slots when they are half full:
   * the old array, still holding the text at `o`, stays valid for the caller's check). False, with the value in
   * `last`, when the bounds say no.
   */
  private keep(buf: Buffer, start: number, end: number, key: number, free: number): boolean {
    const n = end - start;
    const value = this.decode(latin1(buf, start, end));
    if (this.values.length > this.max || this.used + n > ARENA_MAX) {
      this.last = value;
      return false;
    }
    if (this.used + n > this.arena.length) {
      const grown = new Uint8Array(Math.min(ARENA_MAX, Math.max(this.arena.length * 2, this.used + n)));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    const arena = this.arena;
    for (let j = 0; j < n; j++) arena[this.used + j] = buf[start + j] as number;
    const id = this.values.length;
    this.values.push(value);
    if (id * 2 + 2 > this.byId.length) {
      const grown = new Int32Array(this.byId.length * 2);
      grown.set(this.byId);
      this.byId = grown;
    }
    this.byId[id * 2] = this.used;
    this.byId[id * 2 + 1] = n;
    const s = this.slots;
    s[free] = key;
    s[free + 1] = id;
    s[free + 2] = n;
    s[free + 3] = this.used;
    if (n <= INLINE) {
      s[free + 4] = s[free + 5] = s[free + 6] = s[free + 7] = 0;
      for (let j = 0; j < n; j++) s[free + 4 + (j >> 2)] = (s[free + 4 + (j >> 2)] as number) | ((buf[start + j] as number) << ((j & 3) << 3));
    }
    this.used += n;
    if (id * 2 > this.mask) this.grow();
    return true;
  }

  /** Twice the slots, every kept text placed again by its hash (a text that finds no free slot is dropped). */
  private grow(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    const s = this.slots;
    for (let o = 0; o < old.length; o += SLOT) {
      const key = old[o] as number;
      if (key === 0) continue;
      let i = (key - 1) & this.mask;
      for (let k = 0; k < MAX_PROBE; k++) {
        const p = i * SLOT;
        if (s[p] === 0) {
          for (let j = 0; j < SLOT; j++) s[p + j] = old[o + j] as number;
          break;
        }
        i = (i + 1) & this.mask;
      }
    }
  }
}
