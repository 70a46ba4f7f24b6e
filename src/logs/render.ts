// Human table and CSV renderings of a LogReport (pure functions; every log-derived string is sanitised).
import { text as ui } from './messages.js';
import type { Lang } from '../i18n/lang.js';
import { sanitize } from '../net/sanitize.js';
import { TLS_VERSIONS } from '../policy/exchange-online.js';
import { peerCount, topPeers } from './report.js';
import type { LogReport, PeerReport } from './types.js';

/** Version counts, newest first: "1.2 940, 1.0 3". */
export function versionList(p: { versions: PeerReport['versions']; unknownVersion: number }, lang: Lang): string {
  const parts: string[] = [];
  for (let i = TLS_VERSIONS.length - 1; i >= 0; i--) {
    const v = TLS_VERSIONS[i] as (typeof TLS_VERSIONS)[number];
    const n = p.versions[v];
    if (n) parts.push(`${v.replace('TLSv', '')} ${n}`);
  }
  if (p.unknownVersion) parts.push(`${ui('logs.unknown-version', lang)} ${p.unknownVersion}`);
  return parts.join(', ') || '-';
}

/** Cuts a cell to `w` characters (with …) and pads it. */
function cell(s: string, w: number): string {
  return s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w);
}

/** The per-peer table, worst first, at most `top` rows. */
export function renderTable(r: LogReport, lang: Lang, top = 50): string {
  const head = ['peer', 'dir', 'connector', 'sessions', 'versions', 'notls', 'failures', 'signatures', 'lastseen'].map((k) => ui(`logs.col.${k}`, lang));
  const rows = topPeers(r, top).map((p) => [
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
  const n = peerCount(r);
  if (n > top) out.push(ui('logs.more-rows', lang, { count: n - top }));
  return out.join('\n') + '\n';
}

/** The per-day version series, one line per day. */
export function renderSeries(r: LogReport, lang: Lang): string {
  const days = Object.entries(r.series);
  if (days.length === 0) return '';
  const lines = [ui('logs.series', lang)];
  for (const [day, v] of days) {
    const parts: string[] = [];
    for (let i = TLS_VERSIONS.length - 1; i >= 0; i--) {
      const k = TLS_VERSIONS[i] as (typeof TLS_VERSIONS)[number];
      if (v[k]) parts.push(`${k} ${v[k]}`);
    }
    if (v.unknown) parts.push(`${ui('logs.unknown-version', lang)} ${v.unknown}`);
    if (v.none) parts.push(`${ui('logs.col.notls', lang)} ${v.none}`);
    if (v.failed) parts.push(`${ui('logs.col.failures', lang)} ${v.failed}`);
    lines.push(`  ${day}  ${parts.join(', ')}`);
  }
  return lines.join('\n') + '\n';
}

/** One CSV field: quoted when needed, and a leading = + - @ neutralised so spreadsheets do not run it. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  let s = typeof v === 'number' ? String(v) : sanitize(v, 2000);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const CSV_COLUMNS = [
  'peer',
  'name',
  'direction',
  'connector',
  'format',
  'sessions',
  'tls_sessions',
  'no_tls',
  ...TLS_VERSIONS,
  'unknown_version',
  'failures',
  'signatures',
  'errors',
  'suites',
  'first_seen',
  'last_seen',
] as const;

/** The peers as CSV (header + one row per peer), worst first. */
export function renderCsv(r: LogReport): string {
  const kv = (o: Record<string, number | undefined>): string =>
    Object.entries(o)
      .map(([k, n]) => `${k}=${n}`)
      .join(';');
  const lines = [CSV_COLUMNS.join(',')];
  for (const p of r.peers) {
    lines.push(
      [
        p.peer,
        p.name,
        p.direction,
        p.connector,
        p.format,
        p.sessions,
        p.tlsSessions,
        p.noTls,
        ...TLS_VERSIONS.map((v) => p.versions[v] ?? 0),
        p.unknownVersion,
        p.failures,
        kv(p.signatures),
        kv(p.errors),
        kv(p.suites),
        p.firstSeen,
        p.lastSeen,
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
