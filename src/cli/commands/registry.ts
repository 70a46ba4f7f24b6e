// The `mailtls registry` command (CLI wrapper only; the work is in the library).
import type { Command } from 'commander';
import type { Runner } from '../program.js';
import { helpLang, langOf, type GlobalOpts } from '../context.js';
import { colours, exitFor, formatFinding } from '../output.js';
import { planOutputs, writeOutput, writeStdout } from '../contract.js';
import { readInput } from '../../net/input.js';
import { refuseStdinTwice } from '../../net/options.js';
import { writeHtmlIfAsked } from '../html.js';
import { MailtlsError } from '../../errors.js';
import { ui } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { sanitize } from '../../net/sanitize.js';
import { VERSION } from '../../version.js';
import {
  auditRegistry,
  ignoredKeys,
  parseRegistryInput,
  MAX_INPUT_BYTES,
  OS_NAMES,
  parseOs,
  writeFixPs1,
  writeFixReg,
  readLiveRegistry,
  OS_IDS,
  PROTOCOLS,
  SCRIPT_FORMATS,
  VIEWS,
  DOTNET_VERSIONS,
  type AuditResult,
  type OsId,
  type RegSource,
  type RegistryFinding,
  type SideReport,
} from '../../registry/index.js';

/** A --help text in the language of LANG / LC_ALL (en or nl). */
const h = (key: string): string => ui(`help.${key}`, helpLang());

interface Opts extends GlobalOpts {
  html?: string;
  live?: boolean;
  os?: string;
  fixReg?: string;
  fixPs1?: string;
  disableLegacy?: boolean;
}

const EXAMPLES = `
Examples:
  reg export "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" schannel.reg
  mailtls registry schannel.reg --os 2019
  mailtls registry schannel.reg --fix-reg fix.reg --fix-ps1 fix.ps1
  mailtls registry schannel.reg fix.reg            # the state after importing fix.reg
  reg query "HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL" /s | mailtls registry -
  mailtls registry --live --json                   # on the Exchange server itself (read only)
  mailtls registry tls.reg --lang nl

Exit status: 0 nothing breaks mail flow, 1 at least one error finding, 2 could not read the input.`;

export function register(program: Command, runner: Runner): void {
  program
    .command('registry')
    .description(ui('registry.description', helpLang()))
    .argument('[inputs...]', h('registry.inputs'))
    .option('--live', ui('registry.opt-live', helpLang()))
    .option('--os <version>', ui('registry.opt-os', helpLang()))
    .option('--fix-reg <file>', ui('registry.opt-fix-reg', helpLang()))
    .option('--fix-ps1 <file>', ui('registry.opt-fix-ps1', helpLang()))
    .option('--disable-legacy', ui('registry.opt-disable-legacy', helpLang()))
    .option('--json', h('registry.json'))
    .option('--lang <lang>', h('registry.lang'))
    .option('--html <file>', ui('cli.opt.html', helpLang()))
    .addHelpText('after', EXAMPLES)
    .action((inputs: string[], opts: Opts) => runner.run(() => run(inputs, opts)));
}

async function run(inputs: string[], opts: Opts): Promise<number> {
  const lang = langOf(opts);
  let os: OsId | null = null;
  if (opts.os !== undefined) {
    os = parseOs(opts.os);
    if (!os) throw new MailtlsError('EUSAGE', ui('registry.err-bad-os', lang, { os: sanitize(opts.os, 40) }));
  }
  if (inputs.length === 0 && !opts.live) throw new MailtlsError('EUSAGE', ui('registry.err-no-input', lang));
  refuseStdinTwice(inputs, lang);
  // every output checked before anything is read: never onto an input, never two onto one file
  const out = await planOutputs(lang, {
    inputs,
    outputs: [
      { option: '--fix-reg', path: opts.fixReg },
      { option: '--fix-ps1', path: opts.fixPs1 },
      { option: '--html', path: opts.html },
    ],
    stdoutUsedBy: opts.json ? '--json' : undefined,
  });
  const sources: RegSource[] = [];
  if (opts.live) sources.push(await readLiveRegistry());
  // binary is allowed through: the registry reader tells what a file looks like (a program, a hive) and how to get a
  // readable input, which says more than "looks binary"
  for (const name of inputs) {
    const src = parseRegistryInput(await readInput(name, { what: 'registry export', maxBytes: MAX_INPUT_BYTES, allowBinary: true, lang }), name, { lang });
    // no header and not one key under a registry root (an INI file, a JSON array, any text with a line starting "["):
    // not a registry export, so nothing can be said about the server (exit 2, not "breaks mail flow")
    if (src.ops.length === 0 && src.issues.some((i) => i.kind === 'missing-header'))
      throw new MailtlsError('EINPUT', ui('cli.registry.not-an-export', lang, { file: name === '-' ? 'stdin' : sanitize(name, 200) }));
    sources.push(src);
  }
  const result = auditRegistry(sources, { os, lang, disableLegacy: opts.disableLegacy ?? false });

  const fixOpts = { lang, os: result.os, ignoredKeys: ignoredKeys(result), generator: VERSION };
  if (out['--fix-reg']) await writeOutput(out['--fix-reg'], writeFixReg(result.fix, fixOpts), lang);
  if (out['--fix-ps1']) await writeOutput(out['--fix-ps1'], Buffer.from('\ufeff' + writeFixPs1(result.fix, fixOpts), 'utf8'), lang);
  await writeHtmlIfAsked(result, out['--html'], lang);
  if (opts.json) await writeStdout(JSON.stringify(result, null, 2) + '\n');
  else {
    // an output on stdout (`-`) keeps stdout clean: the human report goes to stderr
    const text = render(result, lang, opts);
    if (Object.values(out).some((o) => o.stdout)) process.stderr.write(text);
    else await writeStdout(text);
  }
  return exitFor(result.findings);
}

/** Human report: inputs, Windows version, protocol table, .NET, findings by group, fix notice. */
function render(r: AuditResult, lang: Lang, opts: Opts): string {
  const c = colours();
  const out: string[] = [];
  out.push(c.bold(ui('registry.title', lang)));
  for (const s of r.sources) {
    out.push(`${ui('registry.input', lang)}: ${sanitize(s.file, 200)} (${s.format}, ${s.encoding})`);
    if (SCRIPT_FORMATS.includes(s.format)) out.push(c.bold(ui('registry.state-after', lang, { file: sanitize(s.file, 200) })));
  }
  if (r.controlSet) out.push(`${ui('registry.control-set', lang)}: ${r.controlSet.audited}`);
  const osText = r.os ? (r.osDetected ? ui('registry.windows-detected', lang, { os: OS_NAMES[r.os] }) : OS_NAMES[r.os]) : ui('registry.windows-all', lang);
  out.push(`${ui('registry.windows', lang)}: ${osText}`, '');

  const cols = [ui('registry.col-protocol', lang), ui('registry.col-client', lang), ui('registry.col-server', lang), ui('registry.col-verdict', lang)];
  const rows: string[][] = [];
  for (const p of PROTOCOLS) {
    const rep = r.protocols[p];
    rows.push([p, sideText(rep.client, lang), sideText(rep.server, lang), byOsText('registry.verdict.', rep.effective, rep.effectiveByOs, lang)]);
  }
  const w = cols.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  out.push(c.dim(cols.map((h, i) => h.padEnd(w[i] as number)).join('  ')));
  for (const row of rows)
    out.push(
      row
        .map((x, i) => x.padEnd(w[i] as number))
        .join('  ')
        .trimEnd(),
    );
  out.push('');
  for (const ver of DOTNET_VERSIONS) {
    const parts = VIEWS.map((v) => {
      const d = r.dotnet[ver][v];
      const show = (x: number | null): string => (x === null ? ui('registry.not-set', lang) : String(x));
      return `${ui(`registry.view.${v}`, lang)}: SystemDefaultTlsVersions=${show(d.SystemDefaultTlsVersions)} SchUseStrongCrypto=${show(d.SchUseStrongCrypto)}`;
    });
    out.push(`${ui('registry.dotnet', lang)} ${ver}  ${parts.join('  |  ')}`);
  }
  out.push('');

  if (r.findings.length === 0) out.push(c.green(ui('registry.no-findings', lang)));
  for (const g of ['breaks-mail-flow', 'risky', 'no-effect', 'note'] as const) {
    const list = r.findings.filter((f: RegistryFinding) => f.group === g);
    if (list.length === 0) continue;
    const head = `${ui(`registry.group.${g}`, lang)} (${list.length})`;
    out.push(g === 'breaks-mail-flow' ? c.red(c.bold(head)) : c.bold(head));
    for (const f of list) out.push('  ' + formatFinding(f, lang, c));
    out.push('');
  }

  const written = [opts.fixReg, opts.fixPs1].filter((x): x is string => Boolean(x));
  for (const file of written) {
    out.push(
      r.fix.length > 0
        ? ui('registry.fix-written', lang, { file: sanitize(file, 200), count: r.fix.length })
        : ui('registry.fix-nothing', lang, { file: sanitize(file, 200) }),
    );
  }
  if (written.length > 0 && r.fix.length > 0) {
    out.push(c.bold(ui('registry.fix-restart', lang)));
    const first = r.sources.map((s) => s.file).filter((f) => f !== 'reg.exe' && f !== '-');
    const reg = opts.fixReg;
    if (reg && first.length > 0)
      out.push(ui('registry.fix-check', lang, { command: `mailtls registry ${first.join(' ')} ${reg}${r.os && !r.osDetected ? ` --os ${r.os}` : ''}` }));
  }
  if (written.length > 0) {
    const fixed = new Set(r.fix.flatMap((x) => x.because));
    const left = [...new Set(r.findings.filter((f) => f.group === 'risky' && !fixed.has(f.id) && f.severity !== 'info').map((f) => f.id))];
    if (left.length > 0) out.push(ui('registry.fix-left', lang, { ids: left.join(', ') }));
  }
  return out.join('\n').replace(/\n+$/, '') + '\n';
}

function sideText(s: SideReport, lang: Lang): string {
  return byOsText('registry.state.', s.state, s.stateByOs, lang);
}

/** "on", or without --os where versions differ: "on (2008 R2: off)", versions with the same exception grouped. */
function byOsText(prefix: string, value: string, byOs: Partial<Record<OsId, string>> | undefined, lang: Lang): string {
  if (value !== 'depends-on-os' || !byOs) return ui(prefix + value, lang);
  const groups = new Map<string, OsId[]>();
  for (const o of OS_IDS) {
    const v = byOs[o];
    if (v) groups.set(v, [...(groups.get(v) ?? []), o]);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
  const short = (o: OsId): string => OS_NAMES[o].replace('Windows Server ', '');
  const except = sorted.slice(1).map(([v, list]) => `${list.map(short).join(', ')}: ${ui(prefix + v, lang)}`);
  return `${ui(prefix + (sorted[0]?.[0] ?? ''), lang)} (${except.join('; ')})`;
}
