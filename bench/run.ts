// Runs every benchmark in bench/ (or those named on the command line) in one process and one report.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
const chosen = wanted.length > 0 ? all.filter((n) => wanted.includes(n)) : all;
if (chosen.length === 0) {
  process.stderr.write(`bench: nothing to run (available: ${all.join(', ')})\n`);
  process.exitCode = 2;
} else {
  for (const name of chosen) {
    process.stdout.write(`\n=== bench ${name} ===\n`);
    const mod = (await import(pathToFileURL(join(here, `${name}.ts`)).href)) as { run?: () => Promise<unknown> };
    if (typeof mod.run !== 'function') {
      process.stdout.write(`(bench/${name}.ts exports no run())\n`);
      continue;
    }
    try {
      await mod.run();
    } catch (e) {
      process.exitCode = 1;
      process.stdout.write(`bench ${name} failed: ${(e as Error).message}\n`);
    }
  }
}
