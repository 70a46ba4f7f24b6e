// The interner hands back one string per distinct byte range with a stable id, stays right when texts share a hash
// (a log can be made to), and keeps no more than it is allowed to; so do session mode's interners in WebAssembly.
import { describe, expect, it } from 'vitest';
import { Interner } from '../../src/logs/intern.js';
import { LINESCAN_WASM } from '../../src/logs/linescan-wasm.js';
import { setFastLimits } from '../../src/logs/linescan.js';

const bytes = (s: string): Buffer => Buffer.from(`,${s},`, 'latin1');
/** Looks `s` up with the hash `h` (the scanner's hashes are any function of the bytes: a constant is one). */
const look = (it: Interner, s: string, h: number): { v: string; id: number } => {
  const b = bytes(s);
  const v = it.hashed(b, 1, 1 + s.length, h);
  return { v, id: it.id };
};

describe('Interner', () => {
  it('the same bytes give the same string object and id; other bytes other ids (short texts in their slot, long ones in the arena)', () => {
    const it = new Interner();
    const texts = ['192.0.2.1', '192.0.2.10', '2001:db8::1:2:3:4:5', 'mail.example.net', 'a-much-longer-host-name.example.org', ''];
    const first = texts.map((t) => it.get(bytes(t), 1, 1 + t.length));
    const ids = texts.map((t) => (it.get(bytes(t), 1, 1 + t.length), it.id));
    expect(new Set(ids).size).toBe(texts.length);
    texts.forEach((t, i) => {
      const again = it.get(bytes(t), 1, 1 + t.length);
      expect(again).toBe(t);
      expect(Object.is(again, first[i])).toBe(true);
      expect(it.id).toBe(ids[i]);
      expect(it.value(ids[i] as number)).toBe(t);
      const off = it.offset(ids[i] as number);
      expect(it.length(ids[i] as number)).toBe(t.length);
      expect(it.equals(off, t.length, bytes(t), 1, 1 + t.length)).toBe(true);
      expect(it.equals(off, t.length, bytes(`${t}x`), 1, 2 + t.length)).toBe(false);
    });
  });

  it('texts that share one hash (and one length) each get their own value; those past the probe run are not kept (id -1)', () => {
    const it = new Interner();
    // 16 texts of 12 bytes with one hash: the same slot run; up to 16 bytes they are compared in the slot
    const texts = Array.from({ length: 16 }, (_, i) => `10.0.0.${String(100 + i)}`.padEnd(12, 'x'));
    const got = texts.map((t) => look(it, t, 12345));
    got.forEach((g, i) => expect(g.v).toBe(texts[i]));
    const kept = got.filter((g) => g.id > 0);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(texts.length);
    expect(got.some((g) => g.id === -1)).toBe(true);
    // again: the same values; kept ones by their ids, never another text's id
    texts.forEach((t, i) => {
      const g = look(it, t, 12345);
      expect(g.v).toBe(t);
      expect(g.id).toBe((got[i] as { id: number }).id);
    });
    // texts that differ only past the 16 bytes kept in the slot, under one hash: the arena bytes tell them apart
    const long = ['host-0000000000000-a.example', 'host-0000000000000-b.example'];
    const l = long.map((t) => look(it, t, 777));
    expect(l.map((x) => x.v)).toEqual(long);
    expect(look(it, long[1] as string, 777).id).toBe((l[1] as { id: number }).id);
    expect((l[0] as { id: number }).id).not.toBe((l[1] as { id: number }).id);
  });

  it('keeps every text across growth, and no more than `max`', () => {
    const it = new Interner((s) => s, 3000);
    const ids: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const t = `198.51.${i >> 8}.${i & 255}`;
      expect(it.get(bytes(t), 1, 1 + t.length)).toBe(t);
      ids.push(it.id);
    }
    expect(ids.filter((x) => x > 0).length).toBe(3000);
    expect(ids.slice(4000).every((x) => x === -1)).toBe(true);
    for (let i = 0; i < 5000; i += 7) {
      const t = `198.51.${i >> 8}.${i & 255}`;
      expect(it.get(bytes(t), 1, 1 + t.length)).toBe(t);
      // a kept text is found again (after the slot table grew) by the same id
      if ((ids[i] as number) > 0) expect(it.id).toBe(ids[i]);
    }
  });

  it('decodes what it keeps (UTF-8 connector names) and compares raw bytes', () => {
    const it = new Interner((raw) => Buffer.from(raw, 'latin1').toString('utf8'));
    const b = Buffer.from(',Empfangsconnector für Münster,', 'utf8');
    const v = it.get(b, 1, b.length - 1);
    expect(v).toBe('Empfangsconnector für Münster');
    const id = it.id;
    expect(it.get(Buffer.from(b), 1, b.length - 1)).toBe(v);
    expect(it.id).toBe(id);
  });
});

/** Session mode's interners (wasm/linescan.ts intern(), grow()) in an instance of their own, hashes chosen here. */
describe('the WebAssembly interners of session mode', () => {
  interface Ex {
    memory: { buffer: ArrayBuffer; grow(pages: number): number };
    fastSize(...limits: number[]): number;
    fastBegin(base: number, seed: number, ...limits: number[]): void;
    fastInternForTest(t: number, a: number, b: number, h: number, add: number): number;
    fastCount(t: number): number;
  }
  const T_IP = 0;
  const Wasm = (
    globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object; Instance: new (m: object, i: object) => { exports: unknown } } }
  ).WebAssembly;
  const make = (ips: number): { ex: Ex; put: (s: string, h: number, add?: boolean) => number } => {
    const ex = new Wasm.Instance(new Wasm.Module(Buffer.from(LINESCAN_WASM, 'base64')), {}).exports as unknown as Ex;
    const limits = [64, ips, ips * 32, 64, 4096, 8, 1024, 8, 4096];
    const text = 1 << 20;
    const base = text + (64 << 10);
    const need = base + ex.fastSize(...limits);
    if (ex.memory.buffer.byteLength < need) ex.memory.grow(Math.ceil((need - ex.memory.buffer.byteLength) / 65536));
    ex.fastBegin(base, 12345, ...limits);
    const put = (s: string, h: number, add = true): number => {
      const u8 = new Uint8Array(ex.memory.buffer);
      u8.fill(0, text, text + 64);
      u8.set(Buffer.from(s, 'latin1'), text);
      return ex.fastInternForTest(T_IP, text, text + s.length, h, add ? 1 : 0);
    };
    return { ex, put };
  };
  const hashOf = (i: number): number => Math.imul(i + 1, 0x9e3779b1) | 0;

  it('keeps every text by its id while the index doubles from 1,024 slots to its full size', () => {
    const { ex, put } = make(20_000);
    const texts = Array.from({ length: 20_000 }, (_, i) => `198.51.${i >> 8}.${i & 255}`);
    const ids = texts.map((t, i) => put(t, hashOf(i)));
    expect(ids).toEqual(texts.map((_, i) => i + 1));
    expect(ex.fastCount(T_IP)).toBe(texts.length);
    // found again after every growth, by id, also without adding; an unknown text is not
    texts.forEach((t, i) => expect(put(t, hashOf(i), false)).toBe(i + 1));
    expect(put('203.0.113.1', hashOf(99_999), false)).toBe(0);
    // full: a new text is not kept (-1), a known one still found
    expect(put('203.0.113.1', hashOf(99_999))).toBe(-1);
    expect(put(texts[12_345] as string, hashOf(12_345))).toBe(12_346);
  });

  it('texts whose slots meet in an index of 1,024 but not of 2,048: the index grows to make room, and keeps them all', () => {
    const { ex, put } = make(5000);
    // murmur3's finaliser, as fmix() in wasm/linescan.ts, over the hash xor the seed make() begins with
    const fmix = (x: number): number => {
      let h = x >>> 0;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b) >>> 0;
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35) >>> 0;
      return (h ^ (h >>> 16)) >>> 0;
    };
    const hs: number[] = [];
    for (let h = 1; hs.length < 24; h++) if ((fmix(h ^ 12345) & 1023) === 77) hs.push(h);
    // they fill the run at slot 77 of 1,024 slots (16 at most) and split between 77 and 1,101 of 2,048
    expect(new Set(hs.map((h) => fmix(h ^ 12345) & 2047)).size).toBe(2);
    const ids = hs.map((h, i) => put(`203.0.113.${i}`, h));
    expect(ids).toEqual(hs.map((_, i) => i + 1));
    expect(ex.fastCount(T_IP)).toBe(hs.length);
    hs.forEach((h, i) => expect(put(`203.0.113.${i}`, h, false)).toBe(i + 1));
  });

  it('limits: an interner keeps at most 2^18 - 1 texts (an index slot holds the id in 18 bits), so larger limits are refused', () => {
    const ok = [64, (1 << 18) - 1, 1 << 20, 1 << 17, 1 << 20, 8, 1024, 8, 4096] as const;
    expect(() => setFastLimits([...ok])).not.toThrow();
    for (const k of [1, 3, 5, 7]) {
      const l = [...ok] as number[];
      l[k] = 1 << 18;
      expect(() => setFastLimits(l as Parameters<typeof setFastLimits>[0])).toThrow(/texts an interner/);
    }
    setFastLimits(null);
  });

  it('texts that share one hash: the index grows to its full size looking for room, then those past the probe run are not kept', () => {
    const { ex, put } = make(5000);
    // some texts of other hashes first, so that growing has texts to put back
    const others = Array.from({ length: 600 }, (_, i) => `10.1.${i >> 8}.${i & 255}`);
    others.forEach((t, i) => expect(put(t, hashOf(i))).toBe(i + 1));
    const same = Array.from({ length: 40 }, (_, i) => `192.0.2.${i}`);
    const got = same.map((t) => put(t, 777));
    const kept = got.filter((id) => id > 0);
    // 16 slots from the one they all start at (fewer when other texts sit in that run), the rest -1
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThanOrEqual(16);
    expect(got.slice(kept.length).every((id) => id === -1)).toBe(true);
    expect(ex.fastCount(T_IP)).toBe(others.length + kept.length);
    // after all that growing, every kept text is found by its id, no text by another's (those not kept: -1, their run is full)
    same.forEach((t, i) => expect(put(t, 777, false)).toBe(got[i]));
    others.forEach((t, i) => expect(put(t, hashOf(i), false)).toBe(i + 1));
  });
});
