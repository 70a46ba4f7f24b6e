// Turns the aggregate into the LogReport: peers sorted worst first, totals, series, and findings with their ids.
import { finding, text as ui, type FindingId } from './messages.js';
import type { Finding, Severity } from '../findings/types.js';
import type { Lang } from '../i18n/lang.js';
import { sanitize } from '../net/sanitize.js';
import type { TlsVersion } from '../policy/exchange-online.js';
import type { Aggregate, PeerOrder, PeerPick } from './aggregate.js';
import { SIGNATURES } from './signatures.js';
import { FILE_ERRORS, type FileReport, type LogReport, type OtherLog, type PeerReport } from './types.js';

/** Findings per id beyond which the rest are summarised in `logs.more-peers`. */
export const MAX_PEER_FINDINGS = 50;

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

/** The peer findings' ids with what a peer must have for each, in the order the findings of one peer come. */
const PEER_FINDINGS: [FindingId, PeerPick][] = [
  ['logs.tls-failed-peer', 'failures'],
  ['logs.ssl3-peer', 'SSLv3'],
  ['logs.tls10-peer', 'TLSv1.0'],
  ['logs.tls11-peer', 'TLSv1.1'],
];

/** What a report whose peers are not built yet reads them from (see lazyPeers()). */
interface PeerSource {
  agg: Aggregate;
  order: PeerOrder;
}
const SOURCES = new WeakMap<LogReport, PeerSource>();

/** Every peer of `src` in report order, sanitised. */
function materialise(src: PeerSource): PeerReport[] {
  const ids = src.order.sorted();
  const n = ids.length;
  // built in id order (the aggregate's numbers read front to back, not at random), then put in report order
  const byId: PeerReport[] = new Array(n);
  for (let id = 0; id < n; id++) byId[id] = cleanPeer(src.agg.peerReport(id));
  const out: PeerReport[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = byId[ids[i] as number] as PeerReport;
  return out;
}

/**
 * Makes `r.peers` a property that builds the peers when first read (then an ordinary data property, in the same place
 * among the keys: JSON.stringify, spread and structuredClone read it as any other), so that the human output, which
 * shows a few of them, does not build tens of thousands. The aggregate must not change afterwards.
 */
function lazyPeers(r: LogReport, src: PeerSource): void {
  let built: PeerReport[] | undefined;
  const settle = (v: PeerReport[]): PeerReport[] => {
    SOURCES.delete(r);
    try {
      Object.defineProperty(r, 'peers', { value: v, writable: true, enumerable: true, configurable: true });
    } catch {
      // (a frozen report keeps the accessor; `built` answers)
    }
    return v;
  };
  SOURCES.set(r, src);
  Object.defineProperty(r, 'peers', {
    enumerable: true,
    configurable: true,
    get: (): PeerReport[] => (built ??= settle(materialise(src))),
    set: (v: PeerReport[]) => {
      if (Object.isFrozen(r)) throw new TypeError('Cannot assign to read only property peers');
      built = settle(v);
    },
  });
}

/** Number of peers of a report (without building them when they are not yet). */
export function peerCount(r: LogReport): number {
  const src = SOURCES.get(r);
  return src ? src.order.n : r.peers.length;
}

/** The longest top of peers topPeers() picks without building every peer (a longer one builds them all). */
export const TOP_PICKED = 200;

/** The first `k` peers of a report, as `r.peers.slice(0, k)` (without building the others when they are not yet). */
export function topPeers(r: LogReport, k: number): PeerReport[] {
  const src = SOURCES.get(r);
  // (picking k of n costs up to n * k steps: for a long table, or few peers, all are built and sliced)
  if (!src || k > TOP_PICKED || k * 8 >= src.order.n) return r.peers.slice(0, k);
  return src.order.first(k, 'all').ids.map((id) => cleanPeer(src.agg.peerReport(id)));
}

/**
 * The LogReport of an aggregate. `lazy`: the peers are built when `peers` is first read (for a caller that owns the
 * aggregate and changes it no more, as analyzeLogs()).
 */
export function buildReport(agg: Aggregate, lang: Lang, window: { since: Date | undefined; until: Date | undefined }, lazy = false): LogReport {
  const order = agg.peerOrder();
  const totals = agg.totals();
  const findings: Finding[] = [];
  const dirText = (p: PeerReport): string => ui(`logs.dir.${p.direction}.long`, lang);
  const who = (p: PeerReport): string => sanitize(p.name ? `${p.name} [${p.peer}]` : p.peer, 300);
  const day = (t: string | null | undefined): string => (t ? t.slice(0, 16).replace('T', ' ') : '?');
  // the texts of a peer are built only for the findings that are kept (sanitize() per peer adds up with many peers)
  const baseOf = (p: PeerReport) => ({ peer: who(p), direction: dirText(p), connector: sanitize(p.connector || p.format, 200), sessions: p.sessions });
  const made = (id: FindingId, p: PeerReport): Finding => {
    if (id === 'logs.tls-failed-peer') {
      const sigs =
        Object.keys(p.signatures).join(', ') ||
        Object.keys(p.errors)
          .map((e) => sanitize(e, 80))
          .join(', ');
      return finding(id, lang, { ...baseOf(p), count: p.failures, signatures: sigs, lastSeen: day(p.lastSeen) });
    }
    if (id === 'logs.no-tls-peer') return finding(id, lang, { ...baseOf(p), count: p.noTls, lastSeen: day(p.lastSeen) });
    const v = (OLD.find((x) => x[1] === id) as [TlsVersion, FindingId])[0];
    return finding(id, lang, { ...baseOf(p), count: p.versions[v] as number, lastSeen: day(p.versionLastSeen[v] ?? p.lastSeen) });
  };
  // the peer findings from the numbers: per id how many peers, and the first MAX_PEER_FINDINGS in report order (the
  // only ones with a finding of their own); in the order of a walk over the sorted peers (each peer's findings in
  // PEER_FINDINGS order), then the peers without TLS (only when some sessions used TLS)
  const firsts = order.firstOf(MAX_PEER_FINDINGS, [...PEER_FINDINGS.map((x) => x[1]), 'noTls']);
  const picked = PEER_FINDINGS.map(([id], i) => ({ id, i, ...(firsts[i] as { ids: number[]; count: number }), kept: new Set<number>() }));
  for (const s of picked) for (const id of s.ids) s.kept.add(id);
  const withFindings = [...new Set(picked.flatMap((s) => s.ids))].sort((a, b) => order.cmp(a, b));
  for (const id of withFindings) {
    const p = agg.peerReport(id);
    for (const s of picked) if (s.kept.has(id)) findings.push(made(s.id, p));
  }
  // a finding id's first peer decides its place among the `logs.more-peers` summaries
  const counted = picked.filter((s) => s.count > 0).sort((a, b) => order.cmp(a.ids[0] as number, b.ids[0] as number) || a.i - b.i);
  if (totals.tlsSessions > 0) {
    const s = firsts[PEER_FINDINGS.length] as { ids: number[]; count: number };
    for (const id of s.ids) findings.push(made('logs.no-tls-peer', agg.peerReport(id)));
    if (s.count > 0) counted.push({ id: 'logs.no-tls-peer', i: PEER_FINDINGS.length, ...s, kept: new Set() });
  }
  for (const s of counted) if (s.count > MAX_PEER_FINDINGS) findings.push(finding('logs.more-peers', lang, { count: s.count - MAX_PEER_FINDINGS, id: s.id }));
  // the article's signatures, with the id `explain` knows
  for (const s of SIGNATURES) {
    const count = totals.signatures[s.id];
    if (!count) continue;
    const npeers = order.peersWithSignature(s.id);
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
      const detected = f.detectedLog ? otherLogText(f.detectedLog, lang) : f.detected;
      findings.push(finding('logs.file-not-mta', lang, { file: sanitize(f.file, 300), detected: sanitize(detected, 200) }));
      continue;
    }
    const id = f.format || f.error === FILE_ERRORS.truncatedGzip || /^E[A-Z]+:/.test(f.error) ? 'logs.file-unreadable' : 'logs.file-unrecognized';
    findings.push(finding(id, lang, { file: sanitize(f.file, 300), reason: sanitize(fileReasonText(f, lang), 200) }));
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
  const report: LogReport = {
    files: agg.files.length,
    lines: agg.lines,
    bytes: agg.bytes,
    malformed: agg.malformed,
    malformedSamples: agg.samples.map((m) => ({ ...m, file: sanitize(m.file, 300), text: sanitize(m.text, 200) })),
    tlsLinesNotUsed: agg.tlsUnused,
    tlsLinesNotUsedSamples: agg.tlsUnusedSamples.map((m) => ({ ...m, file: sanitize(m.file, 300), text: sanitize(m.text, 200) })),
    localFailures: agg.local.map((l) => ({ ...l, file: sanitize(l.file, 300), sample: sanitize(l.sample, 300) })),
    window: { since: window.since?.toISOString() ?? null, until: window.until?.toISOString() ?? null },
    peers: lazy ? [] : materialise({ agg, order }),
    totals,
    series: agg.seriesData(),
    fileReports: agg.files.map((f) => (f.truncatedLine ? { ...f, truncatedLine: { ...f.truncatedLine, text: sanitize(f.truncatedLine.text, 200) } } : f)),
    findings,
  };
  if (lazy) lazyPeers(report, { agg, order });
  return report;
}

/**
 * The exit status a logs report stands for (the codes of docs/json.md): 1 when a finding is an error (a peer used
 * SSL 3.0/TLS 1.0/1.1, a TLS failure, this server cannot do TLS); 0 only for the all-clear `logs.clean` (every line
 * understood, every version known, every file read to its end); 2 otherwise: the check could not complete (a file or
 * part of one unread or cut off, TLS lines not used, versions not logged, no TLS data, no sessions). Decided on ids.
 */
export function reportExit(r: Pick<LogReport, 'findings'>): 0 | 1 | 2 {
  if (r.findings.some((f) => f.severity === 'error')) return 1;
  return r.findings.some((f) => f.id === 'logs.clean') ? 0 : 2;
}

/** The ids of the findings that stand in the way of an all-clear (for the one-line reason of exit 2). */
export function doubtIds(r: Pick<LogReport, 'findings'>): string[] {
  const ids = r.findings.filter((f) => f.id !== 'logs.signature' && !f.id.endsWith('-peer')).map((f) => f.id);
  return [...new Set(ids)];
}

const FILE_ERROR_KEYS = new Map<string, string>(Object.entries(FILE_ERRORS).map(([k, v]) => [v, `logs.file-error.${k}`]));
/** A FileReport.error for people: this tool's own reasons in the report language, system errors as they are. */
export function fileErrorText(error: string, lang: Lang): string {
  const key = FILE_ERROR_KEYS.get(error);
  return key ? ui(key, lang) : error;
}

/** What a log this tool does not read is, in the report language. */
export function otherLogText(o: OtherLog, lang: Lang): string {
  switch (o.kind) {
    case 'exchange-other':
      return ui('logs.other.exchange-other', lang, { logType: o.logType });
    case 'syslog':
      return ui('logs.other.syslog', lang, { programs: o.programs.join(', ') });
    default:
      return ui(`logs.other.${o.kind}`, lang);
  }
}

/** Why a file was not (fully) read, for people, in the report language (FileReport.error is the English of it). */
export function fileReasonText(f: Pick<FileReport, 'error' | 'detectedLog'>, lang: Lang): string {
  if (f.detectedLog) return ui('logs.file-error.notSmtp', lang, { detected: otherLogText(f.detectedLog, lang) });
  return fileErrorText(f.error ?? '', lang);
}

const SAMPLE_REASONS = new Set([
  'binary',
  'exchange-fields',
  'exchange-tls-line',
  'line-too-long',
  'not-an-smtp-log',
  'truncated-line',
  'unknown-format',
  'unrecognised',
  'tls-line-not-used',
]);
/** A malformed sample's reason (a stable id in --json) for people, in the report language. */
export function sampleReasonText(reason: string, lang: Lang): string {
  return SAMPLE_REASONS.has(reason) ? ui(`logs.reason.${reason}`, lang) : reason;
}
