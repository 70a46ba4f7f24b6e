// Benchmark: start-up of the mailtls CLI as a user runs it (whole processes, cold first run and medians), side by side
// with `node -e 0` in one run; and, for library users, the time to import the library inside a process.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadLine, median, ms, ratio, sideBySide, type Subject } from './_proc.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin/mailtls.js');
const RUNS = Math.max(3, Number(process.env.BENCH_CLI_RUNS ?? 15));
const COMMANDS = ['probe', 'listen', 'send', 'registry', 'logs', 'explain', 'scan', 'lab', 'report'];
const KNOWN = '451 5.7.3 STARTTLS is required to send mail';
const UNKNOWN = '421 4.4.0 the frobnicator declined the widget';

export async function run(): Promise<void> {
  if (!existsSync(join(root, 'dist/bundle/mailtls.cjs'))) throw new Error('dist/bundle is missing: run `npm run build` first');
  const env = { ...process.env, NO_COLOR: '1', LANG: 'C', LC_ALL: '' };
  const node: Subject = { name: 'node -e 0', what: 'the anchor: a bare Node process', cmd: process.execPath, args: ['-e', '0'], env };
  const cli = (name: string, args: string[], what: string): Subject => ({ name, what, cmd: process.execPath, args: [bin, ...args], env });
  const subjects: Subject[] = [
    node,
    cli('mailtls --version', ['--version'], 'CLI process: load, register every command, print the version'),
    cli('mailtls explain <known text>', ['explain', KNOWN], `CLI process: explain "${KNOWN}" (recognised)`),
    cli('mailtls explain <unknown text>', ['explain', UNKNOWN], `CLI process: explain "${UNKNOWN}" (not recognised: suggestions)`),
    ...COMMANDS.map((c) => cli(`mailtls ${c} --help`, [c, '--help'], `CLI process: start-up of ${c} (its help)`)),
  ];
  console.log(`cli bench: ${RUNS} runs of each, interleaved (order reversed every other round), Node ${process.version}; ${loadLine()}`);
  console.log('  what was timed: whole processes as a user starts them; "first" is the first (cold) run after the build, wall is the median,');
  console.log('  cpu is user+system per run (mean); ratios against `node -e 0` in the same rounds');
  const rows = await sideBySide(subjects, RUNS);
  const base = rows[0]!;
  const goals: Record<string, number> = { 'mailtls --version': 1.5, 'mailtls explain <known text>': 2 };
  console.log(
    `  ${'command'.padEnd(32)} ${'first'.padStart(9)} ${'wall'.padStart(9)} ${'cpu'.padStart(9)}  ${'wall/node'.padStart(9)} ${'cpu/node'.padStart(9)}  goal`,
  );
  for (const r of rows) {
    const g = goals[r.subject.name];
    const met =
      g === undefined
        ? ''
        : `<= ${g}x: ${r.wall / base.wall <= g ? 'met' : 'NOT met'} by wall, ${r.cpu !== null && base.cpu !== null && r.cpu / base.cpu <= g ? 'met' : 'NOT met'} by cpu`;
    const bad = r.runs.filter((x) => x.code !== 0 && !(r.subject.name.includes('explain') && x.code === 1)).length;
    console.log(
      `  ${r.subject.name.padEnd(32)} ${ms(r.first).padStart(9)} ${ms(r.wall).padStart(9)} ${ms(r.cpu).padStart(9)}  ${ratio(r.wall, base.wall).padStart(9)} ${ratio(r.cpu, base.cpu).padStart(9)}  ${met}${bad ? `  (${bad} runs failed!)` : ''}`,
    );
  }
  for (const r of rows) console.log(`    ${r.subject.name}: ${r.subject.what}`);

  // in-process, for library users: the time `import('mailtls')` takes inside an already running process
  const lib = pathToFileURL(join(root, 'dist/index.js')).href;
  const imp: Subject = {
    name: 'import',
    what: '',
    cmd: process.execPath,
    args: ['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(lib)}); console.log(performance.now() - t);`],
    env,
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
