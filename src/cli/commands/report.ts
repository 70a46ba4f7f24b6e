// The `mailtls report` command (CLI wrapper only; the work is in src/report/).
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Runner } from '../main.js';
import { helpLang, langOf } from '../context.js';
import { printJson } from '../output.js';
import { EXIT, MailtlsError } from '../../errors.js';
import { ui } from '../catalog.js';
import { sanitize } from '../../net/sanitize.js';
import { parseReportInput, renderReportWithSummary, validateReportInput, writeHtmlReport, writeReport } from '../../report/index.js';

/** A --help text in the language of LANG / LC_ALL (en or nl). */
const h = (key: string): string => ui(`help.${key}`, helpLang());

export { writeHtmlReport };

interface ReportOpts { html: string; lang?: string; title?: string; json?: boolean }

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function readInput(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (e) {
    throw new MailtlsError('EIO', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file });
  }
  const name = file === '-' ? 'stdin' : file;
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
        const docs: unknown[] = [];
        for (const f of files) docs.push(...(await readInput(f)));
        const title = opts.title !== undefined ? sanitize(opts.title, 200) : undefined;
        const ropts = { lang, ...(title !== undefined ? { title } : {}) };
        if (opts.html === '-') {
          process.stdout.write(renderReportWithSummary(docs, ropts).html);
          return EXIT.OK;
        }
        const summary = await writeReport(docs, opts.html, ropts);
        if (opts.json) printJson({ html: opts.html, verdict: summary.verdict, kinds: summary.kinds, sections: summary.sections });
        else {
          const verdict = ui(`report.verdict.${summary.verdict}`, lang);
          process.stdout.write(`${ui('report.cli.written', lang, { path: opts.html, kinds: summary.kinds.join(', '), verdict })}\n`);
        }
        return EXIT.OK;
      }),
    );
}
