// What the CLI's start-up defers to first use (the merged catalogue, explain's signatures) still behaves as the eager
// values did: the same contents, read-only, and a key defined twice still throws (on the first lookup).
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/findings/catalog.js';
import { EXPLAIN_SIGNATURES, explainSignatures } from '../../src/explain/signatures.js';
import { CATALOG, UI } from '../../src/cli/catalog.js';

const t = (en: string) => ({ en, nl: en });
const entry = (en: string) => ({ severity: 'info' as const, title: t(en), message: t(en), cause: t(en), fix: t(en) });

describe('the catalogue, merged on first use', () => {
  it('a key defined twice throws on the first lookup, naming the second table', () => {
    const c = catalogue({ name: 'one', findings: {}, ui: { 'x.a': t('A') } }, { name: 'two', findings: {}, ui: { 'x.a': t('B') } });
    expect(() => c.text('x.a')).toThrow('message key "x.a" is defined twice (second time in two)');
    expect(() => Object.keys(c.UI)).toThrow(/defined twice/);
    const f = catalogue({ name: 'one', findings: { 'x.f': entry('F') }, ui: {} }, { name: 'two', findings: { 'x.f': entry('G') }, ui: {} });
    expect(() => f.entry('x.f')).toThrow(/defined twice/);
    expect(() => 'x.f' in f.CATALOG).toThrow(/defined twice/);
  });

  it('CATALOG and UI read as plain records (keys, in, entries) and cannot be changed', () => {
    const c = catalogue({ name: 'one', findings: { 'x.f': entry('F') }, ui: { 'x.a': t('A') } }, { name: 'two', findings: {}, ui: { 'x.b': t('B') } });
    expect(Object.keys(c.UI)).toEqual(['x.a', 'x.b']);
    expect('x.b' in c.UI && !('x.c' in c.UI)).toBe(true);
    expect(c.UI['x.a']).toEqual(t('A'));
    expect(Object.entries(c.CATALOG)).toEqual([['x.f', entry('F')]]);
    expect({ ...c.UI }).toEqual({ 'x.a': t('A'), 'x.b': t('B') });
    expect(() => {
      (c.UI as Record<string, unknown>)['x.c'] = t('C');
    }).toThrow(TypeError);
    expect(() => {
      delete (c.UI as Record<string, unknown>)['x.a'];
    }).toThrow(TypeError);
    expect(c.text('x.b')).toBe('B');
  });

  it("the CLI's catalogue: every finding and UI string, no key twice", () => {
    expect(Object.keys(CATALOG).length).toBeGreaterThan(200);
    expect(Object.keys(UI).length).toBeGreaterThan(500);
    expect(CATALOG['sig.starttls-required']?.severity).toBe('error');
  });
});

describe("explain's signatures, built on first use", () => {
  it('EXPLAIN_SIGNATURES is the same array as explainSignatures(), read-only', () => {
    const sigs = explainSignatures();
    expect(sigs.length).toBeGreaterThan(50);
    expect(explainSignatures()).toBe(sigs); // built once
    expect(Array.isArray(EXPLAIN_SIGNATURES)).toBe(true);
    expect(EXPLAIN_SIGNATURES.length).toBe(sigs.length);
    expect([...EXPLAIN_SIGNATURES]).toEqual([...sigs]);
    expect(EXPLAIN_SIGNATURES.map((s) => s.id)).toEqual(sigs.map((s) => s.id));
    expect(EXPLAIN_SIGNATURES[0]).toBe(sigs[0]);
    expect(Object.keys(EXPLAIN_SIGNATURES)).toEqual(Object.keys(sigs));
    expect(() => {
      (EXPLAIN_SIGNATURES as unknown as unknown[])[0] = null;
    }).toThrow(TypeError);
    expect(sigs[0]).not.toBeNull();
  });
});
