// Report section for `probe` results: verdict per MX host, the version × host matrix, certificates, findings.
import { EXCHANGE_ONLINE, TLS_VERSIONS } from '../policy/exchange-online.js';
import { esc, explanations, findingList, groupFindings, isLegacy, txt, verdictBadge, type Ctx, type Figure, type Section } from './html.js';
import type { ProbeDoc, ProbeHost } from './types.js';
import { outboundBlock } from './connector.js';

const DAY = 86_400_000;

function hostLabel(h: ProbeHost): string {
  return h.port && h.port !== 25 ? `${h.host}:${h.port}` : h.host;
}

/** Class and text of one matrix cell: green where it helps delivery, red where it blocks it. */
function cell(h: ProbeHost, v: string, ctx: Ctx): string {
  const val = h.versions[v];
  const modern = h.versions['TLSv1.2'] === true || h.versions['TLSv1.3'] === true;
  if (val === true) return `<td class="m ${isLegacy(v) ? 'm-legacy' : 'm-ok'}">✓ ${esc(ctx.t('probe.accepted'))}</td>`;
  if (val === false) return `<td class="m ${v === 'TLSv1.2' && !modern ? 'm-bad' : 'm-no'}">✕ ${esc(ctx.t('probe.refused'))}</td>`;
  return `<td class="m m-unk">? ${esc(ctx.t('probe.unknown'))}</td>`;
}

function starttlsText(s: string | null, ctx: Ctx): string {
  if (s === 'offered' || s === 'not-offered' || s === 'failed' || s === 'not-tested') return ctx.t(`probe.starttls.${s}`);
  return s ? s : '–';
}

function certBlock(h: ProbeHost, ctx: Ctx, now: Date): string {
  const c = h.certificate;
  if (!c) return '';
  const rows: string[] = [];
  rows.push(`<dt>${esc(ctx.t('probe.cert.subject'))}</dt><dd>${txt(c.subject) || '–'}</dd>`);
  if (c.sanNames.length)
    rows.push(
      `<dt>${esc(ctx.t('probe.cert.san'))}</dt><dd>${c.sanNames
        .slice(0, 20)
        .map((n) => `<span class="chip">${txt(n, 200)}</span>`)
        .join('')}${c.sanNames.length > 20 ? ` ${esc(ctx.t('findings.more', { n: ctx.n(c.sanNames.length - 20) }))}` : ''}</dd>`,
    );
  if (c.notAfter) {
    const t = Date.parse(c.notAfter);
    let extra = '';
    if (Number.isFinite(t)) {
      const days = Math.floor((t - now.getTime()) / DAY);
      extra =
        days < 0
          ? ` <span class="badge v-fail">${esc(ctx.t('probe.cert.expired'))}</span>`
          : ` <span class="badge ${days < 21 ? 'v-inconclusive' : 'v-pass'}">${esc(ctx.t('probe.cert.daysLeft', { n: ctx.n(days) }))}</span>`;
    }
    rows.push(`<dt>${esc(ctx.t('probe.cert.notAfter'))}</dt><dd>${txt(c.notAfter, 60)}${extra}</dd>`);
  }
  const yn = (b: boolean | null) => (b === null ? '–' : ctx.t(b ? 'yes' : 'no'));
  rows.push(`<dt>${esc(ctx.t('probe.cert.nameMatches'))}</dt><dd>${esc(yn(c.nameMatches))}</dd>`);
  rows.push(`<dt>${esc(ctx.t('probe.cert.selfSigned'))}</dt><dd>${esc(yn(c.selfSigned))}</dd>`);
  return `<h4>${esc(ctx.t('probe.certificate'))}</h4><dl class="kv">${rows.join('')}</dl>`;
}

function suites(h: ProbeHost, ctx: Ctx): string {
  const vs = Object.keys(h.ciphers).filter((v) => (h.ciphers[v] ?? []).length > 0);
  if (vs.length === 0) return '';
  const ok = new Set([...EXCHANGE_ONLINE.tls12Suites, ...EXCHANGE_ONLINE.tls13Suites]);
  const rows = vs.map((v) => {
    const list = (h.ciphers[v] ?? [])
      .slice(0, 60)
      .map(
        (s) =>
          `<span class="chip${ok.has(s) ? ' chip-ok' : ''}" title="${ok.has(s) ? esc(ctx.t('probe.suiteEo')) : ''}">${txt(s, 100)}${ok.has(s) ? ' ✓' : ''}</span>`,
      );
    return `<dt>${txt(v, 20)}</dt><dd>${list.join('')}</dd>`;
  });
  return `<h4>${esc(ctx.t('probe.suites'))}</h4><p class="muted small">${esc(ctx.t('probe.suitesNote'))}</p><dl class="kv">${rows.join('')}</dl>`;
}

export function renderProbe(doc: ProbeDoc, ctx: Ctx, now: Date): Section {
  const hosts = doc.hosts;
  const nPass = hosts.filter((h) => h.verdict === 'pass').length;
  const nFail = hosts.filter((h) => h.verdict === 'fail').length;
  const nInc = hosts.length - nPass - nFail;
  const legacy = hosts.filter((h) => TLS_VERSIONS.some((v) => isLegacy(v) && h.versions[v] === true)).length;
  const all = [...doc.findings, ...hosts.flatMap((h) => h.findings)];
  const errors = all.filter((f) => f.severity === 'error').length;
  const warnings = all.filter((f) => f.severity === 'warning').length;
  const p = { target: doc.target, n: ctx.n(hosts.length), fail: ctx.n(nFail), inc: ctx.n(nInc), pass: ctx.n(nPass) };
  const headline = hosts.length === 0 ? ctx.t('probe.headline.noHosts', p) : ctx.t(`probe.headline.${doc.verdict}`, p);

  const expiries = hosts.map((h) => (h.certificate?.notAfter ? Date.parse(h.certificate.notAfter) : NaN)).filter((t) => Number.isFinite(t));
  const figs: Figure[] = [
    { label: ctx.t('probe.fig.hosts'), value: ctx.n(hosts.length) },
    { label: ctx.t('probe.fig.pass'), value: `${ctx.n(nPass)} / ${ctx.n(hosts.length)}`, tone: nPass === hosts.length && hosts.length > 0 ? 'good' : 'bad' },
    { label: ctx.t('probe.fig.legacy'), value: ctx.n(legacy), ...(legacy > 0 ? { tone: 'warn' as const } : {}) },
    { label: ctx.t('fig.errors'), value: ctx.n(errors), ...(errors > 0 ? { tone: 'bad' as const } : {}) },
    { label: ctx.t('fig.warnings'), value: ctx.n(warnings), ...(warnings > 0 ? { tone: 'warn' as const } : {}) },
  ];
  if (expiries.length) {
    const days = Math.floor((Math.min(...expiries) - now.getTime()) / DAY);
    figs.push({ label: ctx.t('probe.fig.certDays'), value: ctx.n(days), tone: days < 0 ? 'bad' : days < 21 ? 'warn' : 'good' });
  }

  const versions = [...TLS_VERSIONS] as string[];
  // Version × host matrix: one row per host, coloured by what helps or blocks delivery from Exchange Online.
  const rowsHtml = hosts
    .map(
      (h) =>
        `<tr><td><strong>${txt(hostLabel(h), 300)}</strong>${h.mxPreference !== null ? ` <span class="muted small">MX ${ctx.n(h.mxPreference)}</span>` : ''}${h.ip ? `<br><span class="muted small mono">${txt(h.ip, 60)}</span>` : ''}</td>` +
        `<td>${esc(starttlsText(h.smtp.starttls, ctx))}</td>${versions.map((v) => cell(h, v, ctx)).join('')}<td>${verdictBadge(h.verdict, ctx)}</td></tr>`,
    )
    .join('');
  const head = [ctx.t('probe.host'), 'STARTTLS', ...versions, ctx.t('verdict.label')].map((x) => `<th scope="col">${esc(x)}</th>`).join('');
  const matrixTable = hosts.length
    ? `<h3>${esc(ctx.t('probe.matrix'))}</h3><p class="muted small">${esc(ctx.t('probe.matrixNote'))}</p><div class="tw"><table class="matrix" id="matrix"><thead><tr>${head}</tr></thead><tbody>${rowsHtml}</tbody></table></div>`
    : '';

  const details = hosts
    .map((h) => {
      const kv: string[] = [];
      if (h.ip) kv.push(`<dt>${esc(ctx.t('probe.ip'))}</dt><dd class="mono">${txt(h.ip, 60)}${h.port ? `:${h.port}` : ''}</dd>`);
      if (h.mxPreference !== null) kv.push(`<dt>${esc(ctx.t('probe.mxPreference'))}</dt><dd>${ctx.n(h.mxPreference)}</dd>`);
      kv.push(`<dt>${esc(ctx.t('probe.banner'))}</dt><dd class="mono">${txt(h.smtp.banner, 400) || '–'}</dd>`);
      kv.push(`<dt>STARTTLS</dt><dd>${esc(starttlsText(h.smtp.starttls, ctx))}</dd>`);
      return (
        `<div class="host" data-host="${txt(h.host, 300)}"><div class="host-head"><h3>${txt(hostLabel(h), 300)}</h3>${verdictBadge(h.verdict, ctx)}</div>` +
        `<dl class="kv">${kv.join('')}</dl>${certBlock(h, ctx, now)}${outboundBlock(h.connector, ctx)}${suites(h, ctx)}<h4>${esc(ctx.t('findings.title'))}</h4>${findingList(h.findings, ctx)}</div>`
      );
    })
    .join('');

  const groups = groupFindings([
    ...doc.findings.map((f) => ({ finding: f, where: doc.target })),
    ...hosts.flatMap((h) => h.findings.map((f) => ({ finding: f, where: hostLabel(h) }))),
  ]);
  const top = doc.findings.length ? `<h3>${esc(ctx.t('probe.domainFindings'))}</h3>${findingList(doc.findings, ctx)}` : '';
  return {
    kind: 'probe',
    verdict: doc.verdict,
    subject: doc.target,
    headline,
    figures: figs,
    body: `${matrixTable}${top}${explanations(groups, ctx)}<h3>${esc(ctx.t('probe.perHost'))}</h3>${details}`,
  };
}
