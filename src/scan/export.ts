// Scan exports: the `{ kind: "scan", summary, domains }` JSON document (docs/report.md) and a CSV, streamed from the store.
import { finding } from './messages.js';
import type { Lang } from '../i18n/lang.js';
import { TLS_VERSIONS } from '../policy/exchange-online.js';
import { providerOf } from './join.js';
import type { DomainRow, ScanStore } from './store.js';
import type { HostResult, Verdict } from './types.js';

export interface ScanSummary {
  total: number;
  verdicts: Record<Verdict, number>;
  topFailingProviders: { provider: string; count: number }[];
}

/** One domain as exported. */
export interface ScanDomain {
  domain: string;
  /** `pending`: MX not looked up yet; `resolved`: some hosts not probed yet; `done`. */
  state: DomainRow['state'];
  verdict: Verdict;
  /** A host with `state: "pending"` has not been probed: its smtp/tls fields hold no observation. */
  mx: (HostResult & { mxPreference: number | null; state: 'pending' | 'done' })[];
  findings: DomainRow['findings'];
}

export interface ScanExport {
  kind: 'scan';
  summary: ScanSummary;
  domains: ScanDomain[];
}

/** The summary: totals, verdicts (unfinished targets count as inconclusive) and the providers behind most failures. */
export function summarize(store: ScanStore, top = 10): ScanSummary {
  const c = store.counts();
  const verdicts = { ...c.verdicts };
  verdicts.inconclusive += c.targets - c.targetsDone;
  // a failing domain counts once for each provider whose host fails it
  const rows = store.db
    .prepare<{ target_id: number; host: string }>(
      `SELECT DISTINCT th.target_id, h.host FROM targets t JOIN target_hosts th ON th.target_id = t.id JOIN hosts h ON h.key = th.host_key
       WHERE t.verdict = 'fail' AND h.verdict = 'fail'`,
    )
    .all();
  const perProvider = new Map<string, Set<number>>();
  for (const r of rows) {
    const p = providerOf(r.host);
    let s = perProvider.get(p);
    if (!s) {
      s = new Set();
      perProvider.set(p, s);
    }
    s.add(r.target_id);
  }
  const topFailingProviders = [...perProvider.entries()]
    .map(([provider, s]) => ({ provider, count: s.size }))
    .sort((a, b) => b.count - a.count || a.provider.localeCompare(b.provider))
    .slice(0, top);
  return { total: c.targets, verdicts, topFailingProviders };
}

/** A stored target as exported (an unfinished one is inconclusive with a `scan.not-finished` finding). */
export function toExport(row: DomainRow, lang: Lang): ScanDomain {
  const mx = row.mx.map((h) =>
    h.state === 'pending' ? { ...h, findings: [...h.findings, finding('scan.host-pending', lang, { host: h.host, ip: h.ip })] } : h,
  );
  if (row.verdict === null) {
    return {
      domain: row.domain,
      state: row.state,
      verdict: 'inconclusive',
      mx,
      findings: [...row.findings, finding('scan.not-finished', lang, { domain: row.domain })],
    };
  }
  return { domain: row.domain, state: row.state, verdict: row.verdict, mx, findings: row.findings };
}

/** Writes the JSON export in pieces (one domain at a time), so a million-domain scan never sits in memory. */
export function writeJsonExport(store: ScanStore, write: (chunk: string) => void, lang: Lang = 'en'): void {
  const summary = summarize(store);
  write(`{\n  "kind": "scan",\n  "summary": ${JSON.stringify(summary)},\n  "domains": [`);
  let first = true;
  for (const row of store.domains()) {
    write(`${first ? '\n' : ',\n'}    ${JSON.stringify(toExport(row, lang))}`);
    first = false;
  }
  write(`${first ? '' : '\n  '}]\n}\n`);
}

/** The whole export as one value (tests, small scans, library callers). */
export function buildExport(store: ScanStore, lang: Lang = 'en'): ScanExport {
  const domains: ScanDomain[] = [];
  for (const row of store.domains()) domains.push(toExport(row, lang));
  return { kind: 'scan', summary: summarize(store), domains };
}

export const CSV_COLUMNS = [
  'domain',
  'domain_verdict',
  'mx_host',
  'ip',
  'port',
  'mx_preference',
  'host_verdict',
  'starttls',
  ...TLS_VERSIONS,
  'negotiated_tls12_cipher',
  'cert_not_after',
  'cert_name_matches',
  'findings',
] as const;

/** Quotes a CSV field when needed; a leading =, +, - or @ is neutralised so a spreadsheet never runs it. */
export function csvField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const tri = (v: boolean | null | undefined): string => (v === true ? 'yes' : v === false ? 'no' : '');

/** Writes the CSV export: one row per domain and MX host (a domain without hosts gets one row). */
export function writeCsvExport(store: ScanStore, write: (chunk: string) => void, lang: Lang = 'en'): void {
  write(CSV_COLUMNS.join(',') + '\r\n');
  for (const row of store.domains()) {
    const d = toExport(row, lang);
    const domainFindings = d.findings.map((f) => f.id);
    if (d.mx.length === 0) {
      write(
        [d.domain, d.verdict, '', '', '', '', '', '', ...TLS_VERSIONS.map(() => ''), '', '', '', domainFindings.join(' ')].map(csvField).join(',') + '\r\n',
      );
      continue;
    }
    for (const h of d.mx) {
      const ids = [...new Set([...domainFindings, ...h.findings.map((f) => f.id)])];
      write(
        [
          d.domain,
          d.verdict,
          h.host,
          h.ip,
          h.port,
          h.mxPreference,
          h.state === 'pending' ? 'pending' : h.verdict,
          h.state === 'pending' ? '' : h.smtp.starttls,
          ...TLS_VERSIONS.map((v) => tri(h.tls.versions[v])),
          h.tls.ciphers['TLSv1.2']?.[0] ?? '',
          h.tls.certificate?.notAfter ?? '',
          h.tls.certificate ? tri(h.tls.certificate.nameMatches) : '',
          ids.join(' '),
        ]
          .map(csvField)
          .join(',') + '\r\n',
      );
    }
  }
}
