// Report library: kind detection, input validation, escaping of hostile text, languages, catalogue explanations.
import { describe, expect, it } from 'vitest';
import { MailtlsError } from '../../src/errors.js';
import { CATALOG, UI } from '../../src/cli/catalog.js';
import type { CatalogEntry } from '../../src/findings/types.js';
import { jsonForScript } from '../../src/report/html.js';
import { ui as reportUi } from '../../src/report/messages.js';
import { parseReportInput, renderReport, renderReportWithSummary } from '../../src/report/render.js';
import { detectKind } from '../../src/report/types.js';
import { readdirSync } from 'node:fs';
import { bigScan, fixture, fixtureDoc, FIXTURES, NOW } from './fixtures.js';

const en = { lang: 'en' as const, now: NOW };

function expectEinput(fn: () => unknown, re: RegExp): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MailtlsError);
    expect((e as MailtlsError).code).toBe('EINPUT');
    expect((e as Error).message).toMatch(re);
    expect((e as Error).message).not.toContain('\n');
    return;
  }
  throw new Error('expected EINPUT');
}

describe('fixtures', () => {
  it('use only finding ids the commands can emit (ids in the catalogue)', () => {
    const ids = new Set<string>();
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.id === 'string' && typeof o.severity === 'string') ids.add(o.id);
        Object.values(o).forEach(walk);
      }
    };
    for (const f of readdirSync(FIXTURES)) walk(f.endsWith('.jsonl') ? fixture(f) : fixtureDoc(f));
    walk(bigScan(300).doc);
    expect(ids.size).toBeGreaterThan(10);
    expect([...ids].filter((id) => !CATALOG[id])).toEqual([]);
  });
});

describe('detectKind', () => {
  it('recognises each fixture', () => {
    expect(detectKind(fixtureDoc('probe.json'))).toBe('probe');
    expect(detectKind(fixtureDoc('listen.jsonl'))).toBe('listen');
    expect(detectKind(fixture('listen.jsonl'))).toBe('listen');
    expect(detectKind(fixtureDoc('registry.json'))).toBe('registry');
    expect(detectKind(fixtureDoc('logs.json'))).toBe('logs');
    expect(detectKind(fixtureDoc('scan.json'))).toBe('scan');
    expect(detectKind(fixtureDoc('explain.json'))).toBe('explain');
  });

  it('throws EINPUT with a clear message for JSON that is no mailtls result', () => {
    expectEinput(() => detectKind({ hello: 'world' }), /not a mailtls probe, listen, registry, logs, scan or explain/);
    expectEinput(() => detectKind(42), /expected an object/);
    expectEinput(() => detectKind([1, 2]), /array/);
    expectEinput(() => renderReport([{ hello: 'world' }], en), /not a mailtls/);
  });

  it('validates what it reads and names the place', () => {
    expectEinput(() => renderReport([{ target: 'x.nl', hosts: [{ host: 'mx.x.nl', verdict: 'maybe' }], verdict: 'fail' }], en), /probe\.hosts\[0\]\.verdict/);
    expectEinput(
      () => renderReport([{ target: 'x.nl', hosts: [], verdict: 'pass', findings: [{ id: 'a', severity: 'fatal' }] }], en),
      /findings\[0\]\.severity/,
    );
    expectEinput(() => renderReport([{ kind: 'scan', summary: { total: 1 }, domains: [{ verdict: 'pass' }] }], en), /scan\.domains\[0\]\.domain/);
    expectEinput(() => renderReport([fixtureDoc('probe.json'), { nope: 1 }], en), /^document 2: /);
  });

  it('tolerates extra keys', () => {
    const doc = { ...(fixtureDoc('registry.json') as object), extra: { nested: [1, 2] }, schemaVersion: 3 };
    expect(renderReportWithSummary([doc], en).summary.kinds).toEqual(['registry']);
  });
});

describe('parseReportInput', () => {
  it('reads one document, or JSON lines', () => {
    expect(parseReportInput('{"a":1}')).toEqual([{ a: 1 }]);
    expect(parseReportInput('\uFEFF{"a":1}\n\n{"b":2}\r\n')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(fixture('listen.jsonl')).toHaveLength(6);
  });
  it('names the file and line of bad input', () => {
    expectEinput(() => parseReportInput('{"a":1}\n{oops\n', 'x.jsonl'), /^x\.jsonl: line 2 is not JSON/);
    expectEinput(() => parseReportInput('   ', 'empty.json'), /empty input/);
  });
});

describe('renderReport', () => {
  it('renders each kind with its verdict', () => {
    const cases: [string, string, string][] = [
      ['probe.json', 'probe', 'fail'],
      ['listen.jsonl', 'listen', 'fail'],
      ['registry.json', 'registry', 'fail'],
      ['logs.json', 'logs', 'fail'],
      ['scan.json', 'scan', 'fail'],
      ['explain.json', 'explain', 'fail'],
    ];
    for (const [file, kind, verdict] of cases) {
      const { html, summary } = renderReportWithSummary(fixture(file), en);
      expect(summary.kinds).toEqual([kind]);
      expect(summary.verdict).toBe(verdict);
      expect(html).toMatch(/^<!DOCTYPE html>/);
      expect(html).toContain(`data-verdict="${verdict}"`);
    }
  });

  it('groups listen sessions by sender and merges sessions from several inputs', () => {
    const { summary, html } = renderReportWithSummary([...fixture('listen.jsonl'), fixtureDoc('probe.json')], en);
    expect(summary.sections.map((s) => s.kind)).toEqual(['listen', 'probe']);
    expect(summary.sections[0]?.subject).toBe('6 sessions · 5 senders');
    expect(html).toContain('2 of 2 checks found a problem');
  });

  it('loads nothing from anywhere: no URL attributes, strict CSP, script allowed only by hash', () => {
    const html = renderReport(fixture('scan.json'), en);
    expect(html).not.toMatch(/\b(src|href|action|srcset)=["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(/i);
    expect(html).toContain(`default-src 'none'`);
    expect(html).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
  });

  it('escapes hostile peer text everywhere (banner, SNI, domain, explain input, title)', () => {
    const pages = ['probe.json', 'listen.jsonl', 'scan.json', 'explain.json'].map((f) => renderReport(fixture(f), { ...en, title: '<b>"x"</b>' }));
    for (const html of pages) {
      // The only <script> elements are ours: the JSON data blocks and the pager.
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      for (const s of scripts) expect(s).toMatch(/^<script( type="application\/json" id="pager-data-\d+")?>$/);
      expect(html).not.toMatch(/<img|<script>alert|<\/script><script>alert/);
      expect(html).not.toContain('\x1b');
      expect(html).not.toContain('\u2028');
      expect(html).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    }
    expect(pages[0]).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; \\x1b[31mESMTP\\x1b[0m &#39;quoted&#39; &amp; ready');
    expect(pages[1]).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('serialises embedded data so that it cannot close its script element', () => {
    const s = jsonForScript({ a: '</script><script>alert(1)</script>', b: '\u2028\u2029', c: '<!--' });
    expect(s).not.toMatch(/<|>|\u2028|\u2029/);
    expect(JSON.parse(s)).toEqual({ a: '</script><script>alert(1)</script>', b: '\u2028\u2029', c: '<!--' });
  });

  it('speaks Dutch', () => {
    const html = renderReport(fixture('probe.json'), { lang: 'nl', now: NOW });
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Niet geslaagd');
    expect(html).toContain('Exchange Online kan niet afleveren bij 1 van de 3 hosts van contoso-logistics.nl');
    expect(html).toContain('TLS-versies per host');
    expect(html).not.toContain('What this means');
  });

  it('shows cause, fix and next step from the catalogue in the chosen language, re-rendering the message', () => {
    const cat: Record<string, CatalogEntry> = {
      'tls.tls12-not-offered': {
        severity: 'error',
        title: { en: 'TLS 1.2 not offered', nl: 'TLS 1.2 niet aangeboden' },
        message: { en: '{host} refuses TLS 1.2', nl: '{host} weigert TLS 1.2' },
        cause: { en: 'SCHANNEL disabled it', nl: 'SCHANNEL heeft het uitgeschakeld\nof het OS is te oud <b>' },
        fix: { en: 'Enable TLS 1.2', nl: 'Schakel TLS 1.2 in' },
        next: 'mailtls probe <your-domain>',
      },
      'cert.name-mismatch': { severity: 'warning', title: { en: 'Name mismatch', nl: 'Naam klopt niet' }, message: { en: '{missing} x', nl: '{missing} y' } },
    };
    const html = renderReport(fixture('probe.json'), { lang: 'nl', now: NOW, lookup: (id) => cat[id] });
    expect(html).toContain('TLS 1.2 niet aangeboden');
    expect(html).toContain('mx1.contoso-logistics.nl weigert TLS 1.2');
    expect(html).toContain('<strong>Oorzaak:</strong> SCHANNEL heeft het uitgeschakeld<br>of het OS is te oud &lt;b&gt;');
    expect(html).toContain('<strong>Oplossing:</strong> Schakel TLS 1.2 in');
    expect(html).toContain('mailtls probe &lt;your-domain&gt;');
    // A template whose placeholder the finding lacks keeps the recorded message.
    expect(html).toContain('The certificate does not name mx1.contoso-logistics.nl.');
    expect(html).not.toContain('{missing}');
  });

  it('has every UI string in English and Dutch, registered in the catalogue', () => {
    for (const [k, v] of Object.entries(reportUi)) {
      expect(k.startsWith('report.')).toBe(true);
      expect(v.en.length, k).toBeGreaterThan(0);
      expect(v.nl.length, k).toBeGreaterThan(0);
      expect(UI[k]).toBe(v);
    }
  });

  it('renders a summary-only scan and an empty probe without failing', () => {
    const s = renderReportWithSummary([{ kind: 'scan', summary: { total: 10, verdicts: { pass: 10, fail: 0, inconclusive: 0 } } }], en);
    expect(s.summary.verdict).toBe('pass');
    expect(s.html).toContain('only the summary');
    const p = renderReportWithSummary(
      [{ target: 'nomail.example', hosts: [], verdict: 'inconclusive', findings: [{ id: 'dns.null-mx', severity: 'info', message: 'null MX' }] }],
      en,
    );
    expect(p.html).toContain('has no mail host that could be checked');
  });
});

describe('logs in the logs engine own shape', () => {
  it('reads "series" per day and the peer name', () => {
    const doc = {
      files: 1,
      lines: 10,
      bytes: 999,
      window: { since: null, until: null },
      totals: {},
      fileReports: [],
      peers: [
        {
          peer: '192.0.2.9',
          name: 'scanner01',
          direction: 'inbound',
          sessions: 4,
          versions: { 'TLSv1.0': 4 },
          failures: 4,
          signatures: { 'sig.socketerror': 4 },
          firstSeen: '2024-05-01T00:00:00Z',
          lastSeen: '2024-05-02T00:00:00Z',
        },
      ],
      series: { '2024-05-01': { 'TLSv1.0': 3, none: 1, failed: 2 }, '2024-05-02': { 'TLSv1.0': 1 } },
      findings: [{ id: 'logs.x', severity: 'error', message: 'legacy' }],
    };
    const html = renderReport([doc], en);
    expect(html).toContain('TLS versions per day');
    expect(html).toContain('192.0.2.9 (scanner01)');
    expect(html).toContain('sig.socketerror ×4');
  });
});
