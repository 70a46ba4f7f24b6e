// The `mailtls listen` command (CLI wrapper only; the work is in src/listen/).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { access, constants, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Runner } from '../program.js';
import { helpLang, langOf } from '../context.js';
import { colours, formatFinding } from '../output.js';
import { afterAbort, EXIT_INTERRUPTED, interruption } from '../contract.js';
import { fsReason, readInput } from '../../net/input.js';
import {
  parseChoice,
  parseDuration as parseDurationOption,
  parseHostName,
  parseInteger,
  refuseStdinTwice,
  refuseTogether,
  refuseWithout,
} from '../../net/options.js';
import { sanitize } from '../../net/sanitize.js';
import { EXIT, MailtlsError } from '../../errors.js';
import { ui } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { listen, MAX_WORKERS, parseVersionRange, POLICY_NAMES, type ListenPolicyName, type SenderSummary, type SessionRecord } from '../../listen/index.js';
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

/** `30s`, `5m`, `2h`, `500ms`, or plain seconds, at most 2^31-1 ms (the shared option vocabulary, src/net/options.ts). */
export function parseDuration(s: string, option = '--duration', lang: Lang = 'en'): number {
  return parseDurationOption(s, option, lang);
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

/** Reads --cert and --key and checks they are a PEM certificate and its private key (an empty or wrong file is refused). */
async function readCertAndKey(certFile: string, keyFile: string, lang: Lang): Promise<{ cert: string; key: string }> {
  const cert = (await readInput(certFile, { what: 'PEM certificate', maxBytes: 1 << 20, lang })).toString('utf8');
  const key = (await readInput(keyFile, { what: 'PEM private key', maxBytes: 1 << 20, lang })).toString('utf8');
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new MailtlsError('EINPUT', ui('cli.listen.bad-cert', lang, { file: sanitize(certFile, 200) }));
  }
  let pk;
  try {
    pk = createPrivateKey(key);
  } catch {
    throw new MailtlsError('EINPUT', ui('cli.listen.bad-key', lang, { file: sanitize(keyFile, 200) }));
  }
  if (!x509.checkPrivateKey(pk))
    throw new MailtlsError('EINPUT', ui('cli.listen.key-mismatch', lang, { cert: sanitize(certFile, 200), key: sanitize(keyFile, 200) }));
  return { cert, key };
}

/** --keep-dir must be (or be creatable in) a writable directory on a real file system: never /proc, /sys or /dev. */
async function checkKeepDir(dir: string, lang: Lang): Promise<void> {
  let p = resolve(dir);
  for (;;) {
    const st = await stat(p).catch(() => null);
    if (st) {
      const real = await realpath(p);
      if (/^\/(proc|sys|dev)(\/|$)/.test(real) || !st.isDirectory())
        throw new MailtlsError('EUSAGE', ui('cli.listen.bad-keep-dir', lang, { dir: sanitize(dir, 200) }));
      try {
        await access(p, constants.W_OK);
      } catch (e) {
        throw new MailtlsError('EIO', ui('cli.out.unwritable', lang, { option: '--keep-dir', path: sanitize(dir, 200), reason: fsReason(e) }));
      }
      return;
    }
    const up = dirname(p);
    if (up === p) return;
    p = up;
  }
}

/** One human line per session, then its error/warning findings indented. */
export function formatSession(r: SessionRecord, lang: Lang, c = colours()): string {
  const verdict = ui(`receiver.${r.verdict}`, lang);
  const col = r.verdict === 'pass' ? c.green : r.verdict === 'fail' ? c.red : c.yellow;
  const time = r.endedAt.slice(11, 19);
  const hello = r.clientHello
    ? ui('receiver.offered', lang, {
        versions: `${r.clientHello.maxVersion ?? 'SSLv2'} max, ${r.clientHello.ciphers.length} suites${r.clientHello.sni ? `, SNI ${r.clientHello.sni}` : ''}`,
      })
    : ui('receiver.no-hello', lang);
  const neg = r.negotiated ? ui('receiver.negotiated', lang, { version: r.negotiated.version ?? '?', cipher: r.negotiated.cipher ?? '?' }) : '';
  const outcome = ui(`receiver.outcome.${r.outcome}`, lang);
  const parts = [
    c.dim(time),
    col(verdict.padEnd(7)),
    r.remote,
    r.ehlo ? `EHLO ${r.ehlo}` : '-',
    hello,
    neg,
    `${outcome}${r.reply ? `: ${r.reply}` : ''}`,
  ].filter(Boolean);
  const lines = [parts.join('  ')];
  if (r.connector) {
    const k = r.connector;
    const state = k.attributed
      ? c.green(ui('receiver.connector.attributed', lang, { matched: k.matchedName ?? '' }))
      : c.red(ui('receiver.connector.not-attributed', lang, { reason: k.reason ?? '?' }));
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

Exit status: 0 every sender passed (or none came), 1 a sender failed, 2 could not listen, 130 stopped by Ctrl-C.`,
    )
    .action((opts: ListenOpts) =>
      runner.run(async () => {
        const lang = langOf(opts);
        const policy: ListenPolicyName = parseChoice(opts.policy, '--policy', lang, POLICY_NAMES);
        if (opts.tls && policy !== 'exchange-server') refuseWithout('--tls', '--policy exchange-server', lang);
        if (opts.once && opts.maxSessions !== undefined) refuseTogether('--once', '--max-sessions', lang);
        if (opts.keepDir !== undefined && !opts.accept) refuseWithout('--keep-dir', '--accept', lang);
        const { host, port } = parseListenAddress(opts.listen);
        const maxSessions = opts.maxSessions !== undefined ? parseInteger(opts.maxSessions, '--max-sessions', lang, 1, 1_000_000_000) : opts.once ? 1 : 0;
        if (opts.cert !== undefined && opts.key === undefined) refuseWithout('--cert', '--key', lang);
        if (opts.key !== undefined && opts.cert === undefined) refuseWithout('--key', '--cert', lang);
        if (opts.hostname !== undefined) parseHostName(opts.hostname, '--hostname', lang);
        const durationMs = opts.duration !== undefined ? parseDuration(opts.duration, '--duration', lang) : undefined;
        const workers =
          opts.workers !== undefined ? Math.min(parseInteger(opts.workers, '--workers', lang, 1, MAX_WORKERS), maxSessions > 0 ? maxSessions : MAX_WORKERS) : 1;
        if (opts.tlsSenderCertificateName === undefined && (opts.ca || opts.restrictDomainsToCertificate || opts.acceptedDomain))
          throw new MailtlsError('EUSAGE', ui('cli.listen.connector-options', lang));
        refuseStdinTwice(
          [opts.cert, opts.key, ...(opts.ca ?? [])].filter((f): f is string => f !== undefined),
          lang,
        );
        const connector =
          opts.tlsSenderCertificateName === undefined
            ? undefined
            : {
                tlsSenderCertificateName: domainOption(opts.tlsSenderCertificateName, '--tls-sender-certificate-name', lang),
                restrictDomainsToCertificate: Boolean(opts.restrictDomainsToCertificate),
                acceptedDomains: (opts.acceptedDomain ?? []).map((d) => domainOption(d, '--accepted-domain', lang).domain),
                ca: await Promise.all((opts.ca ?? []).map((f) => readPemOption(f, '--ca', lang, 'CA certificate'))),
              };
        if (opts.keepDir !== undefined) await checkKeepDir(opts.keepDir, lang);
        const pem = opts.cert !== undefined && opts.key !== undefined ? await readCertAndKey(opts.cert, opts.key, lang) : undefined;
        const stopper = interruption(lang);
        const listener = await listen({
          host,
          port,
          policy,
          lang,
          ...(opts.tls ? { tls: parseVersionRange(opts.tls) } : {}),
          ...(pem ?? {}),
          ...(opts.hostname ? { hostname: opts.hostname } : {}),
          accept: Boolean(opts.accept),
          ...(opts.keepDir ? { keepDir: opts.keepDir } : {}),
          maxSessions,
          ...(durationMs !== undefined ? { durationMs } : {}),
          workers,
          ...(connector ? { connector } : {}),
          signal: stopper.signal,
        }).catch((e: unknown) => {
          stopper.dispose();
          throw e;
        });
        const c = colours();
        const a = listener.address;
        const addr = a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
        const cert = listener.selfSignedCertificate
          ? ui('receiver.cert-generated', lang, { host: listener.hostname })
          : ui('receiver.cert-given', lang, { file: opts.cert ?? '' });
        process.stderr.write(ui('receiver.listening', lang, { address: addr, policy, cert }) + '\n');
        const findings: Finding[] = [];
        try {
          const sessions = (async () => {
            for await (const r of listener) {
              findings.push(...r.findings.filter((f) => f.severity === 'error'));
              if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
              else process.stdout.write(formatSession(r, lang, c));
            }
          })();
          // Ctrl-C: open sessions get 421 and a second to be reported; the listener never holds the command longer
          await Promise.race([sessions, afterAbort(stopper.signal, 1000)]);
        } finally {
          stopper.dispose();
          let t: NodeJS.Timeout | undefined;
          await Promise.race([
            listener.close(),
            new Promise((r) => {
              t = setTimeout(r, 1000);
            }),
          ]);
          clearTimeout(t);
        }
        if (!opts.json) {
          const senders = listener.summary();
          process.stdout.write(`\n${ui(senders.length > 0 ? 'receiver.summary' : 'receiver.summary-none', lang)}\n`);
          for (const s of senders) process.stdout.write(formatSender(s, lang, c));
        }
        // Ctrl-C ends a listen that has no --duration/--max-sessions/--once: the summary is printed, the status is 130
        if (stopper.interrupted) return EXIT_INTERRUPTED;
        return findings.length > 0 ? EXIT.FINDINGS : EXIT.OK;
      }),
    );
}
