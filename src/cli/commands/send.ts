// The `mailtls send` command (CLI wrapper only; the work is in src/send/).
import type { Command } from 'commander';
import type { Runner } from '../program.js';
import { helpLang, langOf } from '../context.js';
import { colours, formatFinding } from '../output.js';
import { writeStdout } from '../contract.js';
import { parseChoice, parseDuration, parseHostName, refuseWithout } from '../../net/options.js';
import { EXIT, MailtlsError } from '../../errors.js';
import { ui } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { phaseWords } from '../../smtp/phases.js';
import { send, SEND_POLICIES, type SendPolicy, type SendResult } from '../../send/index.js';
import { clientCertificateOption } from './connector.js';

/** A --help text in the language of LANG / LC_ALL (en or nl). */
const h = (key: string): string => ui(`help.${key}`, helpLang());

interface SendOpts {
  from?: string;
  to?: string[];
  policy: string;
  allowPrivate?: boolean;
  ehlo?: string;
  timeout?: string;
  json?: boolean;
  lang?: string;
  tlsCertificate?: string;
  tlsKey?: string;
}

/** `host`, `host:port`, `[v6]` or `[v6]:port`; default port 25. */
export function parseTarget(s: string): { host: string; port: number } {
  const t = s.trim();
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(t) ?? /^([^:\s]+)(?::(\d+))?$/.exec(t);
  const port = m?.[2] !== undefined ? Number(m[2]) : 25;
  if (!m || !m[1] || !Number.isInteger(port) || port < 1 || port > 65535)
    throw new MailtlsError('EUSAGE', `target must be host[:port] or [ipv6]:port, got "${s}"`);
  return { host: m[1], port };
}

/** The human report: transcript, TLS, findings, result line. */
export function formatSendResult(r: SendResult, lang: Lang, c = colours()): string {
  const out: string[] = [`${c.bold(ui('send.transcript', lang))} ${r.target}`];
  for (const l of r.transcript) {
    const lock = l.tls ? '~' : ' ';
    if (l.dir === '*') out.push(c.dim(`  *** ${l.text}`));
    else
      for (const [i, line] of l.text.split('\n').entries()) {
        const arrow = l.dir === 'C' ? `${lock}>` : `<${lock}`;
        const text = l.dir === 'S' && i > 0 ? `${line}` : line;
        out.push(`  ${l.dir === 'C' ? c.cyan(arrow) : arrow} ${text}`);
      }
  }
  out.push('');
  out.push(`${c.bold(ui('send.tls', lang))}: ${r.tls ? `${r.tls.version ?? '?'} ${r.tls.cipher ?? '?'}` : ui('send.none', lang)}`);
  for (const f of r.findings) out.push(formatFinding(f, lang, c));
  // the step in words ("the TLS handshake", "de TLS-handshake"), not its id
  const phase = r.failedAt ? phaseWords(r.failedAt, lang) : '?';
  const line =
    r.verdict === 'pass'
      ? c.green(r.tls ? ui('send.pass', lang, { version: r.tls.version ?? '?' }) : ui('send.pass-plain', lang))
      : r.verdict === 'fail'
        ? c.red(ui('send.fail', lang, { phase, reason: r.reason ?? '' }))
        : c.yellow(ui('send.inconclusive', lang, { phase, reason: r.reason ?? '' }));
  out.push(`${c.bold(ui('send.result', lang))}: ${line}`);
  return out.join('\n') + '\n';
}

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

export function register(program: Command, runner: Runner): void {
  const hl = helpLang();
  program
    .command('send')
    .description(ui('send.description', hl))
    .argument('<host[:port]>', h('send.host'))
    .requiredOption('--from <address>', h('send.from'))
    .requiredOption('--to <address>', h('send.to'), collect)
    .option('--policy <name>', ui('help.send.policy', helpLang(), { list: SEND_POLICIES.join(', ') }), 'exchange-online')
    .option('--ehlo <name>', h('send.ehlo'))
    .option('--allow-private', h('send.allow-private'))
    .option('--timeout <time>', h('send.timeout'), '30')
    .option('--tls-certificate <file>', h('send.tls-certificate'))
    .option('--tls-key <file>', h('send.tls-key'))
    .option('--json', ui('cli.opt.json', hl))
    .option('--lang <lang>', ui('cli.opt.lang', hl))
    .addHelpText(
      'after',
      `
Examples:
  mailtls send mail.contoso.com --from test@fabrikam.com --to postmaster@contoso.com
  mailtls send 192.0.2.10:2525 --from a@example.com --to b@example.com --json
  mailtls send [2001:db8::25] --from a@example.com --to b@example.com --lang nl
Under --policy exchange-online (the default) it never falls back to plaintext: STARTTLS, TLS 1.2+ and Exchange
Online's suites, or it reports where and why it failed.

Exit status: 0 the message was accepted, 1 it failed (finding shown), 2 could not test (unreachable, bad input).`,
    )
    .action((target: string, opts: SendOpts) =>
      runner.run(async () => {
        const lang = langOf(opts);
        parseChoice(opts.policy, '--policy', lang, SEND_POLICIES);
        const { host, port } = parseTarget(target);
        // the connect deadline also covers the name lookup of a host name (it runs inside the TCP connect)
        const ms = parseDuration(opts.timeout ?? '30', '--timeout', lang, { minMs: 100, maxMs: 3_600_000 });
        if (opts.ehlo !== undefined) parseHostName(opts.ehlo, '--ehlo', lang);
        if (opts.tlsCertificate !== undefined && opts.tlsKey === undefined) refuseWithout('--tls-certificate', '--tls-key', lang);
        if (opts.tlsKey !== undefined && opts.tlsCertificate === undefined) refuseWithout('--tls-key', '--tls-certificate', lang);
        const clientCertificate =
          opts.tlsCertificate !== undefined && opts.tlsKey !== undefined ? await clientCertificateOption(opts.tlsCertificate, opts.tlsKey, lang) : undefined;
        const r = await send({
          host,
          port,
          from: opts.from ?? '',
          to: opts.to ?? [],
          policy: opts.policy as SendPolicy,
          lang,
          ...(opts.ehlo ? { ehlo: opts.ehlo } : {}),
          allowPrivate: opts.allowPrivate === true,
          ...(clientCertificate ? { clientCertificate } : {}),
          timeouts: { connectMs: ms, greetingMs: ms, commandMs: ms, tlsMs: ms, sessionMs: Math.max(120_000, ms * 4) },
        });
        if (opts.json) await writeStdout(JSON.stringify(r, null, 2) + '\n');
        else await writeStdout(formatSendResult(r, lang, colours()));
        if (r.verdict === 'inconclusive') {
          process.stderr.write(`mailtls: ${r.reason ?? 'could not complete'}\n`);
          return EXIT.FAILED;
        }
        return r.verdict === 'pass' ? EXIT.OK : EXIT.FINDINGS;
      }),
    );
}
