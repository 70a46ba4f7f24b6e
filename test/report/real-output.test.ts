// The report renders what the commands really emit: every finding of real probe, registry and logs results shows its
// catalogue explanation (cause or fix) in the page, in English and Dutch, instead of falling back to the bare message.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/cli/catalog.js';
import type { Finding } from '../../src/findings/types.js';
import type { Lang } from '../../src/i18n/lang.js';
import { startLabServers, type LabServers } from '../../src/lab/index.js';
import { analyzeLogs } from '../../src/logs/analyze.js';
import { probe } from '../../src/probe/probe.js';
import { auditRegistry, parseRegistryInput } from '../../src/registry/audit.js';
import { renderReport } from '../../src/report/render.js';
import { ROOT } from '../helpers/cli.js';

/** HTML-escapes like the report does, so catalogue text can be searched in the page. */
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Every finding with a catalogue cause or fix must show one of them (escaped) somewhere in the page. */
function expectExplained(html: string, findings: readonly Finding[], lang: Lang): void {
  const missing: string[] = [];
  for (const f of findings) {
    const e = CATALOG[f.id];
    expect(e, `finding ${f.id} has a catalogue entry`).toBeDefined();
    expect(html).toContain(f.id);
    const texts = [e?.cause?.[lang], e?.fix?.[lang]].filter((t): t is string => Boolean(t));
    if (texts.length > 0 && !texts.some((t) => html.includes(esc(t).slice(0, 60)) || html.includes(t.slice(0, 60)))) missing.push(f.id);
  }
  expect(missing).toEqual([]);
}

describe('report pages from real command results', () => {
  let lab: LabServers;
  beforeAll(async () => {
    lab = await startLabServers({ servers: ['legacy-tls', 'no-starttls'] });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it("probe of the lab's TLS 1.0/1.1-only and no-STARTTLS receivers", async () => {
    for (const lang of ['en', 'nl'] as const) {
      const docs = [];
      for (const name of ['legacy-tls', 'no-starttls'] as const) {
        const s = lab.get(name);
        docs.push(JSON.parse(JSON.stringify(await probe(s.address, { allowPrivate: true, lang, timeoutMs: 5000 }))) as { hosts: { findings: Finding[] }[] });
      }
      const html = renderReport(docs, { lang });
      const findings = docs.flatMap((d) => d.hosts.flatMap((h) => h.findings));
      expect(findings.map((f) => f.id)).toEqual(expect.arrayContaining(['tls.tls12-not-offered', 'starttls.not-offered']));
      expectExplained(html, findings, lang);
    }
  });

  it("registry audit of the article's Dutch block", () => {
    const file = join(ROOT, 'test/fixtures/registry/dutch-article-lines.reg');
    const result = auditRegistry([parseRegistryInput(readFileSync(file), file)], { lang: 'nl', os: '2019' });
    const doc = JSON.parse(JSON.stringify(result)) as { findings: Finding[] };
    const html = renderReport([doc], { lang: 'nl' });
    expect(doc.findings.length).toBeGreaterThan(0);
    expectExplained(html, doc.findings, 'nl');
  });

  it('logs analysis of the Postfix fixtures', async () => {
    const report = await analyzeLogs([join(ROOT, 'test/fixtures/logs/postfix')], { lang: 'en', year: 2024 });
    const doc = JSON.parse(JSON.stringify(report)) as { findings: Finding[] };
    const html = renderReport([doc], { lang: 'en' });
    expect(doc.findings.map((f) => f.id)).toContain('logs.tls10-peer');
    expectExplained(html, doc.findings, 'en');
  });
});
