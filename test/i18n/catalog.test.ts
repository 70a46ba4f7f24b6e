// Catalogue-wide checks: every message in en and nl with the same placeholders, real Dutch, and every id/key used in src/ defined.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, UI } from '../../src/cli/catalog.js';
import { LANGS, placeholders, type Text } from '../../src/i18n/lang.js';
import { EXPLAIN_SIGNATURES } from '../../src/explain/signatures.js';
import { SIGNATURES as LOG_SIGNATURES } from '../../src/logs/signatures.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every text of the catalogue with a name for messages: findings (title, message, cause, fix) and UI strings. */
function allTexts(): [string, Text][] {
  const out: [string, Text][] = [];
  for (const [id, e] of Object.entries(CATALOG)) {
    out.push([`${id} title`, e.title], [`${id} message`, e.message]);
    if (e.cause) out.push([`${id} cause`, e.cause]);
    if (e.fix) out.push([`${id} fix`, e.fix]);
  }
  for (const [k, t] of Object.entries(UI)) out.push([`ui ${k}`, t]);
  return out;
}

/** Lower-case words of 3+ letters: an English sentence has several; ids, codes and commands have few. */
const naturalWords = (s: string) => s.match(/(?<![\w.$<{-])[a-z]{3,}(?![\w.(>}-])/g) ?? [];

describe('message catalogue: languages', () => {
  const texts = allTexts();

  it('has entries', () => {
    expect(Object.keys(CATALOG).length).toBeGreaterThan(0);
    expect(Object.keys(UI).length).toBeGreaterThan(0);
  });

  it('every text exists, non-empty, in every language', () => {
    const bad = texts.flatMap(([name, t]) => LANGS.filter((l) => typeof t?.[l] !== 'string' || t[l].trim() === '').map((l) => `${name} [${l}]`));
    expect(bad).toEqual([]);
  });

  it('English and Dutch use the same placeholders', () => {
    const bad = texts
      .filter(([, t]) => placeholders(t.en ?? '').join(',') !== placeholders(t.nl ?? '').join(','))
      .map(([name, t]) => `${name}: en {${placeholders(t.en).join(',')}} nl {${placeholders(t.nl).join(',')}}`);
    expect(bad).toEqual([]);
  });

  it('Dutch is not a copy of the English where there is prose to translate', () => {
    const bad = texts.filter(([, t]) => t.en === t.nl && naturalWords(t.en).length >= 3).map(([name, t]) => `${name}: "${t.en}"`);
    expect(bad).toEqual([]);
  });

  it("repeats none of the seed translation's errors (TLS 1,2; nine-digit DWORDs)", () => {
    const bad: string[] = [];
    for (const [name, t] of texts) {
      // A text about the seed article may quote its errors on purpose (registry.no-effect.comma-in-key does).
      if (/\barti(?:cle|kel)\b/i.test(`${t.en} ${t.nl}`)) continue;
      for (const l of LANGS) {
        const s = t[l] ?? '';
        if (/\b(?:TLS|SSL) ?\d,\d\b/.test(s)) bad.push(`${name} [${l}]: decimal comma in a protocol version`);
        for (const m of s.matchAll(/dword:([0-9a-fA-F]*)/g)) if ((m[1] ?? '').length !== 8) bad.push(`${name} [${l}]: dword:${m[1]} is not 8 hex digits`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("Dutch uses Microsoft's Dutch terms, not the English UI names", () => {
    const english = /\b(?:queue viewer|send connector|receive connector|protocol log|event viewer|registry key|restart the server)\b/i;
    const bad = texts.filter(([, t]) => english.test(t.nl ?? '')).map(([name, t]) => `${name}: ${(t.nl.match(english) ?? [])[0]}`);
    expect(bad).toEqual([]);
  });
});

/** All .ts files under src/. */
function sourceFiles(dir = join(ROOT, 'src')): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** [file:line, captured, text before, text after] for every hit of `re` (global, one capture group) in src/. */
function scan(re: RegExp): [string, string, string, string][] {
  const out: [string, string, string, string][] = [];
  for (const f of sourceFiles()) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(re)) {
      const line = src.slice(0, m.index).split('\n').length;
      const end = m.index + m[0].length;
      out.push([`${relative(ROOT, f)}:${line}`, m[1] as string, src.slice(Math.max(0, m.index - 40), m.index), src.slice(end, end + 40)]);
    }
  }
  return out;
}

describe('message catalogue: every id and key used in src/ is defined', () => {
  it("finding('…') ids", () => {
    const bad = scan(/\bfinding\(\s*['"]([^'"]+)['"]/g)
      .filter(([, id]) => !CATALOG[id])
      .map(([where, id]) => `${where} ${id}`);
    expect(bad).toEqual([]);
  });

  it("ui('…') keys", () => {
    const bad = scan(/\bui\(\s*['"]([^'"]+)['"]/g)
      .filter(([, k]) => !UI[k])
      .map(([where, k]) => `${where} ${k}`);
    expect(bad).toEqual([]);
  });

  it('finding ids listed in code (string literals with a finding-id prefix)', () => {
    const prefixes = new Set(Object.keys(CATALOG).map((id) => id.split('.')[0] as string));
    prefixes.add('sig');
    const notAnId = /\.(?:com|net|org|nl|cn|io|test|local|example|invalid|arpa|js|ts|json|reg|ps1|gz|log|txt|csv|html|db|sqlite|pem|key|crt|cer|pfx)$/;
    // Keys that a helper prefixes with its capability (`ui(\`report.${key}\`)`) are UI keys, not finding ids.
    const uiSuffixes = new Set(Object.keys(UI).map((k) => k.slice(k.indexOf('.') + 1)));
    const bad = scan(/['"]([a-z][a-z0-9]*(?:\.[a-z0-9][a-z0-9-]*)+)['"]/g)
      .filter(([, s]) => prefixes.has(s.split('.')[0] as string) && !notAnId.test(s) && !CATALOG[s] && !UI[s] && !uiSuffixes.has(s))
      // `check(value, 'probe.hosts')`: a JSON path naming a field in a validation message, not an id.
      .filter(([, , before, after]) => !(/,\s*$/.test(before) && /^\s*\)/.test(after)))
      .map(([where, s]) => `${where} ${s}`);
    expect(bad).toEqual([]);
  });

  it('every signature id (explain and logs) has a catalogue entry with cause, fix, next command and a Check text', () => {
    const ids = new Set([...EXPLAIN_SIGNATURES.map((s) => s.id), ...LOG_SIGNATURES.map((s) => s.id)]);
    const bad: string[] = [];
    for (const id of ids) {
      const e = CATALOG[id];
      if (!e) {
        bad.push(`${id}: no entry`);
        continue;
      }
      if (!e.cause || !e.fix) bad.push(`${id}: no cause/fix`);
      if (!e.next || !/^mailtls (?:probe|listen|send|registry|logs)\b/.test(e.next))
        bad.push(`${id}: next is not a mailtls probe/listen/send/registry/logs command`);
      if (!UI[`explain.check.${id}`]) bad.push(`${id}: no explain.check text`);
    }
    expect(bad).toEqual([]);
  });

  it('every sig.* entry can be recognised by explain (a corpus sample exists for it)', () => {
    const withSamples = new Set(EXPLAIN_SIGNATURES.filter((s) => s.samples.length > 0).map((s) => s.id));
    const bad = Object.keys(CATALOG).filter((id) => id.startsWith('sig.') && !withSamples.has(id));
    expect(bad).toEqual([]);
  });

  it('every check text belongs to a catalogue entry', () => {
    const bad = Object.keys(UI).filter((k) => k.startsWith('explain.check.') && !CATALOG[k.slice('explain.check.'.length)]);
    expect(bad).toEqual([]);
  });
});
