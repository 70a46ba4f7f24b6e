// The interner hands back one string per distinct byte range with a stable id, stays right when texts share a hash
// (a log can be made to), and keeps no more than it is allowed to.
import { describe, expect, it } from 'vitest';
import { Interner } from '../../src/logs/intern.js';

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
