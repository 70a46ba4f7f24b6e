// Report section for `logs` analyses: TLS versions per day and per peer, failures, error signatures, findings.
import {
  clean,
  esc,
  explanations,
  findingList,
  groupFindings,
  isLegacy,
  normVersion,
  pagerTable,
  versionColour,
  versionOrder,
  type Ctx,
  type Figure,
  type PagerCell,
  type Section,
} from './html.js';
import { chartFigure, columnChart, stackedBars, type Key } from './svg.js';
import type { LogsDoc, LogsPeer, Verdict } from './types.js';

const TOP_PEERS = 25;

function norm(m: Record<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [k, v] of Object.entries(m)) out.set(normVersion(k), (out.get(normVersion(k)) ?? 0) + v);
  return out;
}
function legacyCount(p: LogsPeer): number {
  let n = 0;
  for (const [k, v] of norm(p.versions)) if (isLegacy(k)) n += v;
  return n;
}
function day(s: string | null): string {
  return s ? clean(s.slice(0, 19).replace('T', ' '), 40) : '–';
}

export function renderLogs(doc: LogsDoc, ctx: Ctx): Section {
  const peers = [...doc.peers].sort((a, b) => legacyCount(b) - legacyCount(a) || b.failures - a.failures || a.peer.localeCompare(b.peer));
  const legacyPeers = peers.filter((p) => legacyCount(p) > 0).length;
  const failingPeers = peers.filter((p) => p.failures > 0).length;
  const failures = peers.reduce((a, p) => a + p.failures, 0);
  const errors = doc.findings.filter((f) => f.severity === 'error').length;
  const verdict: Verdict = errors > 0 ? 'fail' : peers.length === 0 ? 'inconclusive' : 'pass';
  const firsts = peers
    .map((p) => p.firstSeen)
    .filter((x): x is string => Boolean(x))
    .sort();
  const lasts = peers
    .map((p) => p.lastSeen)
    .filter((x): x is string => Boolean(x))
    .sort();
  const p = { n: ctx.n(peers.length), legacy: ctx.n(legacyPeers), failing: ctx.n(failingPeers), files: ctx.n(doc.files), lines: ctx.n(doc.lines ?? 0) };

  const figs: Figure[] = [
    { label: ctx.t('logs.fig.files'), value: ctx.n(doc.files) },
    ...(doc.lines !== null ? [{ label: ctx.t('logs.fig.lines'), value: ctx.n(doc.lines) }] : []),
    { label: ctx.t('logs.fig.peers'), value: ctx.n(peers.length) },
    { label: ctx.t('logs.fig.legacy'), value: ctx.n(legacyPeers), tone: legacyPeers > 0 ? 'bad' : 'good' },
    { label: ctx.t('logs.fig.failures'), value: ctx.n(failures), ...(failures > 0 ? { tone: 'warn' as const } : {}) },
  ];
  if (firsts.length && lasts.length) {
    const a = day(firsts[0] ?? null).slice(0, 10),
      b = day(lasts[lasts.length - 1] ?? null).slice(0, 10);
    figs.push({ label: ctx.t('logs.fig.period'), value: a === b ? a : a.slice(0, 4) === b.slice(0, 4) ? `${a} – ${b.slice(5)}` : `${a} – ${b}` });
  }

  // Every version that occurs, oldest first, as chart keys.
  const all = new Set<string>();
  for (const pr of peers) for (const k of norm(pr.versions).keys()) all.add(k);
  for (const d of doc.days) for (const k of Object.keys(d.versions)) all.add(normVersion(k));
  const keys: Key[] = [...all].sort(versionOrder).map((k) => ({ key: k, label: k, colour: versionColour(k) }));

  const charts: string[] = [];
  if (doc.days.length) {
    const days = [...doc.days].sort((a, b) => a.day.localeCompare(b.day));
    charts.push(
      chartFigure(
        ctx.t('logs.chart.perDay'),
        columnChart(
          days.map((d) => ({ label: d.day, parts: keys.map((k) => ({ key: k.key, value: norm(d.versions).get(k.key) ?? 0 })) })),
          keys,
          ctx.t('logs.chart.perDay'),
          ctx.n,
        ),
        keys,
        true,
      ),
    );
  }
  if (peers.length) {
    const top = peers.slice(0, TOP_PEERS);
    charts.push(
      chartFigure(
        ctx.t('logs.chart.perPeer', { n: ctx.n(top.length), total: ctx.n(peers.length) }),
        stackedBars(
          top.map((pr) => {
            const m = norm(pr.versions);
            const total = [...m.values()].reduce((a, b) => a + b, 0);
            const lg = legacyCount(pr);
            return {
              label: pr.name ? `${pr.peer} (${pr.name})` : pr.peer,
              parts: keys.map((k) => ({ key: k.key, value: m.get(k.key) ?? 0 })),
              note: `${ctx.n(total)}${lg ? ` · ${ctx.t('logs.legacyShare', { pct: ctx.pct(lg, total) })}` : ''}${pr.failures ? ` · ${ctx.t('logs.failuresN', { n: ctx.n(pr.failures) })}` : ''}`,
            };
          }),
          keys,
          ctx.t('logs.chart.perPeer', { n: ctx.n(top.length), total: ctx.n(peers.length) }),
        ),
        keys,
      ),
    );
  }

  const rows: PagerCell[][] = peers.map((pr) => {
    const m = norm(pr.versions);
    return [
      clean(pr.name ? `${pr.peer} (${pr.name})` : pr.peer, 200),
      pr.direction ? clean(pr.direction, 40) : '–',
      [...m.entries()].sort((a, b) => versionOrder(a[0], b[0])).map(([k, v]) => `${clean(k, 30)}: ${ctx.n(v)}`),
      pr.failures,
      pr.signatures.slice(0, 10).map((s) => clean(s.count !== null ? `${s.name} ×${s.count}` : s.name, 120)),
      day(pr.firstSeen),
      day(pr.lastSeen),
    ];
  });
  const peersTable = pagerTable(
    {
      columns: [
        { label: ctx.t('logs.col.peer'), type: 'mono' },
        { label: ctx.t('logs.col.direction'), type: 'text' },
        { label: ctx.t('logs.col.versions'), type: 'list' },
        { label: ctx.t('logs.col.failures'), type: 'num' },
        { label: ctx.t('logs.col.signatures'), type: 'list' },
        { label: ctx.t('logs.col.first'), type: 'text' },
        { label: ctx.t('logs.col.last'), type: 'text' },
      ],
      rows,
    },
    ctx,
  );

  const files = doc.fileNames.length
    ? `<p class="muted small">${esc(ctx.t('logs.filesRead'))} ${doc.fileNames
        .slice(0, 12)
        .map((f) => `<span class="chip">${esc(clean(f, 200))}</span>`)
        .join('')}${doc.fileNames.length > 12 ? ` ${esc(ctx.t('findings.more', { n: ctx.n(doc.fileNames.length - 12) }))}` : ''}</p>`
    : '';
  return {
    kind: 'logs',
    verdict,
    subject: doc.lines !== null ? `${ctx.tn('n.files', doc.files)} · ${ctx.tn('n.lines', doc.lines)}` : ctx.tn('n.files', doc.files),
    headline: peers.length === 0 ? ctx.t('logs.headline.none') : ctx.t(`logs.headline.${verdict === 'fail' || legacyPeers > 0 ? 'fail' : 'pass'}`, p),
    figures: figs,
    body:
      `${files}${charts.length ? `<div class="charts">${charts.join('')}</div>` : ''}` +
      (doc.days.length === 0 && peers.length ? `<p class="muted small">${esc(ctx.t('logs.noDays'))}</p>` : '') +
      `<h3>${esc(ctx.t('findings.title'))}</h3>${findingList(doc.findings, ctx)}` +
      explanations(groupFindings(doc.findings.map((f) => ({ finding: f, where: typeof f.params?.peer === 'string' ? f.params.peer : '' }))), ctx) +
      `<h3>${esc(ctx.t('logs.peers'))}</h3>${peersTable}`,
  };
}
