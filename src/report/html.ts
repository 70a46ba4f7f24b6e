// HTML building blocks of the report page: escaping, finding lists and explanations, the paginated table, the page shell.
import { createHash } from 'node:crypto';
import { sanitize } from '../net/sanitize.js';
import { format, type Lang, type Params } from '../i18n/lang.js';
import { text as ui } from './messages.js';
import type { CatalogEntry } from '../findings/types.js';
import { TLS_VERSIONS } from '../policy/exchange-online.js';
import type { ReportFinding, ReportKind, Verdict } from './types.js';

// ---------------------------------------------------------------------------------------------- escaping

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML content and quoted attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c] as string);
}

/**
 * Untrusted text → one clean line (not yet HTML-escaped): `sanitize()` plus the line/paragraph separators U+2028/U+2029,
 * which sanitize() lets through and which would otherwise break a line invisibly.
 */
export function clean(s: string, max = 512): string {
  return sanitize(s, max).replace(/[\u2028\u2029]/g, (c) => `\\u{${c.codePointAt(0)?.toString(16)}}`);
}

/** Untrusted text → one safe line of HTML: control/ANSI/bidi characters made visible, length bounded, escaped. */
export function txt(s: string | number | null | undefined, max = 512): string {
  if (s === null || s === undefined) return '';
  return esc(clean(String(s), max));
}

/** Our own multi-line texts (catalogue cause/fix, which may carry peer params): each line sanitised, joined by <br>. */
export function multiline(s: string, max = 4000): string {
  return s
    .split(/\r?\n/)
    .map((l) => txt(l, max))
    .join('<br>');
}

/** Serialises data for an inline `<script type="application/json">`: nothing in it can close the element or break JS. */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

// ---------------------------------------------------------------------------------------------- render context

export interface Ctx {
  lang: Lang;
  lookup: (id: string) => CatalogEntry | undefined;
  t: (key: string, params?: Params) => string;
  /** "{n} things": the `<key>.one` form when n is 1, else `<key>`; `n` is formatted. */
  tn: (key: string, n: number) => string;
  n: (x: number) => string;
  /** Percentage of `a` in `b`, formatted ("12.5 %"). */
  pct: (a: number, b: number) => string;
  /** A fresh element id. */
  id: (prefix: string) => string;
  /** Set by components that need the inline pager script. */
  usesPager: boolean;
}

export function makeCtx(lang: Lang, lookup: (id: string) => CatalogEntry | undefined): Ctx {
  const nf = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB');
  const pf = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { style: 'percent', maximumFractionDigits: 1 });
  let seq = 0;
  return {
    lang,
    lookup,
    t: (key, params = {}) => ui(`report.${key}`, lang, params),
    tn: (key, n) => ui(`report.${key}${n === 1 ? '.one' : ''}`, lang, { n: nf.format(n) }),
    n: (x) => nf.format(x),
    pct: (a, b) => (b > 0 ? pf.format(a / b) : '–'),
    id: (p) => `${p}-${++seq}`,
    usesPager: false,
  };
}

// ---------------------------------------------------------------------------------------------- verdicts, versions

export const VERDICT_COLOUR: Record<Verdict, string> = { pass: '#079455', fail: '#d92d20', inconclusive: '#dc6803' };
export const VERDICTS: readonly Verdict[] = ['fail', 'inconclusive', 'pass'];
export const VERDICT_RANK: Record<Verdict, number> = { fail: 0, inconclusive: 1, pass: 2 };

export function worstVerdict(vs: Iterable<Verdict>): Verdict | null {
  let w: Verdict | null = null;
  for (const v of vs) if (w === null || VERDICT_RANK[v] < VERDICT_RANK[w]) w = v;
  return w;
}

export function verdictBadge(v: Verdict, ctx: Ctx): string {
  return `<span class="badge v-${v}">${esc(ctx.t(`verdict.${v}`))}</span>`;
}

/** "TLS 1.2", "tls1.2", "TLSv1.2" → "TLSv1.2"; "SSL 3.0" → "SSLv3"; anything else unchanged. */
export function normVersion(v: string): string {
  const m = /^\s*tls\s*v?\s*(1)[._ ]?([0-3])\s*$/i.exec(v);
  if (m) return `TLSv${m[1]}.${m[2]}`;
  if (/^\s*ssl\s*v?\s*3(\.0)?\s*$/i.test(v)) return 'SSLv3';
  return v;
}
export function versionOrder(a: string, b: string): number {
  const ia = (TLS_VERSIONS as readonly string[]).indexOf(a);
  const ib = (TLS_VERSIONS as readonly string[]).indexOf(b);
  return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
}
export const VERSION_COLOUR: Record<string, string> = {
  SSLv3: '#7a271a',
  'TLSv1.0': '#d92d20',
  'TLSv1.1': '#f38744',
  'TLSv1.2': '#17b26a',
  'TLSv1.3': '#0e7090',
};
export function versionColour(v: string): string {
  return VERSION_COLOUR[v] ?? '#98a2b3';
}
/** True for versions Exchange Online refuses (anything below TLS 1.2 that we recognise). */
export function isLegacy(v: string): boolean {
  return v === 'SSLv3' || v === 'TLSv1.0' || v === 'TLSv1.1';
}

// ---------------------------------------------------------------------------------------------- findings

export interface FindingText {
  title: string;
  message: string;
  entry: CatalogEntry | undefined;
}

/** The finding's title and message in the report language (catalogue when it knows the id, else as recorded). */
export function findingText(f: ReportFinding, ctx: Ctx): FindingText {
  const e = ctx.lookup(f.id);
  let message = f.message;
  if (e) {
    const m = format(e.message[ctx.lang], f.params ?? {});
    // A placeholder the finding did not carry would show as "{name}": keep the recorded message then.
    if (!/\{[a-zA-Z0-9_]+\}/.test(m)) message = m;
  }
  return { title: e ? e.title[ctx.lang] : f.id, message: message || f.id, entry: e };
}

export function sevBadge(f: { severity: ReportFinding['severity'] }, ctx: Ctx): string {
  return `<span class="sev sev-${f.severity}">${esc(ctx.t(`severity.${f.severity}`))}</span>`;
}

const SEV_RANK = { error: 0, warning: 1, info: 2 } as const;
export function bySeverity(a: ReportFinding, b: ReportFinding): number {
  return SEV_RANK[a.severity] - SEV_RANK[b.severity] || a.id.localeCompare(b.id);
}

/** A compact list of findings (severity, message, id). */
export function findingList(findings: readonly ReportFinding[], ctx: Ctx): string {
  if (findings.length === 0) return `<p class="muted">${esc(ctx.t('findings.none'))}</p>`;
  const items = [...findings].sort(bySeverity).map((f) => {
    const ft = findingText(f, ctx);
    return `<li class="f f-${f.severity}">${sevBadge(f, ctx)}<span class="f-msg">${txt(ft.message, 1000)}</span> <code class="f-id">${txt(f.id, 120)}</code></li>`;
  });
  return `<ul class="findings">${items.join('')}</ul>`;
}

/** Findings grouped by id with where they occur; the input of `explanations`. */
export interface FindingGroup {
  finding: ReportFinding;
  count: number;
  where: string[];
}

export function groupFindings(items: Iterable<{ finding: ReportFinding; where: string }>, maxWhere = 8): FindingGroup[] {
  const m = new Map<string, FindingGroup>();
  for (const { finding, where } of items) {
    let g = m.get(finding.id);
    if (!g) m.set(finding.id, (g = { finding, count: 0, where: [] }));
    else if (SEV_RANK[finding.severity] < SEV_RANK[g.finding.severity]) g.finding = finding;
    g.count++;
    if (where && g.where.length < maxWhere && !g.where.includes(where)) g.where.push(where);
  }
  return [...m.values()].sort((a, b) => bySeverity(a.finding, b.finding) || b.count - a.count);
}

/** "What it means and what to do": one card per finding id with cause, fix and the command that proves the fix. */
export function explanations(groups: readonly FindingGroup[], ctx: Ctx, limit = 40): string {
  if (groups.length === 0) return '';
  const cards = groups.slice(0, limit).map((g) => {
    const ft = findingText(g.finding, ctx);
    const e = ft.entry;
    const parts: string[] = [];
    const idTag = e ? `<code class="f-id">${txt(g.finding.id, 120)}</code>` : '';
    parts.push(`<div class="x-head">${sevBadge(g.finding, ctx)}<h4>${txt(ft.title, 200)}</h4>${idTag}</div>`);
    if (!e || (!e.cause && !e.fix)) parts.push(`<p>${txt(ft.message, 1000)}</p>`);
    if (e?.cause) parts.push(`<p><strong>${esc(ctx.t('findings.cause'))}</strong> ${multiline(e.cause[ctx.lang])}</p>`);
    if (e?.fix) parts.push(`<p><strong>${esc(ctx.t('findings.fix'))}</strong> ${multiline(e.fix[ctx.lang])}</p>`);
    if (e?.next) parts.push(`<p><strong>${esc(ctx.t('findings.next'))}</strong> <code>${txt(e.next, 300)}</code></p>`);
    if (g.where.length > 0) {
      const more = g.count > g.where.length ? ` ${esc(ctx.t('findings.more', { n: ctx.n(g.count - g.where.length) }))}` : '';
      parts.push(
        `<p class="muted small">${esc(ctx.t('findings.seenAt'))} ${g.where.map((w) => `<span class="chip">${txt(w, 200)}</span>`).join(' ')}${more}</p>`,
      );
    }
    return `<article class="x x-${g.finding.severity}">${parts.join('')}</article>`;
  });
  const rest = groups.length > limit ? `<p class="muted">${esc(ctx.t('findings.more', { n: ctx.n(groups.length - limit) }))}</p>` : '';
  return `<h3>${esc(ctx.t('findings.explained'))}</h3><div class="xs">${cards.join('')}</div>${rest}`;
}

// ---------------------------------------------------------------------------------------------- tables

export function table(head: readonly string[], rows: readonly string[][], cls = ''): string {
  const th = head.map((h) => `<th scope="col">${h}</th>`).join('');
  const tb = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
  return `<div class="tw"><table class="${cls}"><thead><tr>${th}</tr></thead><tbody>${tb}</tbody></table></div>`;
}

export type PagerCell = string | number | null | readonly (string | number)[];
export interface PagerColumn {
  label: string;
  type: 'text' | 'mono' | 'num' | 'verdict' | 'list';
}
export interface PagerSpec {
  columns: readonly PagerColumn[];
  /** Cell values: plain (sanitised, not escaped) strings, numbers, verdicts, or lists (strings or indices into `dict`). */
  rows: readonly PagerCell[][];
  dict?: readonly string[];
  pageSize?: number;
  searchable?: boolean;
}

function pagerCell(c: PagerColumn, v: PagerCell, dict: readonly string[], ctx: Ctx): string {
  if (c.type === 'verdict' && typeof v === 'string') {
    return `<td><span class="badge v-${esc(v)}">${esc(ctx.t(`verdict.${v}`))}</span></td>`;
  }
  if (c.type === 'list') {
    const list = Array.isArray(v) ? v : [];
    return `<td>${list.map((x) => `<span class="chip">${esc(String(typeof x === 'number' ? (dict[x] ?? '') : x))}</span>`).join('')}</td>`;
  }
  const s = v === null || v === undefined ? '' : typeof v === 'number' ? ctx.n(v) : String(v);
  return `<td${c.type === 'num' ? ' class="num"' : c.type === 'mono' ? ' class="mono"' : ''}>${esc(s)}</td>`;
}

/**
 * A table of any length: the first page is rendered here (readable without script and in print), all rows are embedded
 * as JSON and a small inline script pages, searches and filters them on demand.
 */
export function pagerTable(spec: PagerSpec, ctx: Ctx): string {
  const ps = spec.pageSize ?? 50;
  const dict = spec.dict ?? [];
  const n = spec.rows.length;
  const head = spec.columns.map((c) => `<th scope="col"${c.type === 'num' ? ' class="num"' : ''}>${esc(c.label)}</th>`).join('');
  const first = spec.rows
    .slice(0, ps)
    .map((r) => `<tr>${spec.columns.map((c, i) => pagerCell(c, r[i] ?? null, dict, ctx)).join('')}</tr>`)
    .join('');
  const status = n === 0 ? ctx.t('pager.none') : ctx.t('pager.range', { from: ctx.n(1), to: ctx.n(Math.min(n, ps)), total: ctx.n(n) });
  if (n <= ps) {
    return `<div class="tw"><table><thead><tr>${head}</tr></thead><tbody>${first}</tbody></table></div><p class="muted small">${esc(status)}</p>`;
  }
  ctx.usesPager = true;
  const id = ctx.id('pager-data');
  const vcol = spec.columns.findIndex((c) => c.type === 'verdict');
  const cfg = {
    cols: spec.columns.map((c) => ({ t: c.type })),
    rows: spec.rows,
    dict,
    ps,
    vcol,
    locale: ctx.lang === 'nl' ? 'nl-NL' : 'en-GB',
    labels: {
      pass: ctx.t('verdict.pass'),
      fail: ctx.t('verdict.fail'),
      inconclusive: ctx.t('verdict.inconclusive'),
      range: ctx.t('pager.range', { from: '{from}', to: '{to}', total: '{total}' }),
      none: ctx.t('pager.none'),
    },
  };
  const filter =
    (spec.searchable !== false
      ? `<input class="pg-q" type="search" placeholder="${esc(ctx.t('pager.search'))}" aria-label="${esc(ctx.t('pager.search'))}">`
      : '') +
    (vcol >= 0
      ? `<select class="pg-v" aria-label="${esc(ctx.t('pager.verdict'))}"><option value="">${esc(ctx.t('pager.allVerdicts'))}</option>${VERDICTS.map((v) => `<option value="${v}">${esc(ctx.t(`verdict.${v}`))}</option>`).join('')}</select>`
      : '');
  return (
    `<div class="pager" data-pager="${id}">` +
    `<div class="pg-bar no-print">${filter}<span class="pg-nav"><button type="button" class="pg-prev" disabled>${esc(ctx.t('pager.prev'))}</button><button type="button" class="pg-next">${esc(ctx.t('pager.next'))}</button></span></div>` +
    `<div class="tw"><table><thead><tr>${head}</tr></thead><tbody>${first}</tbody></table></div>` +
    `<p class="muted small pg-status" aria-live="polite">${esc(status)}</p>` +
    `<script type="application/json" id="${id}">${jsonForScript(cfg)}</script></div>`
  );
}

/** The pager's client code: builds rows with textContent only (never innerHTML), parses the data on first use. */
export const PAGER_SCRIPT = `(function(){
function el(t,c,x){var e=document.createElement(t);if(c)e.className=c;if(x!=null)e.textContent=String(x);return e}
var P=document.querySelectorAll('[data-pager]');
for(var k=0;k<P.length;k++)(function(root){
var cfg=null,rows=null,page=0,tm=0,nf=null;
var tb=root.querySelector('tbody'),st=root.querySelector('.pg-status'),q=root.querySelector('.pg-q'),vf=root.querySelector('.pg-v'),pv=root.querySelector('.pg-prev'),nx=root.querySelector('.pg-next');
function load(){if(!cfg){cfg=JSON.parse(document.getElementById(root.getAttribute('data-pager')).textContent);rows=cfg.rows;nf=new Intl.NumberFormat(cfg.locale)}}
function cell(c,x){var td=el('td',c.t==='num'?'num':c.t==='mono'?'mono':null);
if(c.t==='verdict'){td.appendChild(el('span','badge v-'+x,cfg.labels[x]||x))}
else if(c.t==='list'){(x||[]).forEach(function(i){td.appendChild(el('span','chip',typeof i==='number'?cfg.dict[i]:i))})}
else td.textContent=x==null?'':(typeof x==='number'?nf.format(x):String(x));return td}
function draw(){var n=rows.length,ps=cfg.ps,pages=Math.max(1,Math.ceil(n/ps));if(page>=pages)page=pages-1;if(page<0)page=0;
var f=document.createDocumentFragment();rows.slice(page*ps,(page+1)*ps).forEach(function(r){var tr=el('tr');cfg.cols.forEach(function(c,i){tr.appendChild(cell(c,r[i]))});f.appendChild(tr)});
tb.textContent='';tb.appendChild(f);
st.textContent=n?cfg.labels.range.replace('{from}',nf.format(page*ps+1)).replace('{to}',nf.format(Math.min(n,(page+1)*ps))).replace('{total}',nf.format(n)):cfg.labels.none;
pv.disabled=page===0;nx.disabled=page>=pages-1}
function filter(){load();var s=(q&&q.value||'').trim().toLowerCase(),v=vf?vf.value:'';
rows=!s&&!v?cfg.rows:cfg.rows.filter(function(r){if(v&&r[cfg.vcol]!==v)return false;if(!s)return true;
for(var i=0;i<cfg.cols.length;i++){var t=cfg.cols[i].t,x=r[i];if((t==='text'||t==='mono')&&x!=null&&String(x).toLowerCase().indexOf(s)>=0)return true;
if(t==='list'&&x&&x.some(function(j){return String(typeof j==='number'?cfg.dict[j]:j).toLowerCase().indexOf(s)>=0}))return true}return false});
page=0;draw()}
pv.addEventListener('click',function(){load();page--;draw()});
nx.addEventListener('click',function(){load();page++;draw()});
if(q)q.addEventListener('input',function(){clearTimeout(tm);tm=setTimeout(filter,150)});
if(vf)vf.addEventListener('change',filter);
})(P[k]);
})();`;

// ---------------------------------------------------------------------------------------------- page

export interface Figure {
  label: string;
  value: string;
  tone?: 'bad' | 'warn' | 'good';
}

/** One document's part of the page, produced by a kind's renderer. */
export interface Section {
  kind: ReportKind;
  verdict: Verdict;
  /** Plain text: what was examined ("example.nl", "3 log files"). */
  subject: string;
  /** Plain text: one sentence that says what the verdict means. */
  headline: string;
  figures: Figure[];
  body: string;
}

export function figures(list: readonly Figure[]): string {
  return `<div class="figs">${list.map((f) => `<div class="fig${f.tone ? ` t-${f.tone}` : ''}"><div class="fig-v">${esc(f.value)}</div><div class="fig-l">${esc(f.label)}</div></div>`).join('')}</div>`;
}

export function banner(v: Verdict, kicker: string, headline: string, figs: readonly Figure[], ctx: Ctx, id = 'verdict'): string {
  const icon = v === 'pass' ? '✓' : v === 'fail' ? '✕' : '?';
  return (
    `<section class="banner b-${v}" id="${id}" data-verdict="${v}" aria-label="${esc(ctx.t('verdict.label'))}">` +
    `<div class="b-top"><span class="b-icon" aria-hidden="true">${icon}</span><div><div class="b-kicker">${esc(kicker)}</div>` +
    `<div class="b-verdict">${esc(ctx.t(`verdict.${v}`))}</div></div></div>` +
    `<p class="b-head">${esc(headline)}</p>${figs.length ? figures(figs) : ''}</section>`
  );
}

export function scriptHash(code: string): string {
  return `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
}

export const CSS = `
:root{--fg:#101828;--muted:#475467;--line:#e4e7ec;--bg:#f6f7f9;--card:#fff;--accent:#1849a9;
--pass:#067647;--pass-bg:#ecfdf3;--pass-line:#abefc6;--fail:#b42318;--fail-bg:#fef3f2;--fail-line:#fecdca;
--inc:#b54708;--inc-bg:#fffaeb;--inc-line:#fedf89;font-size:15px}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.86em}
.wrap{max-width:1120px;margin:0 auto;padding:0 20px}
header.top{background:#0c111d;color:#f2f4f7}
header.top .wrap{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:baseline;justify-content:space-between;padding-top:14px;padding-bottom:14px}
.brand{font-weight:700;letter-spacing:.02em}.brand span{color:#84adff}
header.top .meta{font-size:.85rem;color:#98a2b3}
h1{font-size:1.55rem;line-height:1.25;margin:26px 0 14px}
h2{font-size:1.25rem;margin:0 0 4px}
h3{font-size:1.05rem;margin:26px 0 10px}
h4{font-size:1rem;margin:0}
.muted{color:var(--muted)}.small{font-size:.85rem}
.banner{border-radius:14px;padding:20px 22px;margin:0 0 22px;border:1px solid}
.b-pass{background:var(--pass-bg);border-color:var(--pass-line)}.b-fail{background:var(--fail-bg);border-color:var(--fail-line)}.b-inconclusive{background:var(--inc-bg);border-color:var(--inc-line)}
.b-top{display:flex;gap:14px;align-items:center}
.b-icon{flex:none;width:46px;height:46px;border-radius:50%;display:flex;align-items:center;justify-content:center;color:#fff;font-size:1.5rem;font-weight:700}
.b-pass .b-icon{background:var(--pass)}.b-fail .b-icon{background:var(--fail)}.b-inconclusive .b-icon{background:var(--inc)}
.b-kicker{font-size:.8rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);overflow-wrap:anywhere}
.b-verdict{font-size:1.6rem;font-weight:800;line-height:1.1}
.b-pass .b-verdict{color:var(--pass)}.b-fail .b-verdict{color:var(--fail)}.b-inconclusive .b-verdict{color:var(--inc)}
.b-head{font-size:1.08rem;margin:12px 0 0;font-weight:500}
.figs{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:10px;margin-top:16px}
.fig{background:rgba(255,255,255,.75);border:1px solid var(--line);border-radius:10px;padding:10px 12px}
.fig-v{font-size:1.35rem;font-weight:700;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.fig-l{font-size:.8rem;color:var(--muted)}
.t-bad .fig-v{color:var(--fail)}.t-warn .fig-v{color:var(--inc)}.t-good .fig-v{color:var(--pass)}
.card>:first-child,.card>.tw:first-child+*{margin-top:0}
.chip-ok{background:#ecfdf3;border-color:#abefc6;color:#05603a}
.card{background:var(--card);border:1px solid var(--line);border-radius:14px;padding:20px 22px;margin:0 0 22px;box-shadow:0 1px 2px rgba(16,24,40,.05)}
.sec-head{display:flex;flex-wrap:wrap;gap:8px 14px;align-items:center;justify-content:space-between;border-bottom:1px solid var(--line);padding-bottom:12px;margin-bottom:6px}
.kind{font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;color:var(--accent);font-weight:700}
.toc{margin:0 0 22px;padding:0;list-style:none;background:var(--card);border:1px solid var(--line);border-radius:14px}
.toc li{display:grid;grid-template-columns:8.5rem 1fr;gap:12px;align-items:start;padding:10px 16px;border-bottom:1px solid var(--line)}.toc li:last-child{border-bottom:0}
.toc .badge{justify-self:start;margin-top:2px}.toc a{color:var(--fg);text-decoration:none;overflow-wrap:anywhere}.toc a:hover{text-decoration:underline}
.badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:.78rem;font-weight:700;white-space:nowrap;border:1px solid}
.v-pass{color:var(--pass);background:var(--pass-bg);border-color:var(--pass-line)}
.v-fail{color:var(--fail);background:var(--fail-bg);border-color:var(--fail-line)}
.v-inconclusive{color:var(--inc);background:var(--inc-bg);border-color:var(--inc-line)}
.sev{display:inline-block;min-width:5.2em;text-align:center;border-radius:6px;padding:0 6px;font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;margin-right:8px;vertical-align:1px}
.sev-error{background:var(--fail);color:#fff}.sev-warning{background:#f79009;color:#fff}.sev-info{background:#eaecf0;color:#344054}
.findings{list-style:none;margin:8px 0;padding:0}
.f{padding:7px 0;border-bottom:1px dashed var(--line);overflow-wrap:anywhere}.f:last-child{border-bottom:0}
.f-id{color:var(--muted);font-size:.78rem}
.xs{display:grid;gap:12px}
.x{border:1px solid var(--line);border-left:4px solid #98a2b3;border-radius:10px;padding:12px 16px;background:#fcfcfd;break-inside:avoid}
.x-error{border-left-color:var(--fail)}.x-warning{border-left-color:#f79009}
.x p{margin:8px 0 0;overflow-wrap:anywhere}
.x-head{display:flex;flex-wrap:wrap;gap:6px 4px;align-items:center}.x-head h4{margin-right:8px}
.chip{display:inline-block;background:#f2f4f7;border:1px solid var(--line);border-radius:6px;padding:0 6px;margin:1px 4px 1px 0;font-size:.8rem;overflow-wrap:anywhere}
.tw{overflow-x:auto;-webkit-overflow-scrolling:touch;margin:8px 0}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-size:.8rem;font-weight:600;color:var(--muted);background:#f9fafb;white-space:nowrap}
td{overflow-wrap:break-word}
.matrix td:first-child{min-width:11rem}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.matrix td.m{text-align:center;font-weight:600;white-space:nowrap;min-width:5.5em}
.m-ok{background:#dcfae6;color:#05603a}.m-legacy{background:#fef0c7;color:#93370d}.m-no{background:#f2f4f7;color:#475467}
.m-bad{background:#fee4e2;color:#912018}.m-unk{background:repeating-linear-gradient(45deg,#f9fafb,#f9fafb 6px,#eaecf0 6px,#eaecf0 12px);color:#475467}
.host{border-top:1px solid var(--line);padding-top:14px;margin-top:18px}
.host-head{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center}
.host-head h3{margin:0;overflow-wrap:anywhere}
dl.kv{display:grid;grid-template-columns:minmax(11rem,max-content) 1fr;gap:4px 16px;margin:10px 0;font-size:.92rem}
dl.kv dt{color:var(--muted)}dl.kv dd{margin:0;overflow-wrap:anywhere}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:18px;margin:10px 0}
figure.chart{margin:0;padding:14px 16px;border:1px solid var(--line);border-radius:12px;background:#fff;break-inside:avoid}
figure.chart figcaption{font-weight:600;margin-bottom:8px}
figure.chart svg{display:block;width:100%;overflow:visible}figure.chart svg.vb{height:auto}
.chart-scroll{overflow-x:auto}.chart-scroll svg{min-width:520px}
svg text{font-family:inherit;fill:#344054}
.legend{list-style:none;padding:0;margin:10px 0 0;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:.82rem;color:var(--muted)}
.sw{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:5px;vertical-align:-1px}
.donut{display:flex;gap:18px;align-items:center;flex-wrap:wrap}.donut svg{width:150px;flex:none}
.pg-bar{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:10px 0 4px}
.pg-bar input,.pg-bar select,.pg-bar button{font:inherit;font-size:.9rem;padding:6px 10px;border:1px solid #d0d5dd;border-radius:8px;background:#fff;color:var(--fg)}
.pg-bar input{flex:1 1 200px;min-width:0}
.pg-nav{display:flex;gap:6px;margin-left:auto}
.pg-bar button{cursor:pointer}.pg-bar button:disabled{opacity:.45;cursor:default}
pre.input{white-space:pre-wrap;overflow-wrap:anywhere;background:#f9fafb;border:1px solid var(--line);border-radius:8px;padding:12px;font-size:.88rem}
footer{color:var(--muted);font-size:.8rem;padding:10px 0 40px}
@media (max-width:600px){:root{font-size:14px}.wrap{padding:0 12px}.card,.banner{padding:16px 14px;border-radius:12px}
h1{font-size:1.3rem}.b-verdict{font-size:1.35rem}.figs{grid-template-columns:repeat(2,1fr)}th,td{padding:6px 7px}dl.kv{grid-template-columns:1fr;gap:0 0}dl.kv dd{margin-bottom:6px}}
@media print{:root{font-size:11pt}body{background:#fff}header.top{background:#fff;color:#000;border-bottom:2px solid #000}
header.top .meta{color:#333}.brand span{color:#1849a9}.wrap{max-width:none;padding:0}
.card{box-shadow:none;border:0;padding:0;margin:0 0 16pt}.no-print{display:none!important}
.banner,.x,figure.chart,tr,.fig{break-inside:avoid}h2,h3,h4{break-after:avoid}
.tw,.chart-scroll{overflow:visible}.chart-scroll svg{min-width:0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}}
`;

export interface PageParts {
  lang: Lang;
  title: string;
  meta: string;
  main: string;
  script: string | null;
  footer: string;
}

export function page(p: PageParts): string {
  const scriptSrc = p.script ? ` script-src ${scriptHash(p.script)};` : '';
  return (
    `<!DOCTYPE html>\n<html lang="${p.lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;${scriptSrc} base-uri 'none'; form-action 'none'">` +
    `<meta name="referrer" content="no-referrer"><meta name="color-scheme" content="light">` +
    `<link rel="icon" href="data:,"><title>${esc(p.title)}</title><style>${CSS}</style></head>` +
    `<body><header class="top"><div class="wrap"><div class="brand">mail<span>tls</span> report</div><div class="meta">${p.meta}</div></div></header>` +
    `<main class="wrap">${p.main}</main><footer class="wrap">${p.footer}</footer>` +
    (p.script ? `<script>${p.script}</script>` : '') +
    `</body></html>\n`
  );
}
