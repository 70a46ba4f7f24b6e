// The `mailtls scan` and `mailtls worker` commands (CLI wrappers only; the work is in src/scan/).
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, writeSync, type WriteStream } from 'node:fs';
import type { Command } from 'commander';
import type { Runner } from '../main.js';
import { helpLang, langOf } from '../context.js';
import { colours, Progress } from '../output.js';
import { EXIT, MailtlsError } from '../../errors.js';
import { ui } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { sanitize } from '../../net/sanitize.js';
import type { HostProbeOptions, ProbeOptions } from '../../probe/index.js';
// BullMQ and its Redis client load only when --queue / worker is used (they cost ~130 ms at every CLI start otherwise).
import {
  buildExport, DEFAULT_QUEUE_NAME, loadBullmq, parseTargets, realProbe, runScan, ScanStore, writeCsvExport, writeJsonExport,
  DEFAULT_POLITENESS, type BullmqEngine, type Politeness, type ScanSummary,
} from '../../scan/index.js';
import { writeHtmlIfAsked } from '../html.js';

/** A --help text in the language of LANG / LC_ALL (en or nl). */
const h = (key: string): string => ui(`help.${key}`, helpLang());

interface ScanCliOpts {
  db: string;
  html?: string;
  depth?: string;
  column?: string;
  export?: string;
  out?: string;
  concurrency: string;
  perIp: string;
  perIpRate: string;
  retries: string;
  retryDelay: string;
  queue?: string;
  queueName: string;
  resolver?: string;
  ehlo?: string;
  timeout?: string;
  port?: string;
  allowPrivate?: boolean;
  ciphers?: boolean;
  json?: boolean;
  lang?: string;
}

interface WorkerCliOpts {
  queue: string;
  queueName: string;
  concurrency: string;
  allowPrivate?: boolean;
  verbose?: boolean;
  json?: boolean;
  lang?: string;
}

/** A whole number within bounds, or a usage error naming the option. */
function int(v: string, name: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new MailtlsError('EUSAGE', `${name} wants a whole number from ${min} to ${max}, got "${sanitize(v, 40)}"`);
  return n;
}

/** A positive number (rates may be fractional: 0.5 = one start every 2 s). */
function num(v: string, name: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new MailtlsError('EUSAGE', `${name} wants a number from ${min} to ${max}, got "${sanitize(v, 40)}"`);
  return n;
}

/** `10s`, `500ms`, `2m`, or plain seconds → milliseconds. */
function duration(v: string, name: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(v.trim());
  if (!m) throw new MailtlsError('EUSAGE', `${name} wants a time like 10s or 500ms, got "${sanitize(v, 40)}"`);
  const n = Number(m[1]);
  return Math.round(n * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000));
}

function politenessOf(o: ScanCliOpts): Politeness {
  return {
    concurrency: int(o.concurrency, '--concurrency', 1, 10_000),
    perIp: int(o.perIp, '--per-ip', 1, 100),
    perIpRate: num(o.perIpRate, '--per-ip-rate', 0, 1000),
    retries: int(o.retries, '--retries', 0, 20),
    retryDelayMs: duration(o.retryDelay, '--retry-delay'),
  };
}

function probeOptionsOf(o: ScanCliOpts, lang: Lang): HostProbeOptions {
  const p: HostProbeOptions = { lang };
  if (o.depth !== undefined) {
    if (o.depth !== 'versions' && o.depth !== 'standard' && o.depth !== 'ciphers') throw new MailtlsError('EUSAGE', '--depth must be versions, standard or ciphers');
    p.depth = o.depth;
  }
  if (o.resolver) p.resolver = o.resolver;
  if (o.ehlo) p.ehlo = o.ehlo;
  if (o.timeout) p.timeoutMs = duration(o.timeout, '--timeout');
  if (o.port) p.port = int(o.port, '--port', 1, 65535);
  if (o.allowPrivate) p.allowPrivate = true;
  if (o.ciphers) p.ciphers = true;
  return p;
}

/** Human summary lines (stdout, or stderr when stdout carries an export). */
function printSummary(out: NodeJS.WriteStream, s: ScanSummary, lang: Lang, extra: { done: number; seconds: string; probed: number; rate: string }): void {
  const c = colours(out);
  out.write(`\n${c.bold(ui('scan.summary', lang, { total: s.total, done: extra.done, seconds: extra.seconds }))}\n`);
  out.write(`  ${ui('scan.summary-verdicts', lang, { pass: c.green(String(s.verdicts.pass)), fail: c.red(String(s.verdicts.fail)), inconclusive: c.yellow(String(s.verdicts.inconclusive)) })}\n`);
  if (extra.probed > 0) out.write(`  ${ui('scan.summary-rate', lang, { hosts: extra.probed, rate: extra.rate })}\n`);
  if (s.topFailingProviders.length > 0) {
    out.write(`${ui('scan.top-failing', lang)}\n`);
    for (const p of s.topFailingProviders) out.write(`  ${ui('scan.top-failing-row', lang, { count: String(p.count).padStart(6), provider: p.provider })}\n`);
  }
}

/** Writes an export to a file or stdout. */
async function writeExport(store: ScanStore, format: 'json' | 'csv', out: string | undefined, lang: Lang): Promise<void> {
  const write = format === 'json' ? writeJsonExport : writeCsvExport;
  if (!out || out === '-') {
    // synchronous writes: a million-line export must not pile up in memory behind a slow pipe
    try {
      write(store, (s) => { writeSync(1, s); }, lang);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw e; // the reader went away (| head): not an error
    }
    return;
  }
  let ws: WriteStream;
  try {
    ws = createWriteStream(out);
  } catch (e) {
    throw new MailtlsError('EIO', `cannot write ${out}: ${(e as Error).message}`);
  }
  const failed = new Promise<never>((_, reject) => ws.once('error', (e) => reject(new MailtlsError('EIO', `cannot write ${out}: ${e.message}`))));
  write(store, (s) => { ws.write(s); }, lang);
  await Promise.race([new Promise<void>((r) => ws.end(() => r())), failed]);
}

export function register(program: Command, runner: Runner): void {
  const d = DEFAULT_POLITENESS;
  program
    .command('scan [file]')
    .description(h('scan.description'))
    .option('--db <file>', h('scan.db'), 'mailtls-scan.sqlite')
    .option('--column <name|n>', h('scan.column'))
    .option('--export <format>', h('scan.export'))
    .option('--out <file>', h('scan.out'))
    .option('--concurrency <n>', h('scan.concurrency'), String(d.concurrency))
    .option('--per-ip <n>', h('scan.per-ip'), String(d.perIp))
    .option('--per-ip-rate <n>', h('scan.per-ip-rate'), String(d.perIpRate))
    .option('--retries <n>', h('scan.retries'), String(d.retries))
    .option('--retry-delay <time>', h('scan.retry-delay'), `${d.retryDelayMs / 1000}s`)
    .option('--queue <redis-url>', h('scan.queue'))
    .option('--queue-name <name>', h('scan.queue-name'), DEFAULT_QUEUE_NAME)
    .option('--resolver <ip:port>', h('scan.resolver'))
    .option('--ehlo <name>', h('scan.ehlo'))
    .option('--timeout <time>', h('scan.timeout'))
    .option('--port <n>', h('scan.port'))
    .option('--ciphers', h('scan.ciphers'))
    .option('--depth <depth>', h('scan.depth'))
    .option('--allow-private', h('scan.allow-private'))
    .option('--json', h('scan.json'))
    .option('--html <file>', ui('cli.opt.html', helpLang()))
    .option('--lang <en|nl>', h('scan.lang'))
    .addHelpText('after', `
Examples:
  mailtls scan customers.txt                      scan, results in mailtls-scan.sqlite
  mailtls scan customers.csv --column domain --export csv --out results.csv
  mailtls scan customers.txt                      (again after Ctrl-C or a crash: finished targets are kept)
  mailtls scan --db mailtls-scan.sqlite           resume an unfinished scan
  mailtls scan --db mailtls-scan.sqlite --export json > scan.json   (read-only: never probes; unfinished = pending)
  mailtls scan big.txt --queue redis://10.0.0.5:6379   (then on each machine: mailtls worker --queue redis://10.0.0.5:6379)

Politeness: by default one connection at a time per IP address, ${d.perIpRate} probe starts per second per IP, ${d.concurrency} in flight
overall; "421 too many connections" answers back off (${d.retryDelayMs / 1000}s, doubling) and are retried ${d.retries} times.
The SQLite schema is documented in docs/scan.md. Exit status: 0 no failing target, 1 at least one, 2 not finished.`)
    .action((file: string | undefined, o: ScanCliOpts) =>
      runner.run(async () => {
        const lang = langOf(o);
        const format = o.json ? 'json' : o.export;
        if (format !== undefined && format !== 'json' && format !== 'csv') throw new MailtlsError('EUSAGE', `--export wants json or csv, got "${sanitize(format, 20)}"`);
        const politeness = politenessOf(o);
        const probeOpts = probeOptionsOf(o, lang);
        const exportToStdout = format !== undefined && (!o.out || o.out === '-');
        const human = exportToStdout ? process.stderr : process.stdout;

        // Export only (no targets file): the file as it stands, read-only — nothing is resolved or probed, pending
        // targets and hosts are exported as pending. Resuming is its own command: `mailtls scan --db FILE`.
        if (file === undefined && (format !== undefined || o.html)) {
          if (!existsSync(o.db)) throw new MailtlsError('EUSAGE', `${o.db} does not exist: give a targets file to start a scan`);
          const store = new ScanStore(o.db, { readonly: true });
          try {
            const c = store.counts();
            if (format) await writeExport(store, format, o.out, lang);
            if (o.html) await writeHtmlIfAsked(buildExport(store, lang), o.html, lang);
            const pending = c.targets - c.targetsDone;
            if (pending > 0) {
              process.stderr.write(`mailtls: ${ui('scan.export-pending', lang, { pending, total: c.targets, db: o.db })}\n`);
              return EXIT.FAILED;
            }
            return c.verdicts.fail > 0 ? EXIT.FINDINGS : EXIT.OK;
          } finally {
            store.close();
          }
        }

        let targets: string[] | undefined;
        if (file !== undefined) {
          let text: string;
          try {
            text = readFileSync(file === '-' ? 0 : file, 'utf8');
          } catch (e) {
            throw new MailtlsError('EIO', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
          }
          const parsed = parseTargets(text, o.column !== undefined ? { column: o.column } : {});
          for (const bad of parsed.invalid.slice(0, 10)) process.stderr.write(`mailtls: ${ui('scan.invalid-line', lang, bad)}\n`);
          targets = parsed.targets;
          if (targets.length === 0) throw new MailtlsError('EINPUT', `${file} holds no domain or host to scan`);
          process.stderr.write(`${ui('scan.loaded', lang, { targets: targets.length, file, duplicates: parsed.duplicates, invalid: parsed.invalid.length })}\n`);
        }

        const probe = realProbe(probeOpts);
        const store = new ScanStore(o.db, probe.aggregate ? { aggregate: probe.aggregate } : {});
        let engine: BullmqEngine | undefined;
        const ac = new AbortController();
        let interrupts = 0;
        const onSigint = (): void => {
          interrupts++;
          if (interrupts === 1) ac.abort();
          else process.exit(EXIT.FAILED); // second Ctrl-C: give up at once (results so far are in the file)
        };
        process.on('SIGINT', onSigint);
        process.on('SIGTERM', onSigint);
        let progress = new Progress(0, '');
        try {
          const before = store.counts();
          if (targets === undefined && before.targets === 0) throw new MailtlsError('EUSAGE', `give a targets file (nothing to resume in ${o.db})`);
          if (before.targets > 0 && before.targetsDone < before.targets && targets !== undefined) {
            process.stderr.write(`${ui('scan.resume', lang, { done: before.targetsDone, total: before.targets, hosts: before.hosts - before.hostsDone })}\n`);
          }
          if (o.queue) {
            let scanId = store.getMeta('scanId');
            if (!scanId) { scanId = randomUUID(); store.setMeta('scanId', scanId); }
            const { lang: _l, ...workerProbe } = probeOpts;
            void _l;
            const { BullmqEngine } = await loadBullmq();
            engine = new BullmqEngine({ url: o.queue, name: o.queueName, scanId, politeness, probeOptions: workerProbe as Record<string, unknown>, lang });
          }
          let phase = '';
          const run = await runScan({
            db: store,
            ...(targets ? { targets } : {}),
            probe,
            ...(engine ? { engine } : {}),
            politeness,
            lang,
            signal: ac.signal,
            onPlan: (p) => {
              if (p.pendingHosts === 0 && targets === undefined) return; // a resume with nothing left to probe
              process.stderr.write(`${ui('scan.plan', lang, { targets: p.targets, hosts: p.hosts, ips: p.ips, pending: p.pendingHosts })}\n`);
              if (engine && p.pendingHosts > 0) process.stderr.write(`${ui('scan.queued', lang, { jobs: p.pendingHosts, queue: o.queueName, url: o.queue ?? '' })}\n`);
            },
            onProgress: (p) => {
              if (p.phase !== phase) {
                progress.done();
                phase = p.phase;
                progress = new Progress(p.total, ui(p.phase === 'resolve' ? 'scan.resolving' : 'scan.probing', lang));
              }
              progress.update(p.done);
            },
          });
          progress.done();
          const seconds = (run.elapsedMs / 1000).toFixed(1);
          const rate = run.elapsedMs > 0 ? ((run.hostsProbed / run.elapsedMs) * 60_000).toFixed(0) : '0';
          if (run.hostsProbed > 0 || targets !== undefined || !format) printSummary(human, run.summary, lang, { done: run.done, seconds, probed: run.hostsProbed, rate });
          if (!run.complete) {
            process.stderr.write(`mailtls: ${ui('scan.interrupted', lang, { pending: run.total - run.done })}\n`);
          } else if (!exportToStdout) human.write(`${ui('scan.db', lang, { db: o.db })}\n`);
          if (format) await writeExport(store, format, o.out, lang);
          if (o.html) await writeHtmlIfAsked(buildExport(store, lang), o.html, lang);
          if (!run.complete) return EXIT.FAILED;
          return run.summary.verdicts.fail > 0 ? EXIT.FINDINGS : EXIT.OK;
        } finally {
          progress.done();
          process.off('SIGINT', onSigint);
          process.off('SIGTERM', onSigint);
          await engine?.close();
          store.close();
        }
      }),
    );

  program
    .command('worker')
    .description(h('worker.description'))
    .requiredOption('--queue <redis-url>', h('worker.queue'))
    .option('--queue-name <name>', h('scan.queue-name'), DEFAULT_QUEUE_NAME)
    .option('--concurrency <n>', h('worker.concurrency'), '32')
    .option('--allow-private', h('worker.allow-private'))
    .option('--verbose', h('worker.verbose'))
    .option('--json', h('worker.json'))
    .option('--lang <en|nl>', h('scan.lang'))
    .addHelpText('after', `
Examples:
  mailtls worker --queue redis://10.0.0.5:6379
  mailtls worker --queue redis://127.0.0.1:6379 --allow-private --verbose

A worker that dies loses nothing: its jobs return to the queue when their lock expires, and a host already recorded is
never probed or recorded again. Ctrl-C stops after the jobs in flight.`)
    .action((o: WorkerCliOpts) =>
      runner.run(async () => {
        const lang = langOf(o);
        const concurrency = int(o.concurrency, '--concurrency', 1, 10_000);
        const ac = new AbortController();
        const c = colours(process.stdout);
        const { startWorker } = await loadBullmq();
        const w = await startWorker({
          url: o.queue,
          name: o.queueName,
          concurrency,
          ...(o.allowPrivate ? { allowPrivate: true } : {}),
          makeProbe: (probeOptions, scanLang) => realProbe({ ...(probeOptions as ProbeOptions), lang: scanLang, ...(o.allowPrivate ? { allowPrivate: true } : {}) }),
          onRecorded: (_key, r) => {
            if (o.json) process.stdout.write(JSON.stringify({ host: r.result.host, ip: r.result.ip, port: r.result.port, verdict: r.result.verdict, attempts: r.attempts }) + '\n');
            else if (o.verbose) {
              const col = r.result.verdict === 'pass' ? c.green : r.result.verdict === 'fail' ? c.red : c.yellow;
              process.stdout.write(`${ui('scan.worker-job', lang, { host: r.result.host, ip: r.result.ip, port: r.result.port, verdict: col(r.result.verdict) })}\n`);
            }
          },
          signal: ac.signal,
        });
        process.stderr.write(`${ui('scan.worker-ready', lang, { id: w.id, queue: o.queueName, concurrency })}\n`);
        const stop = (): void => ac.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const { jobs } = await w.done;
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        process.stderr.write(`${ui('scan.worker-stopped', lang, { id: w.id, jobs })}\n`);
        return EXIT.OK;
      }),
    );
}
