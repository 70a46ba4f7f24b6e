// The report library's entry points: parse mailtls JSON (documents or JSON lines), render one self-contained HTML page.
import { writeFile, rename, unlink } from 'node:fs/promises';
import { MailtlsError } from '../errors.js';
import { entry } from '../explain/index.js';
import type { CatalogEntry } from '../findings/types.js';
import type { Lang } from '../i18n/lang.js';
import { VERSION } from '../version.js';
import { banner, esc, figures, makeCtx, page, PAGER_SCRIPT, verdictBadge, worstVerdict, type Ctx, type Figure, type Section } from './html.js';
import { renderExplain } from './explain.js';
import { renderListen } from './listen.js';
import { renderLogs } from './logs.js';
import { renderProbe } from './probe.js';
import { renderRegistry } from './registry.js';
import { renderScan } from './scan.js';
import { renderLab } from './lab.js';
import { detectKind, parseDoc, type ListenSession, type ReportKind, type TypedDoc, type Verdict } from './types.js';

export interface ReportOptions {
  lang: Lang;
  /** Page title; default "mailtls report — <subject>". */
  title?: string;
  /** The time printed on the page and used for certificate expiry; default now. */
  now?: Date;
  /** Finding catalogue lookup; default the mailtls catalogue (`entry`). */
  lookup?: (id: string) => CatalogEntry | undefined;
}

/** What the page says overall (also returned to the CLI for --json). */
export interface ReportSummary {
  verdict: Verdict;
  kinds: ReportKind[];
  sections: { kind: ReportKind; subject: string; verdict: Verdict }[];
}

/**
 * Reads report input text: one JSON document, or JSON lines (listen sessions, several results).
 * Throws EINPUT naming the source and line of the first thing that is not JSON.
 */
export function parseReportInput(text: string, source = 'input'): unknown[] {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') throw new MailtlsError('EINPUT', `${source}: empty input, expected mailtls JSON`);
  try {
    return [JSON.parse(body) as unknown];
  } catch {
    // fall through: JSON lines
  }
  const out: unknown[] = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = (lines[i] as string).trim();
    if (l === '') continue;
    try {
      out.push(JSON.parse(l) as unknown);
    } catch (e) {
      throw new MailtlsError('EINPUT', `${source}: line ${i + 1} is not JSON (${(e as Error).message})`, { source, line: i + 1 });
    }
  }
  return out;
}

/** Validates every document; listen sessions, wherever they appear, become one listen section at the first one's place. */
function isSessionList(d: unknown[]): boolean {
  try {
    return detectKind(d) === 'listen';
  } catch {
    return false;
  }
}

function collect(docs: readonly unknown[]): TypedDoc[] {
  if (docs.length === 0) throw new MailtlsError('EINPUT', 'nothing to report: no JSON documents given');
  const out: TypedDoc[] = [];
  let listen: ListenSession[] | null = null;
  // A JSON array that is not a list of listen sessions is a list of documents.
  const flat = docs.flatMap((d) => (Array.isArray(d) && !(d.length > 0 && isSessionList(d)) ? (d as unknown[]) : [d]));
  if (flat.length === 0) throw new MailtlsError('EINPUT', 'nothing to report: no JSON documents given');
  flat.forEach((d, i) => {
    let t: TypedDoc;
    try {
      t = parseDoc(d);
    } catch (e) {
      if (e instanceof MailtlsError && flat.length > 1) throw new MailtlsError(e.code, `document ${i + 1}: ${e.message}`, e.detail);
      throw e;
    }
    if (t.kind === 'listen') {
      if (listen === null) {
        listen = [];
        out.push({ kind: 'listen', doc: { sessions: listen } });
      }
      listen.push(...t.doc.sessions);
    } else out.push(t);
  });
  return out;
}

/** Validates documents without rendering (throws EINPUT like renderReport does); the CLI uses it per file. */
export function validateReportInput(docs: readonly unknown[]): ReportKind[] {
  return [...new Set(collect(docs).map((t) => t.kind))];
}

function section(t: TypedDoc, ctx: Ctx, now: Date): Section {
  switch (t.kind) {
    case 'probe':
      return renderProbe(t.doc, ctx, now);
    case 'listen':
      return renderListen(t.doc, ctx);
    case 'registry':
      return renderRegistry(t.doc, ctx);
    case 'logs':
      return renderLogs(t.doc, ctx);
    case 'scan':
      return renderScan(t.doc, ctx);
    case 'explain':
      return renderExplain(t.doc, ctx);
    case 'lab':
      return renderLab(t.doc, ctx);
  }
}

function stamp(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Renders the documents and returns the page plus what it concluded. */
export function renderReportWithSummary(docs: readonly unknown[], opts: ReportOptions): { html: string; summary: ReportSummary } {
  const now = opts.now ?? new Date();
  const ctx = makeCtx(opts.lang, opts.lookup ?? entry);
  const sections = collect(docs).map((t) => section(t, ctx, now));
  const verdict = worstVerdict(sections.map((s) => s.verdict)) ?? 'inconclusive';
  const kindName = (k: ReportKind) => ctx.t(`kind.${k}`);
  const single = sections.length === 1 ? (sections[0] as Section) : null;

  let top: string;
  if (single) {
    top = banner(single.verdict, `${kindName(single.kind)} · ${single.subject}`, single.headline, single.figures, ctx);
  } else {
    const n = (v: Verdict) => sections.filter((s) => s.verdict === v).length;
    const figs: Figure[] = [
      { label: ctx.t('multi.fig.reports'), value: ctx.n(sections.length) },
      { label: ctx.t('verdict.fail'), value: ctx.n(n('fail')), tone: n('fail') > 0 ? 'bad' : 'good' },
      { label: ctx.t('verdict.inconclusive'), value: ctx.n(n('inconclusive')), ...(n('inconclusive') > 0 ? { tone: 'warn' as const } : {}) },
      { label: ctx.t('verdict.pass'), value: ctx.n(n('pass')), tone: 'good' },
    ];
    top =
      banner(
        verdict,
        ctx.tn('n.reports', sections.length),
        ctx.t(`multi.headline.${verdict}`, { fail: ctx.n(n('fail')), n: ctx.n(sections.length) }),
        figs,
        ctx,
      ) +
      `<ul class="toc">${sections.map((s, i) => `<li>${verdictBadge(s.verdict, ctx)}<div><a href="#s${i + 1}"><strong>${esc(kindName(s.kind))}</strong> · ${esc(s.subject)}</a><div class="muted small">${esc(s.headline)}</div></div></li>`).join('')}</ul>`;
  }
  const body = sections
    .map((s, i) => {
      const head = single
        ? ''
        : `<div class="sec-head"><div><div class="kind">${esc(kindName(s.kind))}</div><h2>${esc(s.subject)}</h2></div>${verdictBadge(s.verdict, ctx)}</div><p><strong>${esc(s.headline)}</strong></p>${s.figures.length ? figures(s.figures) : ''}`;
      return `<section class="card report-${s.kind}" id="s${i + 1}" data-kind="${s.kind}" data-verdict="${s.verdict}">${head}${s.body}</section>`;
    })
    .join('');
  const subject = single ? single.subject : ctx.tn('n.reports', sections.length);
  const title = opts.title ?? ctx.t('title', { subject });
  const html = page({
    lang: opts.lang,
    title,
    meta: esc(ctx.t('generated', { when: stamp(now), version: VERSION })),
    main: `<h1>${esc(title)}</h1>${top}${body}`,
    script: ctx.usesPager ? PAGER_SCRIPT : null,
    footer: esc(ctx.t('footer', { version: VERSION })),
  });
  return {
    html,
    summary: {
      verdict,
      kinds: [...new Set(sections.map((s) => s.kind))],
      sections: sections.map((s) => ({ kind: s.kind, subject: s.subject, verdict: s.verdict })),
    },
  };
}

/**
 * One self-contained HTML page (inline CSS, inline SVG charts, no external request) for any mix of probe, listen,
 * registry, logs, scan and explain JSON documents. Throws EINPUT for a document that is none of those.
 */
export function renderReport(docs: readonly unknown[], opts: ReportOptions): string {
  return renderReportWithSummary(docs, opts).html;
}

/** Renders `docs` and writes the page to `path` atomically (a temporary file beside it, then rename). */
export async function writeReport(docs: readonly unknown[], path: string, opts: ReportOptions): Promise<ReportSummary> {
  const { html, summary } = renderReportWithSummary(docs, opts);
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(tmp, html, 'utf8');
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new MailtlsError('EIO', `cannot write ${path}: ${(e as Error).message}`, { path });
  }
  return summary;
}

/**
 * The helper behind every command's `--html FILE`: writes the report of one result document to `path`.
 * `doc` is the same value the command prints with --json (for listen: the array of session objects).
 */
export function writeHtmlReport(doc: unknown, path: string, lang: Lang, opts: Omit<ReportOptions, 'lang'> = {}): Promise<ReportSummary> {
  return writeReport([doc], path, { ...opts, lang });
}
