// Report section for bulk `scan` results: aggregates and charts first, then every domain worst-first, paginated.
import {
  clean,
  esc,
  explanations,
  findingText,
  groupFindings,
  pagerTable,
  VERDICT_COLOUR,
  VERDICT_RANK,
  type Ctx,
  type Figure,
  type PagerCell,
  type Section,
} from './html.js';
import { barChart, chartFigure, donut } from './svg.js';
import type { ScanDoc, ScanDomain, Verdict } from './types.js';

/** Rows embedded for client-side paging; beyond this the best-scoring domains are left out (and the page says so). */
export const MAX_SCAN_ROWS = 250_000;
const SEV_W = { error: 1000, warning: 10, info: 0 } as const;

function score(d: ScanDomain): number {
  let s = 0;
  for (const f of d.findings) s += SEV_W[f.severity];
  return s;
}

export function renderScan(doc: ScanDoc, ctx: Ctx): Section {
  const { pass, fail, inconclusive } = doc.verdicts;
  const total = doc.total;
  const verdict: Verdict = fail > 0 ? 'fail' : inconclusive > 0 || total === 0 ? 'inconclusive' : 'pass';
  const p = { total: ctx.n(total), fail: ctx.n(fail), inc: ctx.n(inconclusive), pass: ctx.n(pass), pct: ctx.pct(fail, total) };
  const figs: Figure[] = [
    { label: ctx.t('scan.fig.domains'), value: ctx.n(total) },
    { label: ctx.t('scan.fig.fail', { pct: ctx.pct(fail, total) }), value: ctx.n(fail), tone: fail > 0 ? 'bad' : 'good' },
    {
      label: ctx.t('scan.fig.inconclusive', { pct: ctx.pct(inconclusive, total) }),
      value: ctx.n(inconclusive),
      ...(inconclusive > 0 ? { tone: 'warn' as const } : {}),
    },
    { label: ctx.t('scan.fig.pass', { pct: ctx.pct(pass, total) }), value: ctx.n(pass), tone: 'good' },
  ];

  // Charts: verdict distribution, providers behind the failures, the most common findings.
  const parts = (['fail', 'inconclusive', 'pass'] as const).map((v) => ({ label: ctx.t(`verdict.${v}`), value: doc.verdicts[v], colour: VERDICT_COLOUR[v] }));
  const charts: string[] = [];
  charts.push(
    `<figure class="chart"><figcaption>${esc(ctx.t('scan.chart.verdicts'))}</figcaption><div class="donut">` +
      donut(parts, ctx.n(total), ctx.t('scan.domainsWord'), ctx.t('scan.chart.verdicts')) +
      `<ul class="legend" style="flex-direction:column">${parts.map((x) => `<li><span class="sw" style="background:${x.colour}"></span>${esc(x.label)}: <strong>${esc(ctx.n(x.value))}</strong> (${esc(ctx.pct(x.value, total))})</li>`).join('')}</ul></div></figure>`,
  );
  if (doc.topFailingProviders.length) {
    const top = [...doc.topFailingProviders].sort((a, b) => b.count - a.count).slice(0, 12);
    charts.push(
      chartFigure(
        ctx.t('scan.chart.providers'),
        barChart(
          top.map((x) => ({ label: x.provider, value: x.count, colour: VERDICT_COLOUR.fail, note: ctx.pct(x.count, fail) })),
          ctx.t('scan.chart.providers'),
          ctx.n,
        ),
      ),
    );
  }
  const groups = groupFindings(
    doc.domains.flatMap((d) => d.findings.map((f) => ({ finding: f, where: d.domain }))),
    5,
  );
  if (groups.length) {
    const top = groups.slice(0, 10);
    charts.push(
      chartFigure(
        ctx.t('scan.chart.findings'),
        barChart(
          top.map((g) => ({
            label: findingText(g.finding, ctx).title,
            value: g.count,
            colour: g.finding.severity === 'error' ? VERDICT_COLOUR.fail : g.finding.severity === 'warning' ? '#f79009' : '#98a2b3',
          })),
          ctx.t('scan.chart.findings'),
          ctx.n,
        ),
      ),
    );
  }

  // Every domain, worst first; finding titles are shared through a dictionary to keep the embedded JSON small.
  const sorted = [...doc.domains].sort((a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || score(b) - score(a) || a.domain.localeCompare(b.domain));
  const kept = sorted.slice(0, MAX_SCAN_ROWS);
  const dict: string[] = [];
  const dictIx = new Map<string, number>();
  const ix = (s: string): number => {
    let i = dictIx.get(s);
    if (i === undefined) {
      i = dict.length;
      dict.push(s);
      dictIx.set(s, i);
    }
    return i;
  };
  const titleOf = new Map<string, string>();
  const rows: PagerCell[][] = kept.map((d) => {
    const fs = d.findings.map((f) => {
      let t = titleOf.get(f.id);
      if (t === undefined) titleOf.set(f.id, (t = clean(findingText(f, ctx).title, 160)));
      return ix(t);
    });
    const mx = d.mx.length > 2 ? `${d.mx.slice(0, 2).join(', ')} +${d.mx.length - 2}` : d.mx.join(', ');
    return [clean(d.domain, 200), d.verdict, clean(mx, 200) || '–', fs];
  });
  const domainTable = doc.domains.length
    ? `<h3>${esc(ctx.t('scan.domains'))}</h3><p class="muted small">${esc(ctx.t('scan.domainsNote'))}</p>` +
      pagerTable(
        {
          columns: [
            { label: ctx.t('scan.col.domain'), type: 'mono' },
            { label: ctx.t('verdict.label'), type: 'verdict' },
            { label: 'MX', type: 'mono' },
            { label: ctx.t('findings.title'), type: 'list' },
          ],
          rows,
          dict,
          pageSize: 50,
        },
        ctx,
      ) +
      (sorted.length > kept.length ? `<p class="muted small">${esc(ctx.t('scan.truncated', { n: ctx.n(kept.length), total: ctx.n(sorted.length) }))}</p>` : '')
    : `<p class="muted">${esc(ctx.t('scan.noDomains'))}</p>`;

  return {
    kind: 'scan',
    verdict,
    subject: ctx.tn('n.domains', total),
    headline: ctx.t(`scan.headline.${verdict}`, p),
    figures: figs,
    body: `<div class="charts">${charts.join('')}</div>${explanations(groups, ctx, 15)}${domainTable}`,
  };
}
