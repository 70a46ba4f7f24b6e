// Report section for `listen` sessions: one verdict per sending peer, what its ClientHello offered, what was negotiated.
import { TLS_VERSIONS } from '../policy/exchange-online.js';
import {
  clean,
  esc,
  explanations,
  groupFindings,
  isLegacy,
  normVersion,
  pagerTable,
  versionColour,
  versionOrder,
  VERDICT_COLOUR,
  worstVerdict,
  type Ctx,
  type Figure,
  type PagerCell,
  type Section,
} from './html.js';
import { barChart, chartFigure } from './svg.js';
import type { ListenDoc, ListenSession, Verdict } from './types.js';
import { inboundTable } from './connector.js';

/** "192.0.2.1:51234" → "192.0.2.1", "[2001:db8::1]:25" → "2001:db8::1"; anything else unchanged. */
export function remoteHost(remote: string): string {
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(remote);
  if (v6) return v6[1] as string;
  const v4 = /^([^:]+):\d+$/.exec(remote);
  return v4 ? (v4[1] as string) : remote;
}

function highest(list: readonly (string | null | undefined)[]): string | null {
  let best: string | null = null;
  for (const x of list) if (x && (best === null || versionOrder(normVersion(x), best) > 0)) best = normVersion(x);
  return best;
}

interface Sender {
  host: string;
  sessions: ListenSession[];
  verdict: Verdict;
  offered: string | null;
  negotiated: string | null;
  sni: string[];
  last: ListenSession;
}

export function renderListen(doc: ListenDoc, ctx: Ctx): Section {
  const by = new Map<string, ListenSession[]>();
  for (const s of doc.sessions) {
    const h = remoteHost(s.remote);
    const l = by.get(h);
    if (l) l.push(s);
    else by.set(h, [s]);
  }
  const senders: Sender[] = [...by.entries()].map(([host, sessions]) => ({
    host,
    sessions,
    verdict: worstVerdict(sessions.map((s) => s.verdict)) ?? 'inconclusive',
    offered: highest(sessions.map((s) => s.clientHello?.maxVersion ?? highest(s.clientHello?.versions ?? []))),
    negotiated: highest(sessions.map((s) => s.negotiated?.version)),
    sni: [...new Set(sessions.map((s) => s.clientHello?.sni).filter((x): x is string => Boolean(x)))],
    last: sessions[sessions.length - 1] as ListenSession,
  }));
  senders.sort(
    (a, b) => ({ fail: 0, inconclusive: 1, pass: 2 })[a.verdict] - { fail: 0, inconclusive: 1, pass: 2 }[b.verdict] || b.sessions.length - a.sessions.length,
  );

  const nFail = senders.filter((s) => s.verdict === 'fail').length;
  const nInc = senders.filter((s) => s.verdict === 'inconclusive').length;
  const legacy = senders.filter((s) => s.offered !== null && isLegacy(s.offered)).length;
  const noTls = senders.filter((s) => s.sessions.every((x) => x.clientHello === null)).length;
  const verdict: Verdict = worstVerdict(senders.map((s) => s.verdict)) ?? 'inconclusive';
  const p = { n: ctx.n(senders.length), fail: ctx.n(nFail), inc: ctx.n(nInc), sessions: ctx.n(doc.sessions.length) };
  const figs: Figure[] = [
    { label: ctx.t('listen.fig.sessions'), value: ctx.n(doc.sessions.length) },
    { label: ctx.t('listen.fig.senders'), value: ctx.n(senders.length) },
    { label: ctx.t('listen.fig.failing'), value: ctx.n(nFail), ...(nFail > 0 ? { tone: 'bad' as const } : { tone: 'good' as const }) },
    { label: ctx.t('listen.fig.legacy'), value: ctx.n(legacy), ...(legacy > 0 ? { tone: 'warn' as const } : {}) },
    { label: ctx.t('listen.fig.noTls'), value: ctx.n(noTls), ...(noTls > 0 ? { tone: 'warn' as const } : {}) },
  ];

  // Chart: senders by the highest version their ClientHello offered.
  const counts = new Map<string, number>();
  for (const s of senders) {
    const k = s.offered ?? ctx.t('listen.noTls');
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort((a, b) => versionOrder(a, b));
  const offeredChart = chartFigure(
    ctx.t('listen.chart.offered'),
    barChart(
      keys.map((k) => ({ label: k, value: counts.get(k) ?? 0, colour: (TLS_VERSIONS as readonly string[]).includes(k) ? versionColour(k) : '#667085' })),
      ctx.t('listen.chart.offered'),
      ctx.n,
    ),
  );
  const verdictChart = chartFigure(
    ctx.t('listen.chart.verdicts'),
    barChart(
      (['fail', 'inconclusive', 'pass'] as const).map((v) => ({
        label: ctx.t(`verdict.${v}`),
        value: senders.filter((s) => s.verdict === v).length,
        colour: VERDICT_COLOUR[v],
      })),
      ctx.t('listen.chart.verdicts'),
      ctx.n,
    ),
  );

  const c = (s: string | null | undefined, max = 200): string => (s ? clean(s, max) : '');
  const senderRows: PagerCell[][] = senders.map((s) => [
    c(s.host, 100),
    s.sessions.length,
    s.offered ?? ctx.t('listen.noTls'),
    s.negotiated ?? '–',
    s.sni.map((x) => c(x, 100)),
    c(s.last.outcome, 100),
    c(s.last.reply, 300),
    s.verdict,
  ]);
  const sendersTable = pagerTable(
    {
      columns: [
        { label: ctx.t('listen.col.sender'), type: 'mono' },
        { label: ctx.t('listen.col.sessions'), type: 'num' },
        { label: ctx.t('listen.col.offered'), type: 'text' },
        { label: ctx.t('listen.col.negotiated'), type: 'text' },
        { label: 'SNI', type: 'list' },
        { label: ctx.t('listen.col.outcome'), type: 'text' },
        { label: ctx.t('listen.col.reply'), type: 'mono' },
        { label: ctx.t('verdict.label'), type: 'verdict' },
      ],
      rows: senderRows,
    },
    ctx,
  );

  const sessionRows: PagerCell[][] = doc.sessions.map((s) => [
    c(s.remote, 100),
    (s.clientHello?.versions ?? []).map((v) => c(normVersion(v), 30)),
    s.negotiated?.version ? c(normVersion(s.negotiated.version), 30) : '–',
    c(s.negotiated?.cipher, 100) || '–',
    c(s.outcome, 100),
    c(s.reply, 300),
    s.verdict,
  ]);
  const sessionsTable = pagerTable(
    {
      columns: [
        { label: ctx.t('listen.col.remote'), type: 'mono' },
        { label: ctx.t('listen.col.versions'), type: 'list' },
        { label: ctx.t('listen.col.negotiated'), type: 'text' },
        { label: ctx.t('listen.col.cipher'), type: 'mono' },
        { label: ctx.t('listen.col.outcome'), type: 'text' },
        { label: ctx.t('listen.col.reply'), type: 'mono' },
        { label: ctx.t('verdict.label'), type: 'verdict' },
      ],
      rows: sessionRows,
    },
    ctx,
  );

  const groups = groupFindings(doc.sessions.flatMap((s) => s.findings.map((f) => ({ finding: f, where: remoteHost(s.remote) }))));
  return {
    kind: 'listen',
    verdict,
    subject: `${ctx.tn('n.sessions', doc.sessions.length)} · ${ctx.tn('n.senders', senders.length)}`,
    headline: senders.length === 0 ? ctx.t('listen.headline.none') : ctx.t(`listen.headline.${verdict}`, p),
    figures: figs,
    body:
      `<div class="charts">${offeredChart}${verdictChart}</div>` +
      `<h3>${esc(ctx.t('listen.senders'))}</h3>${sendersTable}${inboundTable(doc.sessions, ctx)}${explanations(groups, ctx)}` +
      `<h3>${esc(ctx.t('listen.sessions'))}</h3>${sessionsTable}`,
  };
}
