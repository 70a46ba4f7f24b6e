// The `mailtls report` command (CLI wrapper only; the work is in src/report/).
import type { Command } from 'commander';
import type { Runner } from '../program.js';
import { helpLang, langOf } from '../context.js';
import { planOutputs, writeOutput, writeStdout, type PlannedOutput } from '../contract.js';
import { readInput } from '../../net/input.js';
import { refuseStdinTwice } from '../../net/options.js';
import type { Lang } from '../../i18n/lang.js';
import { EXIT, MailtlsError } from '../../errors.js';
import { ui } from '../catalog.js';
import { sanitize } from '../../net/sanitize.js';
import { parseReportInput, renderReportWithSummary, validateReportInput, writeHtmlReport } from '../../report/index.js';

/** A --help text in the language of LANG / LC_ALL (en or nl). */
const h = (key: string): string => ui(`help.${key}`, helpLang());

export { writeHtmlReport };

interface ReportOpts {
  html: string;
  lang?: string;
  title?: string;
  json?: boolean;
}

/** Largest JSON input read (a scan export of a million domains is a few hundred MB). */
const MAX_REPORT_INPUT = 512 * 1024 * 1024;

async function readReportInput(file: string, lang: Lang): Promise<unknown[]> {
  const text = (await readInput(file, { what: 'mailtls JSON result', maxBytes: MAX_REPORT_INPUT, lang })).toString('utf8');
  const name = file === '-' ? 'stdin' : sanitize(file, 200);
  try {
    const docs = parseReportInput(text, name);
    validateReportInput(docs);
    return docs;
  } catch (e) {
    if (e instanceof MailtlsError && !e.message.startsWith(name)) throw new MailtlsError(e.code, `${name}: ${e.message}`, e.detail);
    throw e;
  }
}

export function register(program: Command, runner: Runner): void {
  program
    .command('report')
    .description(h('report.description'))
    .argument('<json...>', h('report.json-inputs'))
    .requiredOption('--html <file>', h('report.html'))
    .option('--lang <lang>', h('report.lang'))
    .option('--title <text>', h('report.title'))
    .option('--json', h('report.json'))
    .addHelpText(
      'after',
      `
Examples:
  mailtls probe contoso.nl --json > probe.json && mailtls report probe.json --html probe.html
  mailtls listen --json > sessions.jsonl      # one session per line
  mailtls report sessions.jsonl --html senders.html --lang nl
  mailtls report probe.json registry.json logs.json --html all.html
  mailtls scan domains.txt --json | mailtls report - --html scan.html

The page loads nothing from the network (inline CSS, inline SVG charts), reads well on a phone and prints.
Exit status: 0 when the page was written, 2 when an input is not a mailtls JSON result or cannot be read.`,
    )
    .action((files: string[], opts: ReportOpts) =>
      runner.run(async () => {
        const lang = langOf(opts);
        refuseStdinTwice(files, lang);
        // the page never replaces an input, and its path is checked before anything is read
        const out = await planOutputs(lang, {
          inputs: files,
          outputs: [{ option: '--html', path: opts.html }],
          stdoutUsedBy: opts.json ? '--json' : undefined,
        });
        const html = out['--html'] as PlannedOutput;
        const docs: unknown[] = [];
        for (const f of files) docs.push(...(await readReportInput(f, lang)));
        const title = opts.title !== undefined ? sanitize(opts.title, 200) : undefined;
        const ropts = { lang, ...(title !== undefined ? { title } : {}) };
        const { html: page, summary } = renderReportWithSummary(docs, ropts);
        await writeOutput(html, page, lang);
        if (html.stdout) return EXIT.OK;
        if (opts.json)
          await writeStdout(JSON.stringify({ html: opts.html, verdict: summary.verdict, kinds: summary.kinds, sections: summary.sections }, null, 2) + '\n');
        else {
          const verdict = ui(`report.verdict.${summary.verdict}`, lang);
          await writeStdout(`${ui('report.cli.written', lang, { path: opts.html, kinds: summary.kinds.join(', '), verdict })}\n`);
        }
        return EXIT.OK;
      }),
    );
}
