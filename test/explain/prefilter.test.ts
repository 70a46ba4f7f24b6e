// The explain prefilter (a pattern runs only when its phrases are in the text) never skips a pattern that would match.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { EXPLAIN_SIGNATURES, literalsOf, oneLineSource, phrase, sourceLiterals } from '../../src/explain/signatures.js';
import { normalize } from '../../src/explain/normalize.js';

const squeeze = (s: string): string => s.replace(/[ \n]/g, '');
const patterns = EXPLAIN_SIGNATURES.flatMap((s) => s.patterns.map((p) => ({ id: s.id, re: p.re })));
const samples = EXPLAIN_SIGNATURES.flatMap((s) => s.samples);

describe('explain prefilter: literalsOf', () => {
  it('most patterns have literals (else the prefilter does nothing)', () => {
    const withLits = patterns.filter((p) => literalsOf(p.re).length > 0).length;
    // Patterns written as bare RegExps get the literal runs of their source; only a few have none and always run.
    expect(withLits).toBeGreaterThan(patterns.length * 0.95);
  });

  it('sourceLiterals: only what every match must contain, none when unsure', () => {
    expect(sourceLiterals(/(?<!\()gnutls_handshake(?:\(\))?[ \n]?failed/.source)).toEqual(['gnutls_handshake', 'failed']);
    expect(sourceLiterals(/error:(?:14[0-9a-f]{3}|0a000)0c1(?![0-9a-f])/.source)).toEqual(['error', '0c1']);
    expect(sourceLiterals(/abc|defg/.source)).toEqual([]); // either side may match
    expect(sourceLiterals(/<=[^\n]{1,400}?x=/.source)).toEqual([]); // quantifier digits are not text
    expect(sourceLiterals(/abcd?efg*hij+klm/.source)).toEqual(['abc', 'hij', 'klm']); // d, g optional; j+ ends a run
    expect(sourceLiterals(/\x41bcd\u0041efgh/.source)).toEqual([]); // hex digits of an escape are not text
    expect(sourceLiterals('(?<name>x)\\k<name>abcd')).toEqual([]); // a named back-reference
    expect(sourceLiterals(/[abc]defg.hij\dxyz/.source)).toEqual(['defg', 'hij', 'xyz']);
    for (const [re, text] of [
      [/(?<!\()gnutls_handshake(?:\(\))?[ \n]?failed/, 'gnutls_handshake() failed'],
      [/abcd?efg*hij+klm/, 'abcefhijjjklm'],
      [/[abc]defg.hij\dxyz/, 'bdefg-hij7xyz'],
    ] as const) {
      expect(re.test(text)).toBe(true);
      for (const l of sourceLiterals(re.source)) expect(text).toContain(l);
    }
  });

  it('every pattern that matches a sample (any signature) has all its literals in the squeezed text', () => {
    let matched = 0;
    for (const sample of samples) {
      const text = normalize(sample).text;
      for (const p of patterns) {
        if (!new RegExp(p.re.source, 'g').test(text)) continue;
        matched++;
        for (const l of literalsOf(p.re)) expect(squeeze(text), `${p.id}: ${l}`).toContain(l);
      }
    }
    expect(matched).toBeGreaterThanOrEqual(samples.length);
  });

  it('a phrase still matches when spaces vanish or become line breaks and words are cut by line breaks', () => {
    const phrases = ['tls negotiation failed with error socketerror', '451 5.7.3 starttls is required to send mail', 'a fatal alert was received'];
    fc.assert(
      fc.property(fc.constantFrom(...phrases), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 60, maxLength: 60 }), (text, cuts) => {
        let mangled = '';
        [...text].forEach((ch, i) => {
          const c = cuts[i] ?? 0;
          if (ch === ' ') mangled += c === 0 ? '' : c === 1 ? '\n' : ' ';
          else mangled += ch + (c === 3 && i + 1 < text.length && text[i + 1] !== ' ' ? '\n' : '');
        });
        expect(new RegExp(phrase(text)).test(mangled)).toBe(true);
        expect(squeeze(mangled)).toContain(squeeze(text));
      }),
    );
  });
});

describe('explain on a one-line text: the patterns without their optional line breaks', () => {
  /** Every match of `source` on `text`: place, text and each group's place (what explain reads of a match). */
  const matches = (source: string, text: string): unknown[] => {
    const re = new RegExp(source, 'gd');
    const out: unknown[] = [];
    for (let m = re.exec(text), n = 0; m !== null && n < 50; m = re.exec(text), n++) {
      out.push([m.index, m[0], m.indices ? [...m.indices] : null]);
      if (m[0].length === 0) re.lastIndex++;
    }
    return out;
  };
  // the real error texts (test/fixtures/real/ndr/corpus.jsonl) and every signature's samples, each as one line
  const corpus = readFileSync(new URL('../fixtures/real/ndr/corpus.jsonl', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { text: string }).text);
  const texts = [...corpus, ...samples].map((t) => normalize(t).text.replace(/\n/g, ' '));

  it('drops only `\\n?` outside character classes, keeps an escaped backslash and a further quantifier', () => {
    expect(oneLineSource('s\\n?t\\n?a[ \\n]?b[\\n?]c\\\\n?d\\n??e\\n?+f\\n?{2}g')).toBe('sta[ \\n]?b[\\n?]c\\\\n?d\\n??e\\n?+f\\n?{2}g');
    expect(oneLineSource(phrase('starttls is required'))).not.toContain('\\n?');
  });

  it('every pattern finds the same matches, places and groups on every real text and sample', () => {
    let hits = 0;
    for (const text of texts) {
      expect(text).not.toContain('\n');
      for (const p of patterns) {
        const full = matches(p.re.source, text);
        hits += full.length;
        expect(matches(oneLineSource(p.re.source), text), `${p.id} on ${text.slice(0, 80)}`).toEqual(full);
      }
    }
    expect(hits).toBeGreaterThan(texts.length / 2); // the texts do match: the comparison is not of empty lists
  });
});
