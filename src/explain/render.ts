// Human-readable rendering of an explain result (the CLI prints it; the library itself never prints).
import { UI } from './catalogue.js';
import { format, type Lang, type Params } from '../i18n/lang.js';
import type { ExplainMatch, ExplainResult } from './explain.js';

/** The colour functions render needs (picocolors' shape); identity functions give plain text. */
export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
}

const plain = (s: string) => s;
export const NO_PAINT: Paint = { bold: plain, dim: plain, red: plain, yellow: plain, green: plain, cyan: plain };

function u(key: string, lang: Lang, params: Params = {}): string {
  const t = UI[key];
  return t ? format(t[lang], params) : key;
}

function confidenceLabel(c: number, lang: Lang): string {
  return u(c >= 0.9 ? 'explain.confidence.high' : c >= 0.8 ? 'explain.confidence.medium' : 'explain.confidence.low', lang);
}

/** Wraps `text` at `width` columns, continuation lines indented by `indent`. */
function wrap(text: string, width: number, indent: string): string {
  // Never break inside "TLS 1.2" (registry paths are copied from here) or inside a `command`.
  const kept = text.replace(/\b(TLS|SSL) (\d)/g, '$1\u00a0$2').replace(/`[^`\n]{1,80}`/g, (c) => c.replace(/ /g, '\u00a0'));
  const words = kept.split(/[ \t\n]+/).map((w) => w.replace(/\u00a0/g, ' '));
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join(`\n${indent}`);
}

/** The "where" line: side and direction, or, for a bounce that names them, the side's host and the two servers. */
function where(m: ExplainMatch, lang: Lang): string {
  const side = u(`explain.side.${m.side}`, lang);
  const f = m.flow;
  if (!f) return u('explain.where', lang, { side, direction: u(`explain.direction.${m.direction}`, lang) });
  const name = (host: string, exo: boolean) => (exo ? u('explain.exchange-online', lang, { host }) : host);
  const sender = name(f.sender, f.senderIsExchangeOnline);
  if (!f.receiver) return u('explain.where.flow-sender', lang, { side, sender });
  const receiver = name(f.receiver, f.receiverIsExchangeOnline);
  return f.fixHost
    ? u('explain.where.flow', lang, { side, host: f.fixHost, sender, receiver })
    : u('explain.where.flow-either', lang, { side, sender, receiver });
}

function renderMatch(m: ExplainMatch, lang: Lang, p: Paint, width: number): string {
  const sev = m.severity === 'error' ? p.red : m.severity === 'warning' ? p.yellow : p.green;
  const labels = ['evidence', 'where', 'details', 'cause', 'check', 'fix', 'next'].map((k) => u(`explain.label.${k}`, lang));
  const pad = Math.max(...labels.map((l) => l.length)) + 2;
  const indent = ' '.repeat(pad + 2);
  const row = (key: string, value: string) => `  ${p.bold(u(`explain.label.${key}`, lang).padEnd(pad))}${wrap(value, Math.max(40, width - pad - 2), indent)}`;
  const head = `${sev('●')} ${p.bold(m.title)}  ${p.dim(`${m.id} · ${confidenceLabel(m.confidence, lang)}${m.occurrences > 1 ? ` · ${u('explain.occurrences', lang, { count: m.occurrences })}` : ''}`)}`;
  const out = [head, `  ${wrap(m.message, width - 2, '  ')}`];
  out.push(`  ${p.bold(labels[0]!.padEnd(pad))}${p.cyan(`"${m.evidence}"`)}`);
  out.push(row('where', where(m, lang)));
  const details = Object.entries(m.details).filter(([, v]) => v !== '');
  if (details.length > 0) out.push(row('details', details.map(([k, v]) => `${k}=${v}`).join(', ')));
  out.push(row('cause', m.cause));
  if (m.check) out.push(row('check', m.check));
  out.push(row('fix', m.fix));
  if (m.next) {
    const tool = /^mailtls (\w+)/.exec(m.next)?.[1];
    const hint = tool && UI[`explain.next.${tool}`] ? ` — ${u(`explain.next.${tool}`, lang)}` : '';
    const cmd = m.next.replace(/<([a-z-]+)>/g, (all, name: string) => (UI[`explain.arg.${name}`] ? u(`explain.arg.${name}`, lang) : all));
    out.push(`  ${p.bold(labels[6]!.padEnd(pad))}${wrap(`${p.green(cmd)}${hint}`, Math.max(40, width - pad - 2), indent)}`);
  }
  return out.join('\n');
}

/** The bounce header: subject, recipients with their delivery status, and which MIME parts were and were not matched. */
function renderBounce(r: ExplainResult, lang: Lang, p: Paint): string {
  const b = r.bounce;
  if (!b) return '';
  const read = b.parts.filter((x) => x.use === 'read').length;
  const out = [p.bold(u('explain.bounce', lang, { subject: b.subject, from: b.from || '?', recipients: b.recipients.length, read, parts: b.parts.length }))];
  for (const rc of b.recipients)
    out.push(
      `  ${u('explain.bounce.recipient', lang, { recipient: rc.recipient || '?', action: UI[`explain.bounce.action.${rc.action.toLowerCase()}`] ? u(`explain.bounce.action.${rc.action.toLowerCase()}`, lang) : rc.action, status: rc.status, remoteMta: rc.remoteMta || '?' })}`,
    );
  const skipped = b.parts.filter((x) => x.use === 'skipped').map((x) => `${x.type} (${x.reason})`);
  if (skipped.length > 0) out.push(p.dim(`  ${u('explain.bounce.skipped', lang, { parts: skipped.join(', ') })}`));
  return out.join('\n') + '\n\n';
}

/** The whole result as text for a terminal of `width` columns. */
export function renderExplain(r: ExplainResult, lang: Lang, p: Paint = NO_PAINT, width = 100): string {
  const head = renderBounce(r, lang, p);
  return head + renderBody(r, lang, p, width);
}

function renderBody(r: ExplainResult, lang: Lang, p: Paint, width: number): string {
  if (r.unknown && r.notTls) return `${p.yellow(r.notTls.message)}\n`;
  if (r.unknown) {
    const out = [p.yellow(u('explain.unknown', lang))];
    if (r.suggestions.length > 0) {
      out.push(u('explain.suggestions', lang));
      for (const s of r.suggestions) out.push(`  ${p.bold(s.id)}  ${s.title}`);
      out.push(p.dim(u('explain.try', lang)));
    }
    return out.join('\n') + '\n';
  }
  const parts = r.matches.map((m) => renderMatch(m, lang, p, width));
  const head = r.matches.length > 1 ? `${u('explain.recognised', lang, { count: r.matches.length })}\n\n` : '';
  return head + parts.join('\n\n') + '\n';
}
