// Renders docs/hostile.md from the rows the last `vitest run test/hostile test/fuzz` left in RESULTS_DIR (results.ts).
// `node --import tsx test/hostile/table.ts [out.md]` (default docs/hostile.md; `-` prints to stdout).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RESULTS_DIR, type CaseRow } from './results.js';
import type { FuzzRow } from '../fuzz/budget.js';

const files = readdirSync(RESULTS_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort();
const cases: { file: string; at: string; rows: CaseRow[] }[] = [];
const fuzz: { file: string; runs: number; at: string; rows: FuzzRow[] }[] = [];
for (const f of files) {
  const d = JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as { file: string; at: string; runs?: number; rows: unknown[] };
  if (f.startsWith('fuzz-')) fuzz.push(d as (typeof fuzz)[number]);
  else cases.push(d as (typeof cases)[number]);
}
const order = ['probe-send', 'dns', 'receiver'];
cases.sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file));
const esc = (s: string): string => s.replace(/\|/g, '\\|');
const out: string[] = [];
const all = cases.flatMap((c) => c.rows);
const tried = all.reduce((n, r) => n + r.tried, 0);
const held = all.reduce((n, r) => n + r.held, 0);
const when =
  [...cases, ...fuzz]
    .map((c) => c.at)
    .sort()
    .at(-1) ?? '?';
out.push('# Robustness: hostile servers, hostile clients, fuzzing', '');
out.push(`Measured by \`npx vitest run test/hostile test/fuzz\` (last run ${when.slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}), rendered by`);
out.push("`node --import tsx test/hostile/table.ts`. Case numbers are this project's own: 5.1.x against probe and send, 5.2.x against");
out.push(
  'listen (the classes come from public work: CVE-2011-0411, RFC 3207, "Why TLS is better without STARTTLS", USENIX Security 2021). **Tried** counts the hostile peers/inputs of the row, **held** those whose assertions all',
);
out.push('passed (the right finding or reply, the session ended within the bound, sanitised strings, the listener still greets a');
out.push('legitimate sender). **Bound** is the configured deadline plus slack every sub-case had to end within (steps 500 ms, host');
out.push('deadline 3 s, send session 2 s, listen handshake 600 ms; slack 1.5 s), **slowest** the longest sub-case. **Memory** is the peak');
out.push('growth of heap + array buffers while the row ran, against its budget.', '');
out.push(`**${held} of ${tried} hostile cases held.**`, '');
for (const c of cases) {
  out.push(`## ${c.file === 'probe-send' ? 'probe and send vs hostile servers' : c.file === 'dns' ? 'probe vs hostile DNS' : 'listen vs hostile clients'}`, '');
  out.push('| case | what | tried | held | bound | slowest | memory (budget) |', '|---|---|--:|--:|--:|--:|--:|');
  for (const r of c.rows)
    out.push(
      `| ${r.ref} | ${esc(r.title)} | ${r.tried} | ${r.held} | ${r.deadlineMs === null ? '–' : `${r.deadlineMs} ms`} | ${r.worstMs} ms | +${r.memPeakMiB} MiB (${r.memBudgetMiB}) |`,
    );
  out.push('');
}
if (fuzz.length > 0) {
  out.push('## Fuzzing (fast-check)', '');
  out.push(`Runs per property: FUZZ_RUNS (${fuzz[0]!.runs} in this run; \`npm run fuzz\` sets 200,000). Every input must parse or fail with the`);
  out.push("module's own error, within 1 s per input (a hang or quadratic blow-up shows here), with bounded buffers.", '');
  out.push('| target | property | inputs | slowest input | largest input | heap growth |', '|---|---|--:|--:|--:|--:|');
  for (const f of fuzz)
    for (const r of f.rows) out.push(`| ${r.target} | ${esc(r.property)} | ${r.inputs} | ${r.worstMs} ms | ${r.maxInputBytes} B | +${r.heapGrowthMiB} MiB |`);
  out.push('');
}
let soak = '';
try {
  soak = readFileSync(join(RESULTS_DIR, 'soak.log'), 'utf8').trim();
} catch {
  /* no long soak in this results dir */
}
out.push('## Soak: 100,000 sessions', '');
out.push('`node --import tsx bench/soak.ts` (also in `npm run bench`): an in-process `listen()` (maxConnections 128), 64 sessions in flight,');
out.push('each ending at a random phase: RST at connect, close after the greeting, after EHLO, after the 220 to STARTTLS, after half');
out.push(
  'a ClientHello, or a full TLS 1.3 session (EHLO inside TLS, QUIT). A sample (after a GC) every 10,000 sessions (mid-run samples include the ~64 sessions in flight; the first and last have none); the test suite',
);
out.push('runs the same with 2,000 sessions and asserts ≤ 10 extra fds and < 32 MiB heap growth (row 5.2.14).', '');
out.push(soak ? ['```', soak, '```'].join('\n') : '_(no bench/soak.ts run in this results directory)_', '');
out.push('## Bugs these cases found (fixed in the owning module)', '');
out.push('- **listen, slowloris (5.2.13):** with 2× maxConnections idle or trickling connections open, every new sender was dropped at the');
out.push('  TCP level or answered 421 until the 5-minute idle timeout. Now a full listener evicts the session with the oldest progress');
out.push('  (none for 1 s) with `421 4.4.1`, and refused/evicted sockets are released once the 421 is flushed instead of lingering 2 s.');
out.push('- **listen, state reset (5.2.4):** the pre-STARTTLS EHLO name stayed in `record.ehlo` of a TLS session without EHLO inside TLS.');
out.push('- **tls/hello, quadratic re-parse (fuzz, 5.2.6):** a hello sent as thousands of 1-byte records made each re-parse walk all');
out.push('  records (≈24% CPU of the listener per slow client, growing). Hellos are now capped at 64 records and parsing stops at the');
out.push('  end of the first handshake message.');
out.push('- **logs, unsanitised report strings (fuzz):** `logs --json`/HTML carried raw CR/ESC from log lines (peer names, connectors,');
out.push('  error tokens, malformed-line samples); they are sanitised in the report now.', '');
out.push('## Running', '');
out.push('- `npx vitest run test/hostile test/fuzz` — everything above at FUZZ_RUNS=300 (about a minute on 2 cores).');
out.push('- `npm run fuzz` — test/fuzz with FUZZ_RUNS=50000 (FUZZ_SLOW_RUNS=5000 for the log pipeline).');
out.push('- `node --import tsx bench/soak.ts [sessions]` — the long soak; then `node --import tsx test/hostile/table.ts` rewrites this page.', '');
const text = out.join('\n');
const dest = process.argv[2] ?? 'docs/hostile.md';
if (dest === '-') process.stdout.write(text);
else writeFileSync(dest, text);
