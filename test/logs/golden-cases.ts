// Inputs whose full `analyzeLogs` JSON was captured from the pre-optimisation code (test/logs/expected/), re-captured
// once when the report got a fixed key and peer order (checked equal to the old capture as sets of peers and findings).
// Regenerate only on purpose: `npx tsx test/logs/golden-cases.ts <out-dir>` run against the code whose output is wanted.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { analyzeLogs } from '../../src/logs/analyze.js';
import type { AnalyzeOptions, LogInput } from '../../src/logs/types.js';
import { generateMixed, randomChunks } from './gen-mixed.js';

const FX = 'test/fixtures/logs';
export const EXPECTED = 'test/logs/expected';

export interface GoldenCase {
  name: string;
  inputs: () => LogInput[];
  opts: AnalyzeOptions;
}

const gen = (name: string, seed: number, send: boolean, sessions: number): LogInput => {
  const buf = generateMixed({ seed, sessions, send, concurrent: 8, peers: 60 });
  return { name, stream: Readable.from(randomChunks(buf, seed, 20_000)) };
};

export const GOLDEN: GoldenCase[] = [
  { name: 'exchange-fixtures', inputs: () => [`${FX}/exchange`], opts: {} },
  { name: 'mixed-fixtures', inputs: () => [`${FX}/mixed`], opts: { year: 2024 } },
  { name: 'mta-fixtures', inputs: () => [`${FX}/postfix`, `${FX}/exim`, `${FX}/sendmail`], opts: { year: 2024 } },
  { name: 'generated-receive', inputs: () => [gen('RECV-gen-1.LOG', 101, false, 250)], opts: {} },
  { name: 'generated-send', inputs: () => [gen('SEND-gen-2.LOG', 202, true, 250)], opts: {} },
  {
    name: 'generated-both-nl-capped',
    inputs: () => [gen('RECV-gen-3.LOG', 303, false, 150), gen('SEND-gen-4.LOG', 404, true, 150)],
    opts: { lang: 'nl', maxPeers: 40 },
  },
  { name: 'generated-short-lines', inputs: () => [gen('RECV-gen-5.LOG', 505, false, 150)], opts: { maxLineBytes: 200 } },
];

/** The report as the exact JSON text the CLI prints with --json. */
export async function goldenJson(c: GoldenCase): Promise<string> {
  const r = await analyzeLogs(c.inputs(), { lang: 'en', workers: 1, ...c.opts });
  return JSON.stringify(r) + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2] ?? EXPECTED;
  mkdirSync(out, { recursive: true });
  for (const c of GOLDEN) writeFileSync(join(out, `${c.name}.json`), await goldenJson(c));
}
