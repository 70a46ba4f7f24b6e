// Report section for `explain`: the pasted NDR / log line, what it means, how to fix it and what to run next.
import { clean, esc, explanations, findingText, groupFindings, txt, type Ctx, type Section } from './html.js';
import type { ExplainDoc, Verdict } from './types.js';

export function renderExplain(doc: ExplainDoc, ctx: Ctx): Section {
  const errors = doc.findings.filter((f) => f.severity === 'error').length;
  const verdict: Verdict = doc.findings.length === 0 ? 'inconclusive' : errors > 0 ? 'fail' : 'pass';
  const first = doc.findings.find((f) => f.severity === 'error') ?? doc.findings[0];
  const headline = first ? ctx.t(`explain.headline.${verdict}`, { title: findingText(first, ctx).title }) : ctx.t('explain.headline.none');
  const lines = doc.input
    .split(/\r?\n/)
    .slice(0, 60)
    .map((l) => txt(l, 1000))
    .join('\n');
  const next = doc.next.length
    ? `<h3>${esc(ctx.t('explain.next'))}</h3><ul>${doc.next
        .slice(0, 10)
        .map((n) => `<li><code>${txt(n, 300)}</code></li>`)
        .join('')}</ul>`
    : '';
  return {
    kind: 'explain',
    verdict,
    subject: clean(doc.input.split(/\r?\n/)[0] ?? '', 100),
    headline,
    figures: [],
    body:
      `<h3>${esc(ctx.t('explain.input'))}</h3><pre class="input">${lines}</pre>` +
      (doc.findings.length
        ? explanations(groupFindings(doc.findings.map((f) => ({ finding: f, where: '' }))), ctx)
        : `<p class="muted">${esc(ctx.t('explain.unknown'))}</p>`) +
      next,
  };
}
