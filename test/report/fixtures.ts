// Test helper: loads the report fixtures (test/fixtures/report/) and builds large synthetic scan results.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseReportInput } from '../../src/report/render.js';

export const FIXTURES = resolve('test/fixtures/report');
export const NOW = new Date('2024-05-14T10:00:00Z');

/** The documents in one fixture file (JSON or JSON lines). */
export function fixture(name: string): unknown[] {
  return parseReportInput(readFileSync(resolve(FIXTURES, name), 'utf8'), name);
}

/** One fixture document. */
export function fixtureDoc(name: string): unknown {
  return fixture(name)[0];
}

const PROVIDERS = [
  'outlook.com',
  'mimecast.com',
  'proofpoint.com',
  'transip.email',
  'hostnet.nl',
  'antagonist.nl',
  'self-hosted',
  'google.com',
  'kpnmail.nl',
  'one.com',
];
const WORDS = ['bakkerij', 'tandarts', 'gemeente', 'school', 'autobedrijf', 'advocaten', 'zorg', 'bouw', 'logistiek', 'kapper'];

/** A deterministic scan result with `n` domains (about 18 % fail, 6 % inconclusive), in the agreed scan shape. */
export function bigScan(n: number): { doc: unknown; fail: number; pass: number; inconclusive: number } {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const verdicts = { pass: 0, fail: 0, inconclusive: 0 };
  const failProv = new Map<string, number>();
  const domains = [];
  for (let i = 0; i < n; i++) {
    const prov = PROVIDERS[Math.floor(rnd() * PROVIDERS.length)] as string;
    const mx = [`mx1.${prov}`, ...(rnd() < 0.5 ? [`mx2.${prov}`] : [])];
    const r = rnd();
    let verdict: 'pass' | 'fail' | 'inconclusive';
    const findings: unknown[] = [];
    if (r < 0.12) {
      verdict = 'fail';
      findings.push({ id: 'tls.tls12-not-offered', severity: 'error', message: `${mx[0]} does not accept TLS 1.2 or 1.3.`, params: { host: mx[0] } });
      if (rnd() < 0.6) findings.push({ id: 'tls.tls10-accepted', severity: 'warning', message: `${mx[0]} accepts TLS 1.0.`, params: { host: mx[0] } });
    } else if (r < 0.18) {
      verdict = 'fail';
      findings.push({ id: 'starttls.not-offered', severity: 'error', message: `${mx[0]} does not offer STARTTLS.`, params: { host: mx[0] } });
    } else if (r < 0.24) {
      verdict = 'inconclusive';
      findings.push({ id: 'smtp.timeout', severity: 'warning', message: `${mx[0]} did not answer within 20 s.`, params: { host: mx[0] } });
    } else {
      verdict = 'pass';
      if (rnd() < 0.1)
        findings.push({ id: 'cert.expiring', severity: 'warning', message: `The certificate of ${mx[0]} expires soon.`, params: { host: mx[0] } });
    }
    verdicts[verdict]++;
    if (verdict === 'fail') failProv.set(prov, (failProv.get(prov) ?? 0) + 1);
    domains.push({ domain: `${WORDS[i % WORDS.length]}-${i}.nl`, verdict, mx, findings });
  }
  const doc = {
    kind: 'scan',
    summary: {
      total: n,
      verdicts,
      topFailingProviders: [...failProv.entries()].sort((a, b) => b[1] - a[1]).map(([provider, count]) => ({ provider, count })),
    },
    domains,
  };
  return { doc, ...verdicts };
}
