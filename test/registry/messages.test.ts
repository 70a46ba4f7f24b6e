// The registry catalogue: every id the code can emit exists, in English and Dutch, with the same placeholders.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { placeholders } from '../../src/i18n/lang.js';
import type { CatalogEntry } from '../../src/findings/types.js';
import { findings as catalog, ui } from '../../src/registry/messages.js';

const findings: Record<string, CatalogEntry> = catalog;

const SRC = fileURLToPath(new URL('../../src/registry/', import.meta.url));
const code = readdirSync(SRC)
  .filter((f) => f.endsWith('.ts') && f !== 'messages.ts')
  .map((f) => readFileSync(SRC + f, 'utf8'))
  .join('\n');

describe('registry messages', () => {
  it('ids are stable, dotted, lower-case and start with registry.', () => {
    for (const id of Object.keys(findings)) expect(id).toMatch(/^registry\.[a-z0-9.-]+$/);
    for (const k of Object.keys(ui)) expect(k).toMatch(/^registry\./);
  });

  it('every id the code emits has an entry', () => {
    const used = new Set<string>();
    for (const m of code.matchAll(/'(registry\.[a-z0-9.-]+)'/g)) used.add(m[1] as string);
    for (const m of code.matchAll(/`registry\.tls12-\$\{side\}(-disabled(?:-by-default)?)`/g))
      for (const s of ['client', 'server']) used.add(`registry.tls12-${s}${m[1]}`);
    for (const k of ['comma-in-key', 'unicode-lookalike', 'nested-key', 'unknown-name']) used.add(`registry.no-effect.${k}`);
    for (const id of used) expect(id in findings || id in ui, id).toBe(true);
  });

  it('English and Dutch have the same placeholders, and the Dutch is a translation', () => {
    for (const [id, e] of Object.entries(findings)) {
      for (const field of ['title', 'message', 'cause', 'fix'] as const) {
        const t = e[field];
        if (!t) continue;
        expect(placeholders(t.nl), `${id}.${field}`).toEqual(placeholders(t.en));
        if (field === 'message') expect(t.nl, id).not.toBe(t.en);
      }
      expect(['breaks-mail-flow', 'risky', 'no-effect', 'note']).toContain(e.group);
    }
    for (const [k, t] of Object.entries(ui)) expect(placeholders(t.nl), k).toEqual(placeholders(t.en));
  });

  it("uses Microsoft's Dutch UI terms", () => {
    const nl =
      Object.values(findings)
        .map((e) => e.message.nl)
        .join(' ') +
      Object.values(ui)
        .map((t) => t.nl)
        .join(' ');
    for (const term of ['Register-editor', 'verzendconnector', 'wachtrijviewer', 'protocollogboek', 'opnieuw op', 'e-mailstroom']) expect(nl).toContain(term);
  });

  it("every error consequence is in the article's terms", () => {
    for (const [id, e] of Object.entries(findings)) {
      if (e.severity !== 'error') continue;
      expect(e.message.en, id).toMatch(/421 4\.4\.2|Exchange Online (cannot|refuses)|Exchange Online/);
    }
  });
});
