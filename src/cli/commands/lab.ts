// The `mailtls lab` command (CLI wrapper only; the work is in src/lab/): run the scenarios, list them, or serve them.
import type { Command } from 'commander';
import type { Runner } from '../program.js';
import { helpLang, langOf } from '../context.js';
import { colours, formatFinding, Progress } from '../output.js';
import { EXIT_INTERRUPTED, interruption, writeStdout } from '../contract.js';
import { parseChoice } from '../../net/options.js';
import { parseDuration } from './listen.js';
import { EXIT } from '../../errors.js';
import { ui, SEVERITY_RANK } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import {
  runLab,
  SCENARIOS,
  serverInfo,
  startLabServers,
  SCENARIO_SERVER,
  SERVER_SPECS,
  LAB_SERVER_NAMES,
  SCENARIO_NAMES,
  type LabResult,
  type LabScenarioResult,
  type LabServerName,
  type ScenarioName,
} from '../../lab/index.js';

/** A --help text in the language of LANG / LC_ALL (en or nl). */
const h = (key: string): string => ui(`help.${key}`, helpLang());

interface LabCliOpts {
  scenario?: string[];
  list?: boolean;
  json?: boolean;
  lang?: string;
}

interface ServeCliOpts extends LabCliOpts {
  duration?: string;
}

function collect(v: string, prev: string[] = []): string[] {
  return [
    ...prev,
    ...v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

/** The scenarios named by --scenario (all when none), or a usage error naming the valid ones. */
export function pickScenarios(names: readonly string[] | undefined, lang: Lang = 'en'): ScenarioName[] {
  if (!names || names.length === 0) return [...SCENARIO_NAMES];
  for (const n of names) {
    parseChoice(n, '--scenario', lang, SCENARIO_NAMES);
  }
  return SCENARIO_NAMES.filter((n) => names.includes(n));
}

const pad = (s: string): string => s.padEnd(11);

/** One block per scenario: title and status, server, command, what each side sees, findings, verdict, fix. */
export function renderScenario(r: LabScenarioResult, index: number, lang: Lang, c = colours()): string {
  const out: string[] = [];
  const status = r.pass ? c.green(ui('lab.status.reproduced', lang)) : c.red(c.bold(ui('lab.status.not-reproduced', lang)));
  out.push(`${c.bold(`${String(index).padStart(2)}. ${r.name}`)}  ${r.title}  ${status}`);
  const row = (k: string, v: string): void => {
    out.push(`    ${c.dim(pad(k))} ${v}`);
  };
  const spec = LAB_SERVER_NAMES.includes(r.server.name) ? SERVER_SPECS[r.server.name] : null;
  const server = spec ? `${ui(`lab.server.${r.server.name}`, lang)}; ${ui(`lab.cert.${spec.certificate}`, lang)}` : '';
  row(ui('lab.label.server', lang), `${r.server.address}  ${server}`);
  if (r.command) row(ui('lab.label.ran', lang), r.command);
  for (const s of r.strings) {
    const where = ui(`lab.where.${s.where}`, lang);
    const text = s.observed ? s.text : c.bold(s.text);
    row(ui(`lab.side.${s.side}`, lang), `${where}: ${text}${s.observed ? '' : `  ${c.dim(ui('lab.derived', lang))}`}`);
  }
  const shown = [...r.observed.findings].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  if (shown.length === 0) row(ui('lab.label.findings', lang), c.dim(ui('lab.no-findings', lang)));
  shown.forEach((f, i) => row(i === 0 ? ui('lab.label.findings', lang) : '', formatFinding(f, lang, c)));
  const v = r.observed.verdict;
  const vcol = v === 'pass' ? c.green : v === 'fail' ? c.red : c.yellow;
  row(ui('lab.label.verdict', lang), vcol(ui(`lab.verdict.${v}`, lang)));
  if (r.fix) {
    row(ui('lab.label.fix', lang), r.fix.text);
    r.fix.registry.forEach((l, i) => row(i === 0 ? ui('lab.label.registry', lang) : '', c.cyan(l)));
    if (r.fix.next.length > 0) row(ui('lab.label.next', lang), r.fix.next.join('  ;  '));
  } else {
    row(ui('lab.label.fix', lang), c.dim(ui('lab.nothing-to-fix', lang)));
  }
  if (!r.pass) row(ui('lab.label.missing', lang), c.red(r.missing.join('; ')));
  return out.join('\n') + '\n';
}

/** The whole run: every block, then the summary line. */
export function renderLab(result: LabResult, lang: Lang, c = colours()): string {
  const blocks = result.scenarios.map((r, i) => renderScenario(r, i + 1, lang, c));
  const passed = result.scenarios.filter((r) => r.pass).length;
  const summary = ui('lab.summary', lang, { passed, total: result.scenarios.length, seconds: (result.elapsedMs / 1000).toFixed(1) });
  return `${blocks.join('\n')}\n${result.pass ? c.green(summary) : c.red(c.bold(summary))}\n${ui('lab.summary-next', lang)}\n`;
}

/** `--list`: every scenario with its title and server. */
export function renderList(lang: Lang, c = colours()): string {
  const lines = [ui('lab.list.header', lang)];
  for (const s of SCENARIOS) lines.push(`  ${c.bold(s.name.padEnd(26))} ${ui(`lab.title.${s.name}`, lang)}`);
  return lines.join('\n') + '\n';
}

export function register(program: Command, runner: Runner): void {
  const lab = program
    .command('lab')
    .description(h('lab.description'))
    .option('--scenario <names>', ui('help.lab.scenario', helpLang(), { list: SCENARIO_NAMES.join(', ') }), collect)
    .option('--list', h('lab.list'))
    .option('--json', h('lab.json'))
    .option('--lang <lang>', h('lab.lang'))
    .addHelpText(
      'after',
      `
Examples:
  mailtls lab                               every scenario, about 10 s
  mailtls lab --scenario legacy-tls,eo-sender-tls10
  mailtls lab --json > lab.json && mailtls report lab.json --html lab.html
  mailtls lab --lang nl
  mailtls lab serve --duration 10m          keep the servers up for sslscan, swaks or your own MTA

Exit status: 0 every scenario reproduced as expected, 1 a scenario's diagnosis differed (a mailtls regression), 2 the lab could not start.`,
    )
    .action((o: LabCliOpts) =>
      runner.run(async () => {
        const lang = langOf(o);
        if (o.list) {
          if (o.json)
            await writeStdout(
              JSON.stringify(
                SCENARIOS.map((s) => ({ name: s.name, title: ui(`lab.title.${s.name}`, lang), kind: s.kind, server: s.server, expected: s.expected })),
                null,
                2,
              ) + '\n',
            );
          else await writeStdout(renderList(lang));
          return EXIT.OK;
        }
        const scenarios = pickScenarios(o.scenario, lang);
        const progress = new Progress(scenarios.length, 'lab', process.stderr, ui('cli.unit.scenarios', lang));
        let done = 0;
        const result = await runLab({ scenarios, lang, onScenario: () => progress.update(++done) });
        progress.done();
        if (o.json) await writeStdout(JSON.stringify(result, null, 2) + '\n');
        else await writeStdout(renderLab(result, lang));
        return result.pass ? EXIT.OK : EXIT.FINDINGS;
      }),
    );

  lab
    .command('serve')
    .description(h('lab-serve.description'))
    .option('--scenario <names>', h('lab-serve.scenario'), collect)
    .option('--duration <time>', h('lab-serve.duration'))
    .option('--json', h('lab-serve.json'))
    .option('--lang <lang>', h('lab.lang'))
    .addHelpText(
      'after',
      `
Examples:
  mailtls lab serve
  mailtls lab serve --scenario legacy-tls --duration 2m
Then, for example: sslscan --starttls-smtp 127.0.0.1:PORT   or   swaks --server 127.0.0.1:PORT --tls --quit-after TLS
Exit status: 0 after --duration, 2 the servers could not start, 130 stopped by Ctrl-C.`,
    )
    .action((o: ServeCliOpts, cmd: Command) =>
      runner.run(async () => {
        const parent = cmd.parent?.opts<LabCliOpts>() ?? {};
        const lang = langOf({ lang: o.lang ?? parent.lang });
        const json = Boolean(o.json ?? parent.json);
        const scenarios = pickScenarios(o.scenario ?? parent.scenario, lang);
        const durationMs = o.duration ? parseDuration(o.duration, '--duration', lang) : 0;
        const servers = [...new Set(scenarios.map((s) => SCENARIO_SERVER[s]))];
        const stopper = interruption(lang); // before the servers start: a Ctrl-C at any point stops them cleanly
        const lab = await startLabServers({ servers, lang }).catch((e: unknown) => {
          stopper.dispose();
          throw e;
        });
        const c = colours();
        const onSession = (server: LabServerName, line: unknown, human: string): void => {
          if (json) process.stdout.write(JSON.stringify({ server, session: line }) + '\n');
          else process.stdout.write(`${c.dim(new Date().toISOString().slice(11, 19))}  ${human}\n`);
        };
        for (const s of lab.servers) {
          s.listener?.on('session', (r) =>
            onSession(
              s.name,
              r,
              ui('lab.serve.session', lang, {
                server: s.name,
                remote: r.remote,
                outcome: `${ui(`receiver.outcome.${r.outcome}`, lang)}${r.negotiated?.version ? ` (${r.negotiated.version})` : ''}${r.reply ? `: ${r.reply}` : ''}`,
              }),
            ),
          );
          s.broken?.on('session', (r) =>
            onSession(
              s.name,
              r,
              ui('lab.serve.session', lang, {
                server: s.name,
                remote: r.remote,
                outcome: ui(r.outcome === 'reset-at-hello' ? 'lab.serve.reset' : r.outcome === 'limit' ? 'lab.serve.limit' : 'lab.serve.closed', lang),
              }),
            ),
          );
        }
        if (json) {
          process.stdout.write(JSON.stringify({ servers: lab.servers.map(serverInfo), caPem: lab.caPem }) + '\n');
        } else {
          const until = durationMs ? ui('lab.serve.until', lang, { duration: o.duration ?? '' }) : '';
          const lines = [ui('lab.serve.header', lang, { until })];
          for (const s of lab.servers) {
            lines.push(`  ${c.bold(s.address.padEnd(17))} ${s.name.padEnd(24)} ${ui(`lab.server.${s.name}`, lang)}; ${ui(`lab.cert.${s.certificate}`, lang)}`);
          }
          const first = lab.servers.find((s) => s.name === 'legacy-tls') ?? lab.servers[0];
          if (first) {
            lines.push('', ui('lab.serve.try', lang));
            lines.push(`  sslscan --starttls-smtp ${first.address}`);
            lines.push(`  swaks --server ${first.address} --tls --tls-cipher 'DEFAULT:@SECLEVEL=0' --quit-after TLS`);
            lines.push(`  mailtls probe ${first.address} --allow-private`);
          }
          lines.push('', ui('lab.serve.ca', lang), lab.caPem.trimEnd(), '');
          process.stdout.write(lines.join('\n') + '\n');
        }
        try {
          await new Promise<void>((resolve) => {
            const timer = durationMs ? setTimeout(resolve, durationMs) : undefined;
            if (stopper.signal.aborted) {
              clearTimeout(timer);
              resolve();
            }
            stopper.signal.addEventListener(
              'abort',
              () => {
                clearTimeout(timer);
                resolve();
              },
              { once: true },
            );
          });
        } finally {
          stopper.dispose();
        }
        let t: NodeJS.Timeout | undefined;
        await Promise.race([
          lab.close(),
          new Promise((r) => {
            t = setTimeout(r, 1000);
          }),
        ]);
        clearTimeout(t);
        if (!json) process.stderr.write(ui('lab.serve.stopped', lang) + '\n');
        // without --duration Ctrl-C is the way to end it, still reported as 130 like every interrupted command
        return stopper.interrupted ? EXIT_INTERRUPTED : EXIT.OK;
      }),
    );
}
