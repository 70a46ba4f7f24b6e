// Benchmark: start-up of the mailtls CLI as a user runs it (whole processes, cold first run and medians), side by side
// with `node -e 0` in one run, twice: in the environment as given and without NODE_EXTRA_CA_CERTS (Node 20 parses
// that bundle at every process start, before any of mailtls runs); and, for library users, the time to import the
// library inside a process.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadLine, median, ms, ratio, sideBySide, type Subject, type Timed } from './_proc.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The command as `npx mailtls` / an installed package starts it: package.json's bin. */
const binRel = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin.mailtls as string;
const bin = join(root, binRel);
const RUNS = Math.max(3, Number(process.env.BENCH_CLI_RUNS ?? 15));
const COMMANDS = ['probe', 'listen', 'send', 'registry', 'logs', 'explain', 'scan', 'lab', 'report'];
const KNOWN = '451 5.7.3 STARTTLS is required to send mail';
const UNKNOWN = '421 4.4.0 the frobnicator declined the widget';
const REG = 'test/fixtures/registry/export-2019-good.reg';
const LOG = 'test/fixtures/logs/postfix/mail.log';
const GOALS: Record<string, number> = { 'mailtls --version': 1.5, 'mailtls explain <known text>': 2 };

/** The subjects, with `env` as every process's environment. */
function subjects(env: NodeJS.ProcessEnv): Subject[] {
  const cli = (name: string, args: string[], what: string): Subject => ({ name, what, cmd: process.execPath, args: [bin, ...args], env });
  return [
    { name: 'node -e 0', what: 'the anchor: a bare Node process', cmd: process.execPath, args: ['-e', '0'], env },
    {
      name: 'node -e <print a line>',
      what: 'for scale, not a goal: a bare Node process that prints one line (Node then creates process.stdout and loads its stream modules, as every command that prints does)',
      cmd: process.execPath,
      args: ['-e', 'process.stdout.write("0.1.0\\n")'],
      env,
    },
    cli('mailtls --version', ['--version'], 'load the CLI without its commands (dist/bundle/cmd-version.cjs), print the version'),
    cli('mailtls explain <known text>', ['explain', KNOWN], `explain "${KNOWN}" (recognised)`),
    cli('mailtls explain <unknown text>', ['explain', UNKNOWN], `explain "${UNKNOWN}" (not recognised: suggestions)`),
    cli('mailtls registry <.reg>', ['registry', join(root, REG)], `a real run: registry ${REG}`),
    cli('mailtls logs <mail.log>', ['logs', join(root, LOG)], `a real run: logs ${LOG}`),
    ...COMMANDS.map((c) => cli(`mailtls ${c} --help`, [c, '--help'], `start-up of ${c}: load its bundle, register it, print its help`)),
  ];
}

/** Runs that failed (exit 2 or worse: 1 is explain's "not recognised" or findings of registry and logs, not a failure). */
function failed(r: Timed): number {
  return r.runs.filter((x) => x.code !== 0 && x.code !== 1).length;
}

function table(title: string, rows: Timed[]): void {
  const base = rows[0] as Timed;
  console.log(`  ${title}`);
  console.log(
    `    ${'command'.padEnd(32)} ${'first'.padStart(9)} ${'wall'.padStart(9)} ${'cpu'.padStart(9)}  ${'wall/node'.padStart(9)} ${'cpu/node'.padStart(9)}  goal`,
  );
  for (const r of rows) {
    const g = GOALS[r.subject.name];
    const met =
      g === undefined
        ? ''
        : `<= ${g}x: ${r.wall / base.wall <= g ? 'met' : 'NOT met'} by wall, ${r.cpu !== null && base.cpu !== null && r.cpu / base.cpu <= g ? 'met' : 'NOT met'} by cpu`;
    const bad = failed(r);
    console.log(
      `    ${r.subject.name.padEnd(32)} ${ms(r.first).padStart(9)} ${ms(r.wall).padStart(9)} ${ms(r.cpu).padStart(9)}  ${ratio(r.wall, base.wall).padStart(9)} ${ratio(r.cpu, base.cpu).padStart(9)}  ${met}${bad ? `  (${bad} runs failed!)` : ''}`,
    );
  }
  const v = rows.find((r) => r.subject.name === 'mailtls --version');
  if (v)
    console.log(
      `    mailtls's own start-up (--version minus node -e 0): ${ms(v.wall - base.wall)} wall, ${ms(v.cpu !== null && base.cpu !== null ? v.cpu - base.cpu : null)} cpu`,
    );
}

export async function run(): Promise<void> {
  if (!existsSync(join(root, 'dist/bundle/mailtls.cjs'))) throw new Error('dist/bundle is missing: run `npm run build` first');
  const given = { ...process.env, NO_COLOR: '1', LANG: 'C', LC_ALL: '' };
  const bare: NodeJS.ProcessEnv = { ...given };
  delete bare.NODE_EXTRA_CA_CERTS;
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  const certs = extra && existsSync(extra) ? (readFileSync(extra, 'latin1').match(/-----BEGIN CERTIFICATE-----/g) ?? []).length : 0;
  console.log(`cli bench: ${RUNS} runs of each, interleaved (order reversed every other round), Node ${process.version}; ${loadLine()}`);
  console.log(`  what was timed: whole processes as a user starts them (node ${binRel} <args>, what package.json's bin and npx run),`);
  console.log('  stdout a pipe, stderr ignored; "first" is each one\'s first run here (cold if the build was just run), wall the median, cpu');
  console.log('  user+system per run (mean); ratios against `node -e 0` measured in the same rounds and the same environment');
  const sets: [string, NodeJS.ProcessEnv][] = [
    [
      extra
        ? `environment as given: NODE_EXTRA_CA_CERTS=${extra} (${certs} certificates, parsed by Node at every process start, \`node -e 0\` included)`
        : 'environment as given (NODE_EXTRA_CA_CERTS not set)',
      given,
    ],
  ];
  if (extra) sets.push(['without NODE_EXTRA_CA_CERTS (the same commands, the variable removed from every process)', bare]);
  const all = sets.flatMap(([, env]) => subjects(env));
  // both environments in the same rounds: each sees the same load
  const rows = await sideBySide(all, RUNS);
  const n = subjects(given).length;
  sets.forEach(([title, _], i) => table(title, rows.slice(i * n, (i + 1) * n)));
  console.log('  subjects:');
  for (const s of subjects(given)) console.log(`    ${s.name}: ${s.what}`);

  // in-process, for library users: the time `import('mailtls')` takes inside an already running process
  const lib = pathToFileURL(join(root, 'dist/index.js')).href;
  const imp: Subject = {
    name: 'import',
    what: '',
    cmd: process.execPath,
    args: ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(lib)}); console.log(performance.now() - t);`],
    env: given,
  };
  const times = (await sideBySide([imp], Math.min(RUNS, 9))).flatMap((r) => r.runs.map((x) => Number(x.stdout.trim())));
  console.log(
    `  in-process: await import('mailtls') (dist/index.js, the library) ${ms(median(times))} median of ${times.length}, first ${ms(times[0] ?? NaN)}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().catch((e: Error) => {
    process.stderr.write(`bench cli failed: ${e.message}\n`);
    process.exitCode = 1;
  });
}
