// Report section for `lab --json`: each scenario, whether mailtls diagnosed it as expected, its findings and fix.
import { esc, explanations, groupFindings, txt, type Ctx, type Section } from './html.js';
import type { LabDoc, Verdict } from './types.js';

export function renderLab(doc: LabDoc, ctx: Ctx): Section {
  const passed = doc.scenarios.filter((s) => s.pass).length;
  const total = doc.scenarios.length;
  // the lab's own verdict: did every scenario reproduce as expected (a mailtls regression otherwise)
  const verdict: Verdict = total === 0 ? 'inconclusive' : doc.pass ? 'pass' : 'fail';
  const rows = doc.scenarios.map((s) => {
    const status = s.pass ? ctx.t('lab.reproduced') : ctx.t('lab.not-reproduced');
    const why = s.error ? txt(s.error, 300) : s.missing.length ? txt(s.missing.join('; '), 300) : '';
    return (
      `<tr><td><strong>${txt(s.name, 80)}</strong><div class="muted small">${txt(s.title, 200)}</div></td>` +
      `<td>${esc(ctx.t(`verdict.${s.verdict}`))}</td><td>${esc(status)}${why ? `<div class="muted small">${why}</div>` : ''}</td>` +
      `<td><code>${txt(s.command, 300)}</code>${s.fix ? `<div class="small">${txt(s.fix, 400)}</div>` : ''}</td></tr>`
    );
  });
  const table =
    `<table><thead><tr><th>${esc(ctx.t('lab.col.scenario'))}</th><th>${esc(ctx.t('verdict.label'))}</th>` +
    `<th>${esc(ctx.t('lab.col.status'))}</th><th>${esc(ctx.t('lab.col.command'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  const findings = doc.scenarios.flatMap((s) => s.findings.map((f) => ({ finding: f, where: s.name })));
  return {
    kind: 'lab',
    verdict,
    subject: ctx.t('lab.subject', { n: ctx.n(total) }),
    headline: ctx.t(`lab.headline.${verdict}`, { passed: ctx.n(passed), total: ctx.n(total) }),
    figures: [
      { label: ctx.t('lab.fig.reproduced'), value: ctx.n(passed), tone: 'good' },
      { label: ctx.t('lab.fig.not-reproduced'), value: ctx.n(total - passed), ...(total - passed > 0 ? { tone: 'bad' as const } : {}) },
    ],
    body: table + (findings.length ? explanations(groupFindings(findings), ctx) : ''),
  };
}
