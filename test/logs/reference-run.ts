// The two ways of analysing logs the differential tests compare: analyzeLogs() as shipped, and the same pipeline with
// the reference Exchange parser (test/logs/reference-exchange.ts, the pre-optimisation code).
import { Readable } from 'node:stream';
import { Aggregate } from '../../src/logs/aggregate.js';
import { analyzeLogs } from '../../src/logs/analyze.js';
import { detect } from '../../src/logs/detect.js';
import { fileReport } from '../../src/logs/file.js';
import { MtaParser } from '../../src/logs/mta.js';
import { DEFAULT_MAX_LINE, readLines, type BlockParser } from '../../src/logs/reader.js';
import { buildReport } from '../../src/logs/report.js';
import type { AnalyzeOptions, LogFormat, LogReport } from '../../src/logs/types.js';
import { ReferenceExchangeParser } from './reference-exchange.js';

/** An input: a file path, or a named stream made fresh for each run. */
export type Src = string | { name: string; stream: () => Iterable<Buffer> };

/** analyzeLogs as it was, single thread, with the reference Exchange parser (same detection, reader and report). */
export async function reference(inputs: Src[], opts: AnalyzeOptions = {}): Promise<LogReport> {
  const agg = new Aggregate({ since: opts.since?.getTime(), until: opts.until?.getTime(), peer: opts.peer, maxPeers: opts.maxPeers });
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE;
  for (const input of inputs) {
    const name = typeof input === 'string' ? input : input.name;
    let format: LogFormat | null = null;
    let mta: MtaParser | null = null;
    const before = agg.malformed;
    let binary = false;
    const r = await readLines(
      typeof input === 'string' ? input : Readable.from(input.stream()),
      name,
      agg,
      (sample) => {
        const d = detect(sample, name);
        if (d?.kind === 'exchange') {
          format = d.dir === 'outbound' ? 'exchange-send' : d.dir === 'inbound' ? 'exchange-receive' : 'exchange';
          return new ReferenceExchangeParser(name, agg, d.dir, maxLine);
        }
        if (d?.kind === 'mta') return (mta = new MtaParser(name, agg, opts.year ?? 2024, 11, maxLine));
        if (d?.kind === 'binary') binary = true;
        return { block() {}, end() {} } satisfies BlockParser;
      },
      maxLine,
    );
    agg.lines += r.lines;
    agg.bytes += r.bytes;
    if (mta) format = (mta as MtaParser).format();
    agg.files.push(fileReport(agg, name, format, r, before, binary, null));
  }
  agg.files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return buildReport(agg, opts.lang ?? 'en', { since: opts.since, until: opts.until });
}

export const fast = (inputs: Src[], opts: AnalyzeOptions = {}): Promise<LogReport> =>
  analyzeLogs(
    inputs.map((i) => (typeof i === 'string' ? i : { name: i.name, stream: Readable.from(i.stream()) })),
    { lang: 'en', workers: 1, ...opts },
  );

/** The whole report as its exact JSON text (key order included); toEqual on it still shows a readable diff. */
export const json = (r: LogReport): string => JSON.stringify(r, null, 1);
