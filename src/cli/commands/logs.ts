// The `mailtls logs` command (CLI wrapper only; the work is in src/logs/).
import { setFlagsFromString } from 'node:v8';
import type { Command } from 'commander';
import type { Runner } from '../program.js';
import { helpLang, langOf } from '../context.js';
import { colours, formatFinding, Progress } from '../output.js';
import { EXIT_INTERRUPTED, interruption, planOutputs, writeStdout } from '../contract.js';
import { checkInputFile } from '../../net/input.js';
import { parseInteger, refuseStdinTwice } from '../../net/options.js';
import { writeHtmlIfAsked } from '../html.js';
import { EXIT, MailtlsError } from '../../errors.js';
import { ui } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { sanitize } from '../../net/sanitize.js';
import {
  analyzeLogs,
  doubtIds,
  fileErrorText,
  fileReasonText,
  peerCount,
  renderCsv,
  renderSeries,
  renderTable,
  reportExit,
  sampleReasonText,
  TOP_PICKED,
  versionList,
  type LogReport,
} from '../../logs/index.js';

/** A --help text in the language of LANG / LC_ALL (en or nl). */
const h = (key: string): string => ui(`help.${key}`, helpLang());

interface LogsOpts {
  since?: string;
  until?: string;
  peer?: string[];
  json?: boolean;
  csv?: boolean;
  html?: string;
  lang?: string;
  top?: string;
  workers?: string;
  year?: string;
  maxLine?: string;
}

/**
 * From now on V8 optimizes no more code in this process (see the logs command's `light`); where it cannot, nothing
 * changes. Said under a symbol for the CLI's loader (scripts/cli-loader.cjs), which turns it back on before it makes a
 * code cache: V8 stamps a cache with its flags of the moment.
 */
function stopOptimizing(): void {
  try {
    setFlagsFromString('--no-opt');
    (globalThis as Record<symbol, unknown>)[Symbol.for('mailtls.stoppedOptimizing')] = true;
  } catch {
    /* a Node whose flags are frozen: it optimizes on */
  }
}

/** A date for --since/--until: `2024-05-01`, `2024-05-01T12:00`, any ISO 8601 (zone-less = UTC). */
export function parseWhen(v: string, option: string, lang: Lang): Date {
  let s = v.trim();
  if (/^\d{4}-\d\d-\d\d$/.test(s)) s += 'T00:00:00Z';
  else if (/^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(s)) s = s.replace(' ', 'T') + 'Z';
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) throw new MailtlsError('EUSAGE', ui('logs.err.bad-date', lang, { option, value: sanitize(v, 60) }));
  return d;
}

/** The human report: summary, versions, table, series, findings, malformed samples. */
export function formatHuman(r: LogReport, lang: Lang, secs: number, top: number): string {
  const c = colours();
  const t = r.totals;
  const out: string[] = [];
  if (r.interrupted) out.push(c.yellow(c.bold(ui('cli.logs.interrupted-partial', lang))));
  out.push(
    c.bold(
      ui('logs.summary', lang, {
        files: r.files,
        lines: r.lines,
        mb: (r.bytes / 1e6).toFixed(1),
        secs: secs.toFixed(1),
        peers: peerCount(r),
        sessions: t.sessions,
        tls: t.tlsSessions,
        notls: t.noTls,
        failures: t.failures,
      }),
    ),
  );
  out.push(ui('logs.versions', lang, { list: versionList(t, lang) }));
  out.push('');
  if (peerCount(r)) out.push(renderTable(r, lang, top));
  const series = renderSeries(r, lang);
  if (series) out.push(series);
  out.push(c.bold(ui('logs.findings', lang)));
  for (const f of r.findings) out.push(formatFinding(f, lang, c));
  // a refused file's sample is the reason it was refused: in the report language from the file's typed kind
  const refused = new Map(r.fileReports.filter((f) => f.detectedLog).map((f) => [sanitize(f.file, 300), f]));
  for (const s of r.malformedSamples.slice(0, 5)) {
    const ref = s.reason === 'not-an-smtp-log' ? refused.get(s.file) : undefined;
    out.push(
      c.dim(
        ui('logs.malformed-sample', lang, {
          file: sanitize(s.file, 200),
          line: s.line,
          reason: sampleReasonText(s.reason, lang),
          text: sanitize(ref ? fileReasonText(ref, lang) : fileErrorText(s.text, lang), 120),
        }),
      ),
    );
  }
  return out.join('\n') + '\n';
}

export function register(program: Command, runner: Runner): void {
  const hl = helpLang();
  program
    .command('logs')
    .description(h('logs.description'))
    .argument('<inputs...>', h('logs.inputs'))
    .option('--since <time>', h('logs.since'))
    .option('--until <time>', h('logs.until'))
    .option('--peer <text>', h('logs.peer'), (v: string, prev: string[] = []) => [...prev, v])
    .option('--json', h('logs.json'))
    .option('--csv', h('logs.csv'))
    .option('--html <file>', ui('cli.opt.html', hl))
    .option('--top <n>', h('logs.top'), '50')
    .option('--workers <n>', h('logs.workers'))
    .option('--year <yyyy>', h('logs.year'))
    .option('--max-line <bytes>', h('logs.max-line'), String(32 * 1024))
    .option('--lang <lang>', ui('cli.opt.lang', hl))
    .addHelpText(
      'after',
      `
Examples:
  mailtls logs "C:\\Program Files\\Microsoft\\Exchange Server\\V15\\TransportRoles\\Logs\\FrontEnd\\ProtocolLog"
  mailtls logs /var/log/mail.log /var/log/mail.log.2.gz --since 2024-05-01
  mailtls logs ./RECV*.LOG --peer 10.1.2.3 --json > peer.json
  mailtls logs ./logs --csv > peers.csv
  zcat /var/log/exim4/mainlog.*.gz | mailtls logs -
Exchange writes TLS lines only at -ProtocolLoggingLevel Verbose; Postfix needs smtpd_tls_loglevel = 1.

Exit status: 0 all-clear (no peer used TLS 1.0/1.1, no TLS failure, every line and file read), 1 there was a problem
(see findings), 2 no all-clear: nothing, or not everything, could be read (unread or cut files, TLS lines not used,
versions not logged, no session left after the filters); the reason is on stderr. 130 stopped by Ctrl-C (the partial
report is printed, marked interrupted). See docs/cli.md.`,
    )
    .action((inputs: string[], opts: LogsOpts) =>
      runner.run(async () => {
        const lang = langOf(opts);
        if (opts.json && opts.csv) throw new MailtlsError('EUSAGE', ui('logs.err.csv-json', lang));
        const since = opts.since ? parseWhen(opts.since, '--since', lang) : undefined;
        const until = opts.until ? parseWhen(opts.until, '--until', lang) : undefined;
        const top = parseInteger(opts.top ?? '50', '--top', lang, 1, 1_000_000);
        const workers = opts.workers !== undefined ? parseInteger(opts.workers, '--workers', lang, 0, 64) : undefined;
        const year = opts.year !== undefined ? parseInteger(opts.year, '--year', lang, 1970, 9999) : undefined;
        const maxLineBytes = parseInteger(opts.maxLine ?? String(32 * 1024), '--max-line', lang, 64, 64 << 20);
        refuseStdinTwice(inputs, lang);
        // inputs are regular files, directories (walked) or - ; a device or FIFO (/dev/zero) would never end
        for (const i of inputs) await checkInputFile(i, 'log', lang, { allowDirectory: true });
        const out = await planOutputs(lang, {
          inputs,
          outputs: [{ option: '--html', path: opts.html }],
          stdoutUsedBy: opts.json ? '--json' : opts.csv ? '--csv' : undefined,
        });
        const progress = new Progress(0, ui('logs.progress', lang), process.stderr, 'MB');
        let shown = false;
        const started = Date.now();
        const stop = interruption(lang);
        // the usual report reads a few peers once the input is read: code V8 would optimize from then on cannot pay
        // off before this process ends, and Node waits at its exit for a compile still running (the dense bench mix: 8
        // instead of 16-19 ms from the output to the exit). Not when every peer is built (--json, --csv, --html, a
        // --top longer than the report picks without building them all): that work is long enough to gain from it.
        const light = !opts.json && !opts.csv && !opts.html && top <= TOP_PICKED;
        let report;
        try {
          report = await analyzeLogs(inputs, {
            since,
            until,
            peer: opts.peer,
            lang,
            workers,
            year,
            maxLineBytes,
            signal: stop.signal,
            onRead: light ? stopOptimizing : undefined,
            onProgress: (done, total) => {
              if (total < 50e6) return;
              shown = true;
              progress.setTotal(Math.round(total / 1e6));
              progress.update(Math.round(done / 1e6));
            },
          });
        } finally {
          stop.dispose();
        }
        if (shown) progress.done();
        const readable = report.fileReports.some((f) => f.format !== null);
        if (!readable && !report.interrupted) {
          const reasons = report.fileReports.map((f) => `${sanitize(f.file, 200)}: ${sanitize(fileReasonText(f, lang), 200)}`).join('; ');
          throw new MailtlsError(
            'EINPUT',
            report.fileReports.length
              ? ui('logs.err.nothing-read', lang, { reason: reasons })
              : ui('logs.err.no-input', lang, { inputs: sanitize(inputs.join(' '), 300) }),
          );
        }
        await writeHtmlIfAsked(report, out['--html'], lang);
        if (opts.json) await writeStdout(JSON.stringify(report, null, 2) + '\n');
        else if (opts.csv) await writeStdout(renderCsv(report));
        else {
          const text = formatHuman(report, lang, (Date.now() - started) / 1000, top);
          if (out['--html']?.stdout) process.stderr.write(text);
          else await writeStdout(text);
        }
        if (report.interrupted) {
          process.stderr.write(`mailtls: ${ui('cli.logs.interrupted', lang)}\n`);
          return EXIT_INTERRUPTED;
        }
        // no session left after the filters: nothing was tested, which is not a pass; the document is printed (as for
        // every other "no all-clear") and the one line says which filters emptied it
        const filters = [
          opts.since && `--since ${opts.since}`,
          opts.until && `--until ${opts.until}`,
          ...(opts.peer ?? []).map((p) => `--peer ${p}`),
          opts.maxLine !== undefined && opts.maxLine !== String(32 * 1024) ? `--max-line ${opts.maxLine}` : '',
        ]
          .filter(Boolean)
          .join(' ');
        if (report.totals.sessions === 0 && filters) {
          process.stderr.write(`mailtls: ${ui('cli.logs.filtered-out', lang, { lines: report.lines, filters: sanitize(filters, 300) })}\n`);
          return EXIT.FAILED;
        }
        const code = reportExit(report);
        if (code === EXIT.FAILED) process.stderr.write(`mailtls: ${ui('logs.err.incomplete', lang, { ids: doubtIds(report).join(', ') })}\n`);
        return code;
      }),
    );
}
