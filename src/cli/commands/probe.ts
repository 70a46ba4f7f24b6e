// The `mailtls probe` command (CLI wrapper only; the work is in src/probe/).
import { trustStoreFrom } from '../../probe/index.js';
import { Option, type Command } from 'commander';
import type { Runner } from '../program.js';
import { helpLang, langOf } from '../context.js';
import { colours, formatFinding, Progress } from '../output.js';
import { planOutputs, writeStdout } from '../contract.js';
import { readInput } from '../../net/input.js';
import { parseDuration, parseHostName, parsePort, parseResolver } from '../../net/options.js';
import { sanitize } from '../../net/sanitize.js';
import { writeHtmlIfAsked } from '../html.js';
import { EXIT, MailtlsError } from '../../errors.js';
import { ui, SEVERITY_RANK } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { hostPort } from '../../net/address.js';
import { TLS_VERSIONS } from '../../policy/exchange-online.js';
import { probe, type HostResult, type ProbeResult, type Verdict } from '../../probe/index.js';
import { connectorOptions, renderConnector } from './connector.js';

/** Largest --ca file read (a whole system bundle is ~200 KiB). */
const MAX_CA_BYTES = 16 * 1024 * 1024;

/** A --help text in the language of LANG / LC_ALL (en or nl). */
const h = (key: string): string => ui(`help.${key}`, helpLang());

interface ProbeCliOpts {
  resolver?: string;
  html?: string;
  ehlo?: string;
  timeout?: string;
  port?: string;
  ciphers?: boolean;
  json?: boolean;
  lang?: string;
  allowPrivate?: boolean;
  ca?: string[];
  dane?: boolean;
  mtaSts?: boolean;
  mtaStsPort?: string;
  tlsSettings?: string;
  tlsDomain?: string;
}

const EXAMPLES = `
Examples:
  mailtls probe example.com                  every MX host of example.com, every address
  mailtls probe mail.example.com:25 --ciphers every suite per TLS version
  mailtls probe [2001:db8::25]:25 --json     one address, JSON (the contract in docs/probe.md)
  mailtls probe example.test --resolver 127.0.0.1:5353 --port 2525 --allow-private --ca test-ca.pem
  mailtls probe example.com --no-dane --no-mta-sts   skip the DANE/TLSA and MTA-STS/TLS-RPT checks
Exit status: 0 Exchange Online can deliver over TLS 1.2+, 1 it cannot (or an error finding), 2 nothing could be tested.`;

function collect(v: string, prev: string[] = []): string[] {
  return [...prev, v];
}

export function register(program: Command, runner: Runner): void {
  program
    .command('probe')
    .description(h('probe.description'))
    .argument('<target>', h('probe.target'))
    .option('--resolver <ip:port>', h('probe.resolver'))
    .option('--ehlo <name>', h('probe.ehlo'))
    .option('--timeout <seconds>', h('probe.timeout'))
    .option('--port <port>', h('probe.port'))
    .option('--ciphers', h('probe.ciphers'))
    .option('--allow-private', h('probe.allow-private'))
    .option('--ca <file>', h('probe.ca'), collect)
    .option('--no-dane', h('probe.no-dane'))
    .option('--no-mta-sts', h('probe.no-mta-sts'))
    .option('--tls-settings <value>', h('probe.tls-settings'))
    .option('--tls-domain <name>', h('probe.tls-domain'))
    // Test-only (hidden): fetch the MTA-STS policy from this port on the resolved address instead of 443 (loopback labs).
    .addOption(new Option('--mta-sts-port <port>', 'test only: MTA-STS policy port instead of 443').hideHelp())
    .option('--json', h('probe.json'))
    .option('--lang <lang>', h('probe.lang'))
    .option('--html <file>', ui('cli.opt.html', helpLang()))
    .addHelpText('after', EXAMPLES)
    .action((target: string, o: ProbeCliOpts) =>
      runner.run(async () => {
        const lang = langOf(o);
        const timeoutMs = o.timeout !== undefined ? parseDuration(o.timeout, '--timeout', lang, { minMs: 100, maxMs: 600_000 }) : undefined;
        const port = o.port !== undefined ? parsePort(o.port, '--port', lang) : undefined;
        const mtaStsPort = o.mtaStsPort !== undefined ? parsePort(o.mtaStsPort, '--mta-sts-port', lang) : undefined;
        if (o.ehlo !== undefined) parseHostName(o.ehlo, '--ehlo', lang);
        if (o.resolver !== undefined) parseResolver(o.resolver, '--resolver', lang);
        const connector = connectorOptions(o.tlsSettings, o.tlsDomain, lang);
        const out = await planOutputs(lang, { inputs: o.ca ?? [], outputs: [{ option: '--html', path: o.html }], stdoutUsedBy: o.json ? '--json' : undefined });
        const extraCa: string[] = [];
        for (const f of o.ca ?? []) {
          const text = (await readInput(f, { what: 'PEM CA certificate', maxBytes: MAX_CA_BYTES, lang, allowBinary: true })).toString('utf8');
          // the chain check skips what it cannot read: say so here instead of trusting nothing in silence
          if (trustStoreFrom([text]).size() === 0) throw new MailtlsError('EINPUT', ui('cli.probe.ca-no-pem', lang, { file: sanitize(f, 200) }));
          extraCa.push(text);
        }
        const progress = new Progress(0, 'probe', process.stderr, ui('cli.unit.hosts', lang));
        let done = 0;
        const result = await probe(target, {
          ...(o.resolver ? { resolver: o.resolver } : {}),
          ...(o.ehlo ? { ehlo: o.ehlo } : {}),
          ...(timeoutMs ? { timeoutMs } : {}),
          ...(port ? { port } : {}),
          ciphers: o.ciphers === true,
          allowPrivate: o.allowPrivate === true,
          extraCa,
          dane: o.dane !== false,
          mtaSts: o.mtaSts !== false,
          ...(mtaStsPort ? { mtaStsPort } : {}),
          lang,
          ...(connector ? { connector } : {}),
          onHost: () => progress.update(++done),
        });
        progress.done();
        await writeHtmlIfAsked(result, out['--html'], lang);
        if (o.json) await writeStdout(JSON.stringify(result, null, 2) + '\n');
        else if (out['--html']?.stdout) process.stderr.write(render(result, lang));
        else await writeStdout(render(result, lang));
        return exitStatus(result);
      }),
    );
}

/** 2 when no host could be tested (with the reason on stderr), 1 on fail or any error finding, else 0. */
export function exitStatus(r: ProbeResult): number {
  const tested = r.hosts.some((h) => h.verdict !== 'inconclusive');
  if (!tested) {
    const all = [...r.findings, ...r.hosts.flatMap((h) => h.findings)];
    const why = all.find((f) => f.severity === 'error' && f.id !== 'probe.nothing-tested') ?? all[0];
    process.stderr.write(`mailtls: ${why ? why.message : 'nothing could be tested'}\n`);
    return EXIT.FAILED;
  }
  if (r.verdict === 'fail') return EXIT.FINDINGS;
  return [...r.findings, ...r.hosts.flatMap((h) => h.findings)].some((f) => f.severity === 'error') ? EXIT.FINDINGS : EXIT.OK;
}

const VLABEL: Record<string, string> = { SSLv3: 'SSLv3', 'TLSv1.0': 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' };

/** The human table: one block per host, then the overall verdict. Server text is already sanitised by the library. */
export function render(r: ProbeResult, lang: Lang, c = colours()): string {
  const out: string[] = [];
  const verdictText = (v: Verdict): string => {
    const t = ui(`probe.verdict.${v}`, lang);
    return v === 'pass' ? c.green(c.bold(t)) : v === 'fail' ? c.red(c.bold(t)) : c.yellow(c.bold(t));
  };
  const row = (k: string, v: string): void => {
    out.push(`  ${k.padEnd(12)} ${v}`);
  };
  for (const f of sorted(r.findings)) out.push(formatFinding(f, lang, c));
  if (r.findings.length > 0) out.push('');
  if (r.hosts.length === 0) out.push(ui('probe.no-hosts', lang));
  for (const h of r.hosts) {
    const pref = h.mxPreference !== null ? `  (${ui('probe.preference', lang, { pref: h.mxPreference })})` : '';
    out.push(c.bold(`${h.host === h.ip ? hostPort(h.ip, h.port) : `${h.host}  ${hostPort(h.ip, h.port)}`}`) + c.dim(pref));
    if (h.smtp.banner !== null) row(ui('probe.banner', lang), h.smtp.banner);
    row(ui('probe.starttls', lang), ui(`probe.${h.smtp.starttls}`, lang));
    if (h.smtp.starttls === 'offered') {
      const vs = TLS_VERSIONS.map((v) => {
        const a = h.tls.versions[v];
        const mark = a === true ? c.green(ui('cli.yes', lang)) : a === false ? c.dim(ui('cli.no', lang)) : c.yellow('?');
        return `${VLABEL[v]} ${mark}`;
      });
      row(ui('probe.versions', lang), vs.join('  '));
      const entries = TLS_VERSIONS.filter((v) => (h.tls.ciphers[v]?.length ?? 0) > 0).reverse();
      entries.forEach((v, i) => {
        const list = h.tls.ciphers[v] ?? [];
        const key = i === 0 ? ui('probe.suites', lang) : '';
        row(key, `${VLABEL[v]}: ${list[0]}${list.length > 1 ? '' : ''}`);
        for (const s of list.slice(1)) row('', `${' '.repeat((VLABEL[v] as string).length + 2)}${s}`);
      });
      const cert = h.tls.certificate;
      if (cert) {
        row(
          ui('probe.certificate', lang),
          ui('probe.cert-line', lang, {
            subject: cert.subject,
            keyType: cert.keyType.toUpperCase(),
            keyBits: cert.keyBits ?? '?',
            sig: cert.signatureAlgorithm,
            notAfter: cert.notAfter.slice(0, 10),
            days: cert.daysLeft,
          }),
        );
        if (cert.sanNames.length > 0) row('', `SAN: ${cert.sanNames.join(', ')}`);
        const yes = (b: boolean, good: string): string => (b ? c.green(good) : c.yellow(ui('probe.bad', lang)));
        row(
          '',
          ui('probe.cert-trust', lang, {
            name: h.host === h.ip && !cert.nameMatches ? c.dim('-') : yes(cert.nameMatches, ui('probe.ok', lang)),
            chain: cert.chainComplete ? c.green(ui('probe.complete', lang)) : c.yellow(ui('probe.incomplete', lang)),
            trust: yes(cert.trusted, ui('probe.ok', lang)) + (cert.trusted ? '' : c.dim(` (${cert.trustError ?? ''})`)),
          }),
        );
      }
    }
    if (h.dane && h.dane.status !== 'none') {
      const st = ui(`dane.status.${h.dane.status}`, lang);
      const dnssec = h.dane.enforced ? ui('dane.dnssec', lang) : ui('dane.no-dnssec', lang);
      row(ui('dane.row', lang), `${h.dane.status === 'valid' ? c.green(st) : c.yellow(st)} ${c.dim(`(${h.dane.tlsaName}, ${dnssec})`)}`);
    }
    if (h.connector) for (const [k, v] of renderConnector(h.connector, lang, c)) row(k, v);
    for (const f of sorted(h.findings)) out.push(`  ${formatFinding(f, lang, c)}`);
    row(ui('probe.verdict', lang), verdictText(h.verdict));
    out.push(
      c.dim(
        `  ${ui(h.connections === 1 ? 'cli.probe.elapsed-one' : 'probe.elapsed', lang, { connections: h.connections ?? 0, seconds: (h.elapsedMs / 1000).toFixed(2) })}`,
      ),
    );
    out.push('');
  }
  if (r.mtaSts) {
    const p = r.mtaSts.policy;
    const v =
      r.mtaSts.status === 'valid' && p
        ? ui('dane.mtasts.valid', lang, { mode: p.mode ?? '?', mx: p.mx.join(', ') || '-' })
        : ui(`dane.mtasts.${r.mtaSts.status}`, lang);
    out.push(`${ui('dane.mtasts-row', lang).padEnd(14)} ${v}`);
  }
  if (r.tlsRpt) out.push(`${ui('dane.tlsrpt-row', lang).padEnd(14)} ${ui(`dane.tlsrpt.${r.tlsRpt.status}`, lang, { rua: r.tlsRpt.rua.join(', ') })}`);
  if (r.mtaSts || r.tlsRpt) out.push('');
  out.push(`${ui('probe.overall', lang, { target: r.target })}: ${verdictText(r.verdict)}`);
  return out.join('\n') + '\n';
}

function sorted(list: HostResult['findings']): HostResult['findings'] {
  return [...list].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}
