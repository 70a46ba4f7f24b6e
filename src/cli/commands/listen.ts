// The `mailtls listen` command (CLI wrapper only; the work is in src/receiver/).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Runner } from '../main.js';
import { helpLang, langOf } from '../context.js';
import { colours, formatFinding } from '../output.js';
import { EXIT, MailtlsError } from '../../errors.js';
import { ui } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { listen, MAX_WORKERS, parseVersionRange, POLICY_NAMES, type ListenPolicyName, type SenderSummary, type SessionRecord } from '../../receiver/index.js';
import type { Finding } from '../../findings/types.js';
import { domainOption, readPemOption } from './connector.js';

/** A --help text in the language of LANG / LC_ALL (en or nl). */
const h = (key: string): string => ui(`help.${key}`, helpLang());

interface ListenOpts {
  listen: string;
  policy: string;
  tls?: string;
  cert?: string;
  key?: string;
  hostname?: string;
  accept?: boolean;
  keepDir?: string;
  once?: boolean;
  maxSessions?: string;
  duration?: string;
  workers?: string;
  json?: boolean;
  lang?: string;
  tlsSenderCertificateName?: string;
  ca?: string[];
  restrictDomainsToCertificate?: boolean;
  acceptedDomain?: string[];
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}


/** `host:port`, `[v6]:port`, `:port` or `port`. */
export function parseListenAddress(s: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(s.trim()) ?? /^()()(\d+)$/.exec(s.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new MailtlsError('EUSAGE', `--listen wants address:port (e.g. 0.0.0.0:25), got "${s}"`);
  return { host: m[1] || m[2] || '127.0.0.1', port };
}

/** `30s`, `5m`, `2h`, `500ms`, or plain seconds. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(s.trim());
  if (!m) throw new MailtlsError('EUSAGE', `--duration wants a time like 30s, 5m or 1h, got "${s}"`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
}

/**
 * `--workers n`, else 1: on a 2-core machine the in-process listener out-ran Postfix (1.11x) while 2 worker processes
 * did not (0.88x; each session pays a socket hand-over and an IPC record), so extra processes are opt-in.
 */
export function workerCount(spec: string | undefined, maxSessions: number): number {
  if (spec === undefined) return 1;
  const n = Number(spec);
  if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) throw new MailtlsError('EUSAGE', `--workers wants a number from 1 to ${MAX_WORKERS}, got "${spec}"`);
  return maxSessions > 0 ? Math.min(n, maxSessions) : n;
}

function readPem(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new MailtlsError('EIO', `cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** One human line per session, then its error/warning findings indented. */
export function formatSession(r: SessionRecord, lang: Lang, c = colours()): string {
  const verdict = ui(`receiver.${r.verdict}`, lang);
  const col = r.verdict === 'pass' ? c.green : r.verdict === 'fail' ? c.red : c.yellow;
  const time = r.endedAt.slice(11, 19);
  const hello = r.clientHello
    ? ui('receiver.offered', lang, { versions: `${r.clientHello.maxVersion ?? 'SSLv2'} max, ${r.clientHello.ciphers.length} suites${r.clientHello.sni ? `, SNI ${r.clientHello.sni}` : ''}` })
    : ui('receiver.no-hello', lang);
  const neg = r.negotiated ? ui('receiver.negotiated', lang, { version: r.negotiated.version ?? '?', cipher: r.negotiated.cipher ?? '?' }) : '';
  const outcome = ui(`receiver.outcome.${r.outcome}`, lang);
  const parts = [c.dim(time), col(verdict.padEnd(7)), r.remote, r.ehlo ? `EHLO ${r.ehlo}` : '-', hello, neg, `${outcome}${r.reply ? `: ${r.reply}` : ''}`].filter(Boolean);
  const lines = [parts.join('  ')];
  if (r.connector) {
    const k = r.connector;
    const state = k.attributed ? c.green(ui('receiver.connector.attributed', lang, { matched: k.matchedName ?? '' })) : c.red(ui('receiver.connector.not-attributed', lang, { reason: k.reason ?? '?' }));
    lines.push(`    ${ui('receiver.connector', lang, { name: k.name, state })}`);
  }
  for (const f of r.findings) if (f.severity !== 'info') lines.push(`    ${formatFinding(f, lang, c)}`);
  return lines.join('\n') + '\n';
}

export function formatSender(s: SenderSummary, lang: Lang, c = colours()): string {
  const verdict = ui(`receiver.${s.verdict}`, lang);
  const col = s.verdict === 'pass' ? c.green : s.verdict === 'fail' ? c.red : c.yellow;
  return `  ${ui('receiver.sender-line', lang, {
    verdict: col(verdict.padEnd(7)),
    remote: s.remoteAddress,
    sessions: s.sessions,
    maxVersions: s.maxVersions.join('/') || '-',
    negotiated: s.negotiated.join('/') || '-',
    ehlo: s.ehlo ? ` (EHLO ${s.ehlo})` : '',
  })}\n`;
}

export function register(program: Command, runner: Runner): void {
  const hl = helpLang();
  program
    .command('listen')
    .description(h('listen.description'))
    .option('--listen <address:port>', h('listen.listen'), '127.0.0.1:2525')
    .option('--policy <name>', ui('help.listen.policy', helpLang(), { list: POLICY_NAMES.join(', ') }), 'exchange-online')
    .option('--tls <versions>', h('listen.tls'))
    .option('--cert <file>', h('listen.cert'))
    .option('--key <file>', h('listen.key'))
    .option('--hostname <name>', h('listen.hostname'))
    .option('--accept', h('listen.accept'))
    .option('--keep-dir <dir>', h('listen.keep-dir'))
    .option('--once', h('listen.once'))
    .option('--max-sessions <n>', h('listen.max-sessions'))
    .option('--duration <time>', h('listen.duration'))
    .option('--workers <n>', h('listen.workers'))
    .option('--tls-sender-certificate-name <name>', h('listen.tls-sender-certificate-name'))
    .option('--ca <file>', h('listen.ca'), collect)
    .option('--restrict-domains-to-certificate', h('listen.restrict-domains-to-certificate'))
    .option('--accepted-domain <domain>', h('listen.accepted-domain'), collect)
    .option('--json', h('listen.json'))
    .option('--lang <lang>', ui('cli.opt.lang', hl))
    .addHelpText(
      'after',
      `
Examples:
  mailtls listen                                   # 127.0.0.1:2525, Exchange Online behaviour
  mailtls listen --listen 0.0.0.0:25 --cert mx.pem --key mx.key --duration 1h
  mailtls listen --policy exchange-server --tls 1.2 --json > sessions.jsonl
  mailtls listen --policy opportunistic --accept --keep-dir ./samples --once
  mailtls listen --listen 0.0.0.0:2525 --workers 8 --json    # a busy sender: sessions on 8 processes
Point the sender's send connector / relayhost at the listener, send a message, and read the verdict.

Exit status: 0 every sender passed (or none came), 1 a sender failed, 2 could not listen.`,
    )
    .action((opts: ListenOpts) =>
      runner.run(async () => {
        const lang = langOf(opts);
        if (!(POLICY_NAMES as readonly string[]).includes(opts.policy)) throw new MailtlsError('EUSAGE', `unknown --policy "${opts.policy}" (use ${POLICY_NAMES.join(', ')})`);
        const policy = opts.policy as ListenPolicyName;
        if (opts.tls && policy !== 'exchange-server') throw new MailtlsError('EUSAGE', '--tls applies to --policy exchange-server only');
        const { host, port } = parseListenAddress(opts.listen);
        let maxSessions = opts.once ? 1 : 0;
        if (opts.maxSessions !== undefined) {
          maxSessions = Number(opts.maxSessions);
          if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new MailtlsError('EUSAGE', `--max-sessions wants a positive number, got "${opts.maxSessions}"`);
        }
        if ((opts.cert === undefined) !== (opts.key === undefined)) throw new MailtlsError('EUSAGE', '--cert and --key go together');
        const workers = workerCount(opts.workers, maxSessions);
        if (opts.tlsSenderCertificateName === undefined && (opts.ca || opts.restrictDomainsToCertificate || opts.acceptedDomain))
          throw new MailtlsError('EUSAGE', '--ca, --restrict-domains-to-certificate and --accepted-domain go with --tls-sender-certificate-name');
        const connector = opts.tlsSenderCertificateName === undefined ? undefined : {
          tlsSenderCertificateName: domainOption(opts.tlsSenderCertificateName, '--tls-sender-certificate-name'),
          restrictDomainsToCertificate: Boolean(opts.restrictDomainsToCertificate),
          ca: (opts.ca ?? []).map((f) => readPemOption(f, '--ca')),
          acceptedDomains: (opts.acceptedDomain ?? []).map((d) => domainOption(d, '--accepted-domain').domain),
        };
        const ac = new AbortController();
        const listener = await listen({
          host, port, policy, lang,
          ...(opts.tls ? { tls: parseVersionRange(opts.tls) } : {}),
          ...(opts.cert && opts.key ? { cert: readPem(opts.cert, 'certificate'), key: readPem(opts.key, 'key') } : {}),
          ...(opts.hostname ? { hostname: opts.hostname } : {}),
          accept: Boolean(opts.accept),
          ...(opts.keepDir ? { keepDir: opts.keepDir } : {}),
          maxSessions,
          ...(opts.duration ? { durationMs: parseDuration(opts.duration) } : {}),
          workers,
          ...(connector ? { connector } : {}),
          signal: ac.signal,
        });
        const stop = () => ac.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const c = colours();
        const a = listener.address;
        const addr = a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
        const cert = listener.selfSignedCertificate ? ui('receiver.cert-generated', lang, { host: listener.hostname }) : ui('receiver.cert-given', lang, { file: opts.cert ?? '' });
        process.stderr.write(ui('receiver.listening', lang, { address: addr, policy, cert }) + '\n');
        const findings: Finding[] = [];
        try {
          for await (const r of listener) {
            findings.push(...r.findings.filter((f) => f.severity === 'error'));
            if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
            else process.stdout.write(formatSession(r, lang, c));
          }
        } finally {
          process.removeListener('SIGINT', stop);
          process.removeListener('SIGTERM', stop);
          await listener.close();
        }
        if (!opts.json) {
          const senders = listener.summary();
          process.stdout.write(`\n${ui(senders.length > 0 ? 'receiver.summary' : 'receiver.summary-none', lang)}\n`);
          for (const s of senders) process.stdout.write(formatSender(s, lang, c));
        }
        return findings.length > 0 ? EXIT.FINDINGS : EXIT.OK;
      }),
    );
}
