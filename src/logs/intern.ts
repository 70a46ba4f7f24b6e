// One string per distinct byte range that repeats in logs (peer IPs, host names, connectors), found by a hash.
//
// Sessions of the same peer give the same IP, name and connector again and again; handing back the string object
// made the first time saves the allocation, and Map lookups and comparisons of it later are cheap (V8 keeps the hash
// in the string, equal objects compare by pointer). Bounded: beyond `max` distinct texts new ones are not kept.
import { latin1 } from './reader.js';

interface Entry {
  raw: string;
  value: string;
  id: number;
}

export class Interner {
  private readonly map = new Map<number, Entry>();
  /**
   * The id of the value the last get()/hashed() returned: 1, 2, … one per text kept (the same bytes, the same id, so
   * callers can key on small integers instead of strings), or -1 for a value that was not kept (beyond `max`, or a
   * text whose hash another text holds).
   */
  id = -1;

  /** `decode` turns the latin1 text into the value kept (e.g. UTF-8 decoding); identity by default. */
  constructor(
    private readonly decode: (raw: string) => string = (s) => s,
    private readonly max = 1 << 16,
  ) {}

  /** The value for buf[start, end). */
  get(buf: Buffer, start: number, end: number): string {
    let h = 0x811c9dc5 ^ (end - start);
    for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
    return this.hashed(buf, start, end, h & 0x3fffffff);
  }

  /** The value for buf[start, end) whose hash (a small non-negative integer, any function of the bytes) is `h`. */
  hashed(buf: Buffer, start: number, end: number, h: number): string {
    const n = end - start;
    const e = this.map.get(h);
    if (e !== undefined && e.raw.length === n) {
      const raw = e.raw;
      let i = 0;
      while (i < n && raw.charCodeAt(i) === buf[start + i]) i++;
      if (i === n) {
        this.id = e.id;
        return e.value;
      }
    }
    const raw = latin1(buf, start, end);
    const value = this.decode(raw);
    if (e === undefined && this.map.size < this.max) {
      const id = this.map.size + 1;
      this.map.set(h, { raw, value, id });
      this.id = id;
    } else this.id = -1;
    return value;
  }
}
