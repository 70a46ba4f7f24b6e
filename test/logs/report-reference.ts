// The logs report as it was built before the report step read the aggregate's numbers directly (every peer as an
// object, sorted with a comparator, the findings from a walk over all of them): the reference the fast report must
// equal byte for byte (test/logs/report.test.ts). Kept as it was; only the names and imports differ.
import type { Aggregate } from '../../src/logs/aggregate.js';
import type { Finding, Severity } from '../../src/findings/types.js';
import type { Lang } from '../../src/i18n/lang.js';
import { sanitize } from '../../src/net/sanitize.js';
import type { TlsVersion } from '../../src/policy/exchange-online.js';
import { finding, text as ui, type FindingId } from '../../src/logs/messages.js';
import { versionList } from '../../src/logs/render.js';
import { fileErrorText } from '../../src/logs/report.js';
import { SIGNATURES } from '../../src/logs/signatures.js';
import { FILE_ERRORS, type LogReport, type PeerReport } from '../../src/logs/types.js';

/** Findings per id beyond which the rest are summarised in `logs.more-peers`. */
const MAX_PEER_FINDINGS = 50;

/** 0 = worst: failures, then SSLv3/TLS 1.0, TLS 1.1, sessions without TLS, healthy. */
function peerRank(p: PeerReport): number {
  if (p.failures > 0) return 0;
  if (p.versions.SSLv3 || p.versions['TLSv1.0']) return 1;
  if (p.versions['TLSv1.1']) return 2;
  if (p.noTls > 0) return 3;
  return 4;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Sorts peers worst first, then by sessions (descending), then by address, name, direction, connector and format (the
 * whole key: the order never depends on the order the logs were read in).
 */
function sortPeers(peers: PeerReport[]): PeerReport[] {
  // the numbers once per peer in typed arrays, and an index sort: with tens of thousands of peers the comparisons
  // then read two small arrays instead of two objects each (rank and failures in one key, failures < 2^32)
  const n = peers.length;
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = peers[i] as PeerReport;
    k1[i] = peerRank(p) * 4294967296 - Math.min(p.failures, 4294967295);
    k2[i] = -p.sessions;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => {
    const d = (k1[i] as number) - (k1[j] as number) || (k2[i] as number) - (k2[j] as number);
    if (d !== 0) return d;
    const a = peers[i] as PeerReport,
      b = peers[j] as PeerReport;
    return cmp(a.peer, b.peer) || cmp(a.name, b.name) || cmp(a.direction, b.direction) || cmp(a.connector, b.connector) || cmp(a.format, b.format);
  });
  const sorted = order.map((i) => peers[i] as PeerReport);
  for (let i = 0; i < n; i++) peers[i] = sorted[i] as PeerReport;
  return peers;
}

const OLD: [TlsVersion, FindingId][] = [
  ['SSLv3', 'logs.ssl3-peer'],
  ['TLSv1.0', 'logs.tls10-peer'],
  ['TLSv1.1', 'logs.tls11-peer'],
];

/** Printable ASCII only: sanitize() returns such a string unchanged when it is shorter than its cap. */
const PLAIN = /^[\x20-\x7e]*$/;
/** sanitize(), skipped for the usual plain short strings (same result, much cheaper with many peers). */
const clean = (s: string, max: number): string => (s.length < max && PLAIN.test(s) ? s : sanitize(s, max));

/** `o` with its keys sanitised (the same object when they all are clean already). */
function cleanKeys(o: Record<string, number>): Record<string, number> {
  // the usual case, every key already clean: the same object (no copy per peer)
  let same = true;
  for (const k in o)
    if (!(k.length < 120 && PLAIN.test(k))) {
      same = false;
      break;
    }
  if (same) return o;
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(o)) {
    const c = clean(k, 120);
    out[c] = (out[c] ?? 0) + n;
  }
  return out;
}

/**
 * The peer with every log-controlled string sanitised (name, connector, error tokens, suites): `--json` is stored and
 * shown. In place (the report's own fresh object: no copy per peer), after the findings have read the raw values.
 */
function cleanPeer(p: PeerReport): PeerReport {
  // assigned in place: the keys keep their order
  p.peer = clean(p.peer, 300);
  p.name = clean(p.name, 300);
  p.connector = clean(p.connector, 200);
  p.suites = cleanKeys(p.suites);
  p.errors = cleanKeys(p.errors);
  return p;
}

/** cleanPeer() on every peer, in place. */
function cleanAll(peers: PeerReport[]): PeerReport[] {
  for (let i = 0; i < peers.length; i++) cleanPeer(peers[i] as PeerReport);
  return peers;
}

export function referenceBuildReport(agg: Aggregate, lang: Lang, window: { since: Date | undefined; until: Date | undefined }): LogReport {
  const peers = sortPeers(agg.peerReports());
  const totals = agg.totals();
  const findings: Finding[] = [];
  const dirText = (p: PeerReport): string => ui(`logs.dir.${p.direction}.long`, lang);
  const who = (p: PeerReport): string => sanitize(p.name ? `${p.name} [${p.peer}]` : p.peer, 300);
  const day = (t: string | null | undefined): string => (t ? t.slice(0, 16).replace('T', ' ') : '?');
  const perId = new Map<string, number>();
  const push = (id: string, f: () => Finding): void => {
    const n = (perId.get(id) ?? 0) + 1;
    perId.set(id, n);
    if (n <= MAX_PEER_FINDINGS) findings.push(f());
  };
  // the texts of a peer are built only for the findings that are kept (sanitize() per peer adds up with many peers)
  const baseOf = (p: PeerReport) => ({ peer: who(p), direction: dirText(p), connector: sanitize(p.connector || p.format, 200), sessions: p.sessions });
  for (const p of peers) {
    if (p.failures > 0) {
      push('logs.tls-failed-peer', () => {
        const sigs =
          Object.keys(p.signatures).join(', ') ||
          Object.keys(p.errors)
            .map((e) => sanitize(e, 80))
            .join(', ');
        return finding('logs.tls-failed-peer', lang, { ...baseOf(p), count: p.failures, signatures: sigs, lastSeen: day(p.lastSeen) });
      });
    }
    for (const [v, id] of OLD) {
      const n = p.versions[v];
      if (n) push(id, () => finding(id, lang, { ...baseOf(p), count: n, lastSeen: day(p.versionLastSeen[v] ?? p.lastSeen) }));
    }
  }
  if (totals.tlsSessions > 0) {
    for (const p of peers) {
      if (p.noTls === 0) continue;
      push('logs.no-tls-peer', () => finding('logs.no-tls-peer', lang, { ...baseOf(p), count: p.noTls, lastSeen: day(p.lastSeen) }));
    }
  }
  for (const [id, n] of perId) if (n > MAX_PEER_FINDINGS) findings.push(finding('logs.more-peers', lang, { count: n - MAX_PEER_FINDINGS, id }));
  // the article's signatures, with the id `explain` knows
  for (const s of SIGNATURES) {
    const count = totals.signatures[s.id];
    if (!count) continue;
    const npeers = peers.filter((p) => p.signatures[s.id]).length;
    findings.push(
      finding('logs.signature', lang, { title: ui(`logs.sig.${s.id.slice(4)}`, lang), count, peers: npeers, signature: s.id }, s.severity as Severity),
    );
  }
  // this server's own TLS set-up failures: one finding per MTA and file, never a peer's failure
  for (const l of agg.local) {
    findings.push(
      finding('logs.local-tls-setup', lang, {
        mta: l.mta,
        file: sanitize(l.file, 300),
        count: l.count,
        since: day(l.first),
        lastSeen: day(l.last),
        sample: sanitize(l.sample, 200),
      }),
    );
  }
  if (totals.unknownVersion > 0) findings.push(finding('logs.unknown-version', lang, { count: totals.unknownVersion }));
  if (agg.malformed > 0) {
    const s = agg.samples[0];
    findings.push(finding('logs.malformed-lines', lang, { count: agg.malformed, sample: s ? `${sanitize(s.file, 300)}:${s.line}` : '?' }));
  }
  if (agg.tlsUnused > 0) {
    const s = agg.tlsUnusedSamples[0];
    findings.push(
      finding('logs.tls-lines-not-used', lang, {
        count: agg.tlsUnused,
        sample: s ? `${sanitize(s.file, 300)}:${s.line}: ${sanitize(s.text, 160)}` : '?',
      }),
    );
  }
  for (const f of agg.files) {
    if (!f.error) continue;
    if (f.detected) {
      findings.push(finding('logs.file-not-mta', lang, { file: sanitize(f.file, 300), detected: sanitize(f.detected, 200) }));
      continue;
    }
    const id = f.format || f.error === FILE_ERRORS.truncatedGzip || /^E[A-Z]+:/.test(f.error) ? 'logs.file-unreadable' : 'logs.file-unrecognized';
    findings.push(finding(id, lang, { file: sanitize(f.file, 300), reason: sanitize(fileErrorText(f.error, lang), 200) }));
  }
  for (const f of agg.files) {
    const t = f.truncatedLine;
    if (!t) continue;
    findings.push(
      finding('logs.truncated-line', lang, {
        file: sanitize(f.file, 300),
        line: t.line,
        used: ui(t.used ? 'logs.cut.used' : 'logs.cut.unused', lang),
      }),
    );
  }
  // a clean bill only when every line was understood, no line about TLS went unused and every version is known
  const doubt =
    agg.malformed > 0 || agg.tlsUnused > 0 || totals.unknownVersion > 0 || agg.local.length > 0 || agg.files.some((f) => f.error || f.truncatedLine);
  if (totals.sessions === 0) findings.push(finding('logs.no-sessions', lang, { lines: agg.lines }));
  else {
    if (totals.tlsSessions === 0 && totals.failures === 0) findings.push(finding('logs.no-tls-data', lang, { sessions: totals.sessions }));
    else if (!doubt && !findings.some((f) => f.severity === 'error')) findings.push(finding('logs.clean', lang, { sessions: totals.sessions }));
  }
  return {
    files: agg.files.length,
    lines: agg.lines,
    bytes: agg.bytes,
    malformed: agg.malformed,
    malformedSamples: agg.samples.map((m) => ({ ...m, file: sanitize(m.file, 300), text: sanitize(m.text, 200) })),
    tlsLinesNotUsed: agg.tlsUnused,
    tlsLinesNotUsedSamples: agg.tlsUnusedSamples.map((m) => ({ ...m, file: sanitize(m.file, 300), text: sanitize(m.text, 200) })),
    localFailures: agg.local.map((l) => ({ ...l, file: sanitize(l.file, 300), sample: sanitize(l.sample, 300) })),
    window: { since: window.since?.toISOString() ?? null, until: window.until?.toISOString() ?? null },
    peers: cleanAll(peers),
    totals,
    series: agg.seriesData(),
    fileReports: agg.files.map((f) => (f.truncatedLine ? { ...f, truncatedLine: { ...f.truncatedLine, text: sanitize(f.truncatedLine.text, 200) } } : f)),
    findings,
  };
}

/** Cuts a cell to `w` characters (with …) and pads it. */
function cell(s: string, w: number): string {
  return s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w);
}

/** The per-peer table, worst first, at most `top` rows. */
export function referenceRenderTable(r: LogReport, lang: Lang, top = 50): string {
  const head = ['peer', 'dir', 'connector', 'sessions', 'versions', 'notls', 'failures', 'signatures', 'lastseen'].map((k) => ui(`logs.col.${k}`, lang));
  const rows = r.peers.slice(0, top).map((p) => [
    sanitize(p.name ? `${p.name} [${p.peer}]` : p.peer, 200),
    ui(`logs.dir.${p.direction}`, lang),
    sanitize(p.connector || p.format, 200),
    String(p.sessions),
    versionList(p, lang),
    String(p.noTls),
    String(p.failures),
    Object.entries(p.signatures)
      .map(([k, n]) => `${k.replace(/^sig\./, '')} ${n}`)
      .join(', ') || '-',
    p.lastSeen ? p.lastSeen.slice(0, 16).replace('T', ' ') : '-',
  ]);
  const max = [44, 8, 30, 8, 30, 8, 8, 40, 16];
  const w = head.map((h, i) => Math.min(max[i] as number, Math.max(h.length, ...rows.map((row) => (row[i] as string).length))));
  const right = new Set([3, 5, 6]);
  const fmt = (row: string[]): string =>
    row
      .map((c, i) => (right.has(i) ? c.padStart(w[i] as number) : cell(c, w[i] as number)))
      .join('  ')
      .trimEnd();
  const out = [fmt(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(fmt)];
  if (r.peers.length > top) out.push(ui('logs.more-rows', lang, { count: r.peers.length - top }));
  return out.join('\n') + '\n';
}
