// Report section for `registry` audits: SCHANNEL protocol state per direction, .NET settings, findings with fixes.
import { clean, esc, explanations, findingList, groupFindings, normVersion, table, txt, type Ctx, type Figure, type Section } from './html.js';
import type { RegistryDoc, Verdict } from './types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** true/"enabled"/"on"/1 → on, false/"disabled"/"off"/0 → off, else unknown. */
function state(v: unknown): 'on' | 'off' | null {
  if (v === true || v === 1) return 'on';
  if (v === false || v === 0) return 'off';
  if (typeof v === 'string') {
    const s = v.toLowerCase();
    if (/^(enabled|on|yes|true)/.test(s)) return 'on';
    if (/^(disabled|off|no|false)/.test(s)) return 'off';
  }
  return null;
}

/** Renders an open value (boolean, string, {Enabled, DisabledByDefault, ...}) as compact safe HTML. */
function value(v: unknown, ctx: Ctx, depth = 0): string {
  if (v === null || v === undefined) return `<span class="muted">${esc(ctx.t('registry.notSet'))}</span>`;
  const st = state(v);
  if (typeof v === 'boolean') return esc(ctx.t(st === 'on' ? 'registry.on' : 'registry.off'));
  if (typeof v === 'string' || typeof v === 'number') return txt(String(v), 200);
  if (Array.isArray(v))
    return v
      .slice(0, 20)
      .map((x) => value(x, ctx, depth + 1))
      .join(', ');
  if (isObj(v) && depth < 2) {
    return Object.entries(v)
      .slice(0, 20)
      .map(([k, x]) => `<span class="chip">${txt(k, 60)}: ${isObj(x) ? value(x, ctx, depth + 1) : txt(x === null ? '–' : String(x), 120)}</span>`)
      .join('');
  }
  return '…';
}

function effectiveCell(name: string, v: unknown, ctx: Ctx): string {
  const modern = /1\.[23]$/.test(normVersion(name));
  const cls = (s: 'on' | 'off' | null) => (s === null ? 'm-unk' : s === 'on' ? (modern ? 'm-ok' : 'm-legacy') : modern ? 'm-bad' : 'm-no');
  if (isObj(v) && ('client' in v || 'server' in v)) {
    const c = state(v.client),
      s = state(v.server);
    const lab = (x: 'on' | 'off' | null) => (x === null ? '?' : ctx.t(x === 'on' ? 'registry.on' : 'registry.off'));
    return `<span class="badge ${cls(c)}">${esc(ctx.t('registry.client'))}: ${esc(lab(c))}</span> <span class="badge ${cls(s)}">${esc(ctx.t('registry.server'))}: ${esc(lab(s))}</span>`;
  }
  const s = state(v);
  return `<span class="badge ${cls(s)}">${s === null ? value(v, ctx) : esc(ctx.t(s === 'on' ? 'registry.on' : 'registry.off'))}</span>`;
}

/** Flattens the .NET settings to rows ("v4.0.30319 / SchUseStrongCrypto", 1). */
function flatten(v: unknown, prefix = '', out: [string, string][] = []): [string, string][] {
  if (out.length >= 200) return out;
  if (isObj(v)) for (const [k, x] of Object.entries(v)) flatten(x, prefix ? `${prefix} / ${k}` : k, out);
  else out.push([prefix || '–', v === null || v === undefined ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v)]);
  return out;
}

export function renderRegistry(doc: RegistryDoc, ctx: Ctx): Section {
  const errors = doc.findings.filter((f) => f.severity === 'error').length;
  const warnings = doc.findings.filter((f) => f.severity === 'warning').length;
  const verdict: Verdict = errors > 0 ? 'fail' : doc.protocols.length === 0 && doc.findings.length === 0 ? 'inconclusive' : 'pass';
  const tls12 = doc.protocols.find((p) => normVersion(p.name) === 'TLSv1.2');
  const figs: Figure[] = [
    { label: ctx.t('fig.errors'), value: ctx.n(errors), tone: errors > 0 ? 'bad' : 'good' },
    { label: ctx.t('fig.warnings'), value: ctx.n(warnings), ...(warnings > 0 ? { tone: 'warn' as const } : {}) },
    { label: ctx.t('registry.fig.protocols'), value: ctx.n(doc.protocols.length) },
  ];
  if (tls12) {
    const e = tls12.effective;
    const s = isObj(e)
      ? state(e.client) === 'off' || state(e.server) === 'off'
        ? 'off'
        : state(e.client) === 'on' && state(e.server) === 'on'
          ? 'on'
          : null
      : state(e);
    figs.push({
      label: ctx.t('registry.fig.tls12'),
      value: s === null ? '?' : ctx.t(s === 'on' ? 'registry.on' : 'registry.off'),
      tone: s === 'on' ? 'good' : s === 'off' ? 'bad' : 'warn',
    });
  }
  const protos = [...doc.protocols].sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const protoTable = protos.length
    ? `<h3>${esc(ctx.t('registry.protocols'))}</h3>` +
      table(
        [esc(ctx.t('registry.protocol')), esc(ctx.t('registry.client')), esc(ctx.t('registry.server')), esc(ctx.t('registry.effective'))],
        protos.map((p) => [`<strong>${txt(p.name, 60)}</strong>`, value(p.client, ctx), value(p.server, ctx), effectiveCell(p.name, p.effective, ctx)]),
        'registry',
      )
    : '';
  const dn = flatten(doc.dotnet);
  const dotnet =
    doc.dotnet !== null && dn.length
      ? `<h3>${esc(ctx.t('registry.dotnet'))}</h3>${table(
          [esc(ctx.t('registry.setting')), esc(ctx.t('registry.value'))],
          dn.map(([k, v]) => [`<span class="mono">${esc(clean(k, 200))}</span>`, `<span class="mono">${esc(clean(v, 200))}</span>`]),
        )}`
      : '';
  const p = { errors: ctx.n(errors), warnings: ctx.n(warnings) };
  return {
    kind: 'registry',
    verdict,
    subject: doc.os ?? ctx.t('registry.subject'),
    headline: ctx.t(`registry.headline.${verdict}`, p),
    figures: figs,
    body:
      `${protoTable}${dotnet}<h3>${esc(ctx.t('findings.title'))}</h3>${findingList(doc.findings, ctx)}` +
      explanations(groupFindings(doc.findings.map((f) => ({ finding: f, where: '' }))), ctx),
  };
}
