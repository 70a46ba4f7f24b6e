// Report parts for Exchange Online connectors: the outbound connector's judgement per probed host and the inbound
// connector's attribution per listen session (parsed from the JSON, then rendered).
import { MailtlsError } from '../errors.js';
import { esc, pagerTable, txt, verdictBadge, type Ctx, type PagerCell } from './html.js';
import type { Verdict } from './types.js';

export interface ReportOutboundConnector {
  tlsSettings: string;
  tlsDomain: string | null;
  verdict: Verdict;
  failure: string | null;
  checks: Record<string, string>;
  queue: string | null;
  queuePublished: boolean;
}

export interface ReportInboundConnector {
  name: string;
  attributed: boolean;
  reason: string | null;
  certificate: { subject: string; issuer: string; sanNames: string[]; notAfter: string; trusted: boolean; trustError: string | null } | null;
  relayDenied: number;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const bad = (where: string, what: string): never => {
  throw new MailtlsError('EINPUT', `${where} ${what}`, { where });
};
const s = (v: unknown, where: string): string => (typeof v === 'string' ? v : bad(where, 'must be a string'));
const os = (v: unknown, where: string): string | null => (v === undefined || v === null ? null : s(v, where));
const b = (v: unknown, where: string): boolean => (typeof v === 'boolean' ? v : bad(where, 'must be true or false'));
const CHECK_KEYS = ['tls', 'chain', 'dates', 'name', 'revocation'] as const;
const VERDICTS = ['pass', 'fail', 'inconclusive'];

/** `hosts[].connector` of `probe --json`; undefined/null when the probe ran without --tls-settings. */
export function parseOutboundConnector(v: unknown, where: string): ReportOutboundConnector | null {
  if (v === undefined || v === null) return null;
  if (!isObj(v)) return bad(where, 'must be an object');
  const verdict = VERDICTS.includes(v.verdict as string) ? (v.verdict as Verdict) : bad(`${where}.verdict`, 'must be "pass", "fail" or "inconclusive"');
  const checks: Record<string, string> = {};
  const c = isObj(v.checks) ? v.checks : {};
  for (const k of CHECK_KEYS) checks[k] = typeof c[k] === 'string' ? (c[k] as string) : 'unknown';
  return {
    tlsSettings: s(v.tlsSettings, `${where}.tlsSettings`),
    tlsDomain: os(v.tlsDomain, `${where}.tlsDomain`),
    verdict,
    failure: os(v.failure, `${where}.failure`),
    checks,
    queue: os(v.queue, `${where}.queue`),
    queuePublished: v.queuePublished === true,
  };
}

/** `connector` of a `listen --json` line; undefined/null without --tls-sender-certificate-name. */
export function parseInboundConnector(v: unknown, where: string): ReportInboundConnector | null {
  if (v === undefined || v === null) return null;
  if (!isObj(v)) return bad(where, 'must be an object');
  let certificate: ReportInboundConnector['certificate'] = null;
  if (isObj(v.certificate)) {
    const c = v.certificate;
    const w = `${where}.certificate`;
    certificate = {
      subject: s(c.subject, `${w}.subject`),
      issuer: s(c.issuer, `${w}.issuer`),
      sanNames: Array.isArray(c.sanNames) ? c.sanNames.map((x, i) => s(x, `${w}.sanNames[${i}]`)) : [],
      notAfter: os(c.notAfter, `${w}.notAfter`) ?? '',
      trusted: b(c.trusted, `${w}.trusted`),
      trustError: os(c.trustError, `${w}.trustError`),
    };
  } else if (v.certificate !== null && v.certificate !== undefined) bad(`${where}.certificate`, 'must be an object or null');
  const denied = typeof v.relayDenied === 'number' && Number.isFinite(v.relayDenied) ? v.relayDenied : 0;
  return {
    name: s(v.name, `${where}.name`),
    attributed: b(v.attributed, `${where}.attributed`),
    reason: os(v.reason, `${where}.reason`),
    certificate,
    relayDenied: denied,
  };
}

/** The outbound connector block of one probed host. */
export function outboundBlock(k: ReportOutboundConnector | null | undefined, ctx: Ctx): string {
  if (!k) return '';
  const rows = [
    `<dt>-TlsSettings</dt><dd class="mono">${txt(k.tlsSettings, 60)}${k.tlsDomain ? ` · -TlsDomain ${txt(k.tlsDomain, 260)}` : ''}</dd>`,
    `<dt>${esc(ctx.t('verdict.label'))}</dt><dd>${verdictBadge(k.verdict, ctx)}</dd>`,
    ...CHECK_KEYS.map(
      (c) =>
        `<dt>${esc(ctx.t(`connector.check.${c}`))}</dt><dd>${esc(ctx.t(`connector.state.${['pass', 'fail', 'not-required'].includes(k.checks[c] ?? '') ? k.checks[c] : 'unknown'}`))}</dd>`,
    ),
  ];
  if (k.queue)
    rows.push(
      `<dt>${esc(ctx.t('connector.queue'))}</dt><dd class="mono">${txt(k.queue, 400)}${k.queuePublished ? '' : `<br><span class="muted small">${esc(ctx.t('connector.unpublished'))}</span>`}</dd>`,
    );
  return `<h4>${esc(ctx.t('connector.outbound'))}</h4><p class="muted small">${esc(ctx.t('connector.outboundNote'))}</p><dl class="kv">${rows.join('')}</dl>`;
}

/** The inbound connector table of a listen report: one row per session that ran under a connector. */
export function inboundTable(sessions: readonly { remote: string; connector?: ReportInboundConnector | null; verdict: Verdict }[], ctx: Ctx): string {
  const withConnector = sessions.filter((x) => x.connector);
  if (withConnector.length === 0) return '';
  const rows: PagerCell[][] = withConnector.map((x) => {
    const k = x.connector as ReportInboundConnector;
    return [
      x.remote,
      k.name,
      ctx.t(k.attributed ? 'yes' : 'no'),
      k.reason
        ? ctx.t(
            `connector.reason.${['no-tls', 'no-certificate', 'untrusted', 'expired', 'not-yet-valid', 'name-mismatch'].includes(k.reason) ? k.reason : 'other'}`,
          )
        : '–',
      k.certificate ? [k.certificate.subject, ...k.certificate.sanNames.map((n) => `DNS:${n}`)] : [],
      k.certificate ? k.certificate.issuer : '–',
      k.certificate ? ctx.t(k.certificate.trusted ? 'yes' : 'no') + (k.certificate.trustError ? ` (${k.certificate.trustError})` : '') : '–',
      k.relayDenied,
      x.verdict,
    ];
  });
  const attributed = withConnector.filter((x) => x.connector?.attributed).length;
  return (
    `<h3>${esc(ctx.t('connector.inbound'))}</h3><p class="muted small">${esc(ctx.t('connector.inboundNote', { n: ctx.n(attributed), total: ctx.n(withConnector.length) }))}</p>` +
    pagerTable(
      {
        columns: [
          { label: ctx.t('listen.col.remote'), type: 'mono' },
          { label: '-TlsSenderCertificateName', type: 'mono' },
          { label: ctx.t('connector.col.attributed'), type: 'text' },
          { label: ctx.t('connector.col.reason'), type: 'text' },
          { label: ctx.t('connector.col.certificate'), type: 'list' },
          { label: ctx.t('connector.col.issuer'), type: 'mono' },
          { label: ctx.t('connector.col.trusted'), type: 'text' },
          { label: ctx.t('connector.col.relayDenied'), type: 'num' },
          { label: ctx.t('verdict.label'), type: 'verdict' },
        ],
        rows,
      },
      ctx,
    )
  );
}
