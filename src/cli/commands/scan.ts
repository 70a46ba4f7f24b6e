// The `mailtls scan` and `mailtls worker` commands (CLI wrappers only; the work is in src/scan/).
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import type { Runner } from '../program.js';
import { helpLang, langOf } from '../context.js';
import { colours, Progress } from '../output.js';
import { afterAbort, EXIT_INTERRUPTED, interruption, planOutputs, type PlannedOutput } from '../contract.js';
import { fsReason, readInput } from '../../net/input.js';
import {
  parseChoice,
  parseDuration,
  parseHostName,
  parseInteger,
  parseName,
  parseNumber,
  parsePort,
  parseResolver,
  refuseTogether,
  refuseWithout,
} from '../../net/options.js';
import { EXIT, MailtlsError } from '../../errors.js';
import { ui } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { sanitize } from '../../net/sanitize.js';
import type { HostProbeOptions, ProbeOptions } from '../../probe/index.js';
// BullMQ and its Redis client load only when --queue / worker is used (they cost ~130 ms at every CLI start otherwise).
import {
  buildExport,
  DEFAULT_QUEUE_NAME,
  loadBullmq,
  parseTargets,
  realProbe,
  runScan,
  ScanStore,
  writeCsvExport,
  writeJsonExport,
  DEFAULT_POLITENESS,
  type BullmqEngine,
  type Politeness,
  type ScanSummary,
} from '../../scan/index.js';
import { writeHtmlIfAsked } from '../html.js';

/** Largest targets list read (a million domains is about 20 MB). */
const MAX_TARGETS_BYTES = 256 * 1024 * 1024;
/** How long scan --queue and worker wait for Redis to answer before giving up with exit 2. */
const REDIS_CONNECT_MS = 5000;
/** After Ctrl-C: how long the scan may take to write what is done before the command ends anyway. */
const STOP_GRACE_MS = 1000;

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
  retryFailed?: boolean;
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

function politenessOf(o: ScanCliOpts, lang: Lang): Politeness {
  return {
    concurrency: parseInteger(o.concurrency, '--concurrency', lang, 1, 10_000),
    perIp: parseInteger(o.perIp, '--per-ip', lang, 1, 100),
    perIpRate: parseNumber(o.perIpRate, '--per-ip-rate', lang, 0, 1000),
    retries: parseInteger(o.retries, '--retries', lang, 0, 20),
    retryDelayMs: parseDuration(o.retryDelay, '--retry-delay', lang, { minMs: 0 }),
  };
}

function probeOptionsOf(o: ScanCliOpts, lang: Lang): HostProbeOptions {
  const p: HostProbeOptions = { lang };
  if (o.depth !== undefined) {
    p.depth = parseChoice(o.depth, '--depth', lang, ['versions', 'standard', 'ciphers'] as const);
  }
  // checked here, before anything is stored: a bad --resolver must never become every domain's result
  if (o.resolver !== undefined) p.resolver = parseResolver(o.resolver, '--resolver', lang);
  if (o.ehlo !== undefined) p.ehlo = parseHostName(o.ehlo, '--ehlo', lang);
  if (o.timeout !== undefined) p.timeoutMs = parseDuration(o.timeout, '--timeout', lang, { minMs: 100, maxMs: 600_000 });
  if (o.port !== undefined) p.port = parsePort(o.port, '--port', lang);
  if (o.allowPrivate) p.allowPrivate = true;
  if (o.ciphers) p.ciphers = true;
  return p;
}

/** Human summary lines (stdout, or stderr when stdout carries an export). */
function printSummary(out: NodeJS.WriteStream, s: ScanSummary, lang: Lang, extra: { done: number; seconds: string; probed: number; rate: string }): void {
  const c = colours(out);
  out.write(`\n${c.bold(ui(s.total === 1 ? 'cli.scan.summary-one' : 'scan.summary', lang, { total: s.total, done: extra.done, seconds: extra.seconds }))}\n`);
  out.write(
    `  ${ui('scan.summary-verdicts', lang, { pass: c.green(String(s.verdicts.pass)), fail: c.red(String(s.verdicts.fail)), inconclusive: c.yellow(String(s.verdicts.inconclusive)) })}\n`,
  );
  if (extra.probed > 0)
    out.write(`  ${ui(extra.probed === 1 ? 'cli.scan.summary-rate-one' : 'scan.summary-rate', lang, { hosts: extra.probed, rate: extra.rate })}\n`);
  if (s.topFailingProviders.length > 0) {
    out.write(`${ui('scan.top-failing', lang)}\n`);
    for (const p of s.topFailingProviders) out.write(`  ${ui('scan.top-failing-row', lang, { count: String(p.count).padStart(6), provider: p.provider })}\n`);
  }
}

/** Writes an export to stdout or, through a temporary file renamed over it, to a planned --out file. */
function writeExport(store: ScanStore, format: 'json' | 'csv', out: PlannedOutput | undefined, lang: Lang): void {
  const write = format === 'json' ? writeJsonExport : writeCsvExport;
  if (!out || out.stdout) {
    // synchronous writes: a million-line export must not pile up in memory behind a slow pipe
    try {
      write(
        store,
        (s) => {
          writeSync(1, s);
        },
        lang,
      );
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EPIPE') return; // the reader went away (| head): not an error
      throw new MailtlsError('EIO', `cannot write to stdout: ${fsReason(e)}`);
    }
    return;
  }
  const tmp = join(dirname(out.target), `.${basename(out.target)}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o666);
    const f = fd;
    write(
      store,
      (s) => {
        writeSync(f, s);
      },
      lang,
    );
    fsyncSync(f);
    closeSync(f);
    fd = undefined;
    renameSync(tmp, out.target);
  } catch (e) {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        /* already failing */
      }
    try {
      unlinkSync(tmp);
    } catch {
      /* not created */
    }
    throw new MailtlsError('EIO', ui('cli.out.failed', lang, { option: out.option, path: sanitize(out.path, 200), reason: fsReason(e) }));
  }
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
    .option('--retry-failed', h('scan.retry-failed'))
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
    .addHelpText(
      'after',
      `
Examples:
  mailtls scan customers.txt                      scan, results in mailtls-scan.sqlite
  mailtls scan customers.csv --column domain --export csv --out results.csv
  mailtls scan customers.txt                      (again after Ctrl-C or a crash: finished targets are kept)
  mailtls scan --db mailtls-scan.sqlite           resume an unfinished scan
  mailtls scan --db mailtls-scan.sqlite --retry-failed   look up again what DNS failed on, probe again what did not answer
  mailtls scan --db mailtls-scan.sqlite --export json > scan.json   (read-only: never probes; unfinished = pending)
  mailtls scan big.txt --queue redis://10.0.0.5:6379   (then on each machine: mailtls worker --queue redis://10.0.0.5:6379)

Politeness: by default one connection at a time per IP address, ${d.perIpRate} probe starts per second per IP, ${d.concurrency} in flight
overall; "421 too many connections" answers back off (${d.retryDelayMs / 1000}s, doubling) and are retried ${d.retries} times.
The SQLite schema is documented in docs/scan.md. Exit status: 0 no failing target, 1 at least one, 2 not finished or no target could be tested, 130 stopped by Ctrl-C.`,
    )
    .action((file: string | undefined, o: ScanCliOpts) =>
      runner.run(async () => {
        const lang = langOf(o);
        if (o.json && o.export !== undefined) refuseTogether('--export', '--json', lang);
        if (o.out !== undefined && o.export === undefined) refuseWithout('--out', '--export', lang);
        const format = o.json ? 'json' : o.export !== undefined ? parseChoice(o.export, '--export', lang, ['json', 'csv'] as const) : undefined;
        if (o.queueName !== DEFAULT_QUEUE_NAME && !o.queue) refuseWithout('--queue-name', '--queue', lang);
        parseName(o.queueName, '--queue-name', lang);
        const politeness = politenessOf(o, lang);
        const probeOpts = probeOptionsOf(o, lang);
        const exportToStdout = format !== undefined && (!o.out || o.out === '-');
        const human = exportToStdout || o.html === '-' ? process.stderr : process.stdout;
        // outputs checked before the scan (never onto the targets file or the database, never into a missing directory)
        const inputs = [...(file !== undefined ? [file] : []), o.db];
        const out = await planOutputs(lang, {
          inputs,
          outputs: [
            { option: '--out', path: format !== undefined ? o.out : undefined },
            { option: '--html', path: o.html },
          ],
          // --out - names stdout itself (planned below); without --out the export takes stdout
          stdoutUsedBy: exportToStdout && o.out === undefined ? (o.json ? '--json' : '--export') : undefined,
        });
        // Export only (no targets file): the file as it stands, read-only — nothing is resolved or probed, pending
        // targets and hosts are exported as pending. Resuming is its own command: `mailtls scan --db FILE`.
        // The database is an input here (it is not written, so its directory need not be writable).
        if (file === undefined && (format !== undefined || o.html)) {
          if (!existsSync(o.db)) throw new MailtlsError('EUSAGE', ui('cli.scan.no-db', lang, { db: sanitize(o.db, 200) }));
          const store = new ScanStore(o.db, { readonly: true });
          try {
            const c = store.counts();
            if (format) writeExport(store, format, out['--out'], lang);
            await writeHtmlIfAsked(buildExport(store, lang), out['--html'], lang);
            const pending = c.targets - c.targetsDone;
            if (pending > 0) {
              process.stderr.write(`mailtls: ${ui('scan.export-pending', lang, { pending, total: c.targets, db: o.db })}\n`);
              return EXIT.FAILED;
            }
            if (c.verdicts.fail > 0) return EXIT.FINDINGS;
            // as after a scan: nothing could be tested anywhere is not a pass
            if (c.verdicts.pass === 0 && c.verdicts.inconclusive > 0) {
              process.stderr.write(`mailtls: ${ui('cli.scan.all-inconclusive', lang, { count: c.verdicts.inconclusive })}\n`);
              return EXIT.FAILED;
            }
            return EXIT.OK;
          } finally {
            store.close();
          }
        }

        const dbCheck = await planOutputs(lang, { inputs: file !== undefined ? [file] : [], outputs: [{ option: '--db', path: o.db }] });
        if (dbCheck['--db']?.stdout) throw new MailtlsError('EUSAGE', '--db needs a file name');

        if (o.queue) {
          let u: URL | null = null;
          try {
            u = new URL(o.queue);
          } catch {
            /* below */
          }
          if (!u || (u.protocol !== 'redis:' && u.protocol !== 'rediss:'))
            throw new MailtlsError('EUSAGE', ui('cli.scan.bad-queue', lang, { value: sanitize(o.queue, 100) }));
        }

        let targets: string[] | undefined;
        let loaded: (() => void) | undefined;
        if (file !== undefined) {
          const text = (await readInput(file, { what: 'targets list', maxBytes: MAX_TARGETS_BYTES, lang })).toString('utf8');
          const parsed = parseTargets(text, o.column !== undefined ? { column: o.column } : {});
          targets = parsed.targets;
          const shownFile = file === '-' ? 'stdin' : sanitize(file, 200);
          if (targets.length === 0) throw new MailtlsError('EINPUT', ui('cli.scan.no-targets', lang, { file: shownFile }));
          // said once the database is ours (a refusal stays one line)
          loaded = () => {
            for (const bad of parsed.invalid.slice(0, 10)) process.stderr.write(`mailtls: ${ui('scan.invalid-line', lang, bad)}\n`);
            process.stderr.write(
              `${ui(parsed.targets.length === 1 ? 'cli.scan.loaded-one' : 'scan.loaded', lang, { targets: parsed.targets.length, file: shownFile, duplicates: parsed.duplicates, invalid: parsed.invalid.length })}\n`,
            );
          };
        }

        const probe = realProbe(probeOpts);
        const store = new ScanStore(o.db, probe.aggregate ? { aggregate: probe.aggregate } : {});
        let engine: BullmqEngine | undefined;
        const stop = interruption(lang);
        let progress = new Progress(0, '');
        try {
          const before = store.counts();
          if (targets === undefined && before.targets === 0)
            throw new MailtlsError('EUSAGE', ui('cli.scan.nothing-to-resume', lang, { db: sanitize(o.db, 200) }));
          // one scan per database: two at once would both probe and double the load on every server
          if (targets !== undefined || o.retryFailed || before.targetsDone < before.targets || before.hostsDone < before.hosts) store.acquireLock();
          loaded?.();
          if (before.targets > 0 && before.targetsDone < before.targets && targets !== undefined) {
            process.stderr.write(`${ui('scan.resume', lang, { done: before.targetsDone, total: before.targets, hosts: before.hosts - before.hostsDone })}\n`);
          }
          if (o.queue) {
            const bull = await loadBullmq();
            await bull.checkRedis(o.queue, REDIS_CONNECT_MS); // unreachable: one line and exit 2, not a wait forever
            let scanId = store.getMeta('scanId');
            if (!scanId) {
              scanId = randomUUID();
              store.setMeta('scanId', scanId);
            }
            const { lang: _l, ...workerProbe } = probeOpts;
            void _l;
            engine = new bull.BullmqEngine({ url: o.queue, name: o.queueName, scanId, politeness, probeOptions: workerProbe as Record<string, unknown>, lang });
          }
          let phase = '';
          const running = runScan({
            db: store,
            ...(targets ? { targets } : {}),
            probe,
            ...(engine ? { engine } : {}),
            politeness,
            lang,
            signal: stop.signal,
            ...(o.retryFailed ? { retryFailed: true } : {}),
            onPlan: (p) => {
              if (p.retried.targets > 0 || p.retried.hosts > 0) process.stderr.write(`${ui('scan.retrying', lang, p.retried)}\n`);
              if (p.pendingHosts === 0 && targets === undefined) return; // a resume with nothing left to probe
              process.stderr.write(`${ui('scan.plan', lang, { targets: p.targets, hosts: p.hosts, ips: p.ips, pending: p.pendingHosts })}\n`);
              if (engine && p.pendingHosts > 0) {
                const hint = [
                  'mailtls worker --queue',
                  o.queue ?? '',
                  ...(o.queueName !== DEFAULT_QUEUE_NAME ? ['--queue-name', o.queueName] : []),
                  ...(o.allowPrivate ? ['--allow-private'] : []),
                ].join(' ');
                process.stderr.write(`${ui('cli.scan.queued', lang, { jobs: p.pendingHosts, queue: o.queueName, command: hint })}\n`);
              }
            },
            onProgress: (p) => {
              if (p.phase !== phase) {
                progress.done();
                phase = p.phase;
                progress = new Progress(
                  p.total,
                  ui(p.phase === 'resolve' ? 'scan.resolving' : 'scan.probing', lang),
                  process.stderr,
                  p.phase === 'resolve' ? ui('cli.unit.targets', lang) : ui('cli.unit.hosts', lang),
                );
              }
              progress.update(p.done);
            },
          });
          // after Ctrl-C the scan gets a short grace to write what is done; a Redis that went away cannot hold it longer
          const run = await Promise.race([running, afterAbort(stop.signal, STOP_GRACE_MS)]);
          progress.done();
          if (run === null) {
            process.stderr.write(`mailtls: ${ui('cli.scan.stopped', lang)}\n`);
            return EXIT_INTERRUPTED;
          }
          const seconds = (run.elapsedMs / 1000).toFixed(1);
          const rate = run.elapsedMs > 0 ? ((run.hostsProbed / run.elapsedMs) * 60_000).toFixed(0) : '0';
          if (run.hostsProbed > 0 || targets !== undefined || !format)
            printSummary(human, run.summary, lang, { done: run.done, seconds, probed: run.hostsProbed, rate });
          if (!run.complete) {
            process.stderr.write(`mailtls: ${ui('scan.interrupted', lang, { pending: run.total - run.done })}\n`);
          } else if (!exportToStdout) human.write(`${ui('scan.db', lang, { db: o.db })}\n`);
          if (run.complete && (run.failed.targets > 0 || run.failed.hosts > 0)) {
            const key = run.failed.hosts === 0 ? 'scan.failed-left-targets' : run.failed.targets === 0 ? 'scan.failed-left-hosts' : 'scan.failed-left';
            process.stderr.write(`mailtls: ${ui(key, lang, run.failed)}\n`);
          }
          if (format) writeExport(store, format, out['--out'], lang);
          await writeHtmlIfAsked(buildExport(store, lang), out['--html'], lang);
          if (!run.complete) return stop.interrupted ? EXIT_INTERRUPTED : EXIT.FAILED;
          if (run.summary.verdicts.fail > 0) return EXIT.FINDINGS;
          // nothing could be tested anywhere: that is not a pass
          if (run.summary.verdicts.pass === 0 && run.summary.verdicts.inconclusive > 0) {
            process.stderr.write(`mailtls: ${ui('cli.scan.all-inconclusive', lang, { count: run.summary.verdicts.inconclusive })}\n`);
            return EXIT.FAILED;
          }
          return EXIT.OK;
        } finally {
          progress.done();
          stop.dispose();
          if (engine) {
            let t: NodeJS.Timeout | undefined;
            await Promise.race([
              engine.close(),
              new Promise((r) => {
                t = setTimeout(r, 1000);
              }),
            ]);
            clearTimeout(t);
          }
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
    .addHelpText(
      'after',
      `
Examples:
  mailtls worker --queue redis://10.0.0.5:6379
  mailtls worker --queue redis://127.0.0.1:6379 --allow-private --verbose

A worker that dies loses nothing: its jobs return to the queue when their lock expires, and a host already recorded is
never probed or recorded again. Ctrl-C or SIGTERM stops it: jobs in flight get a second, then return to the queue;
exit 130. A lost Redis connection is reported and retried with back-off.`,
    )
    .action((o: WorkerCliOpts) =>
      runner.run(async () => {
        const lang = langOf(o);
        const concurrency = parseInteger(o.concurrency, '--concurrency', lang, 1, 10_000);
        parseName(o.queueName, '--queue-name', lang);
        const c = colours(process.stdout);
        const { startWorker, checkRedis } = await loadBullmq();
        await checkRedis(o.queue, REDIS_CONNECT_MS); // unreachable at start: one line and exit 2
        const stop = interruption(lang, 'cli.worker.stopping');
        let w;
        try {
          w = await startWorker({
            url: o.queue,
            name: o.queueName,
            concurrency,
            ...(o.allowPrivate ? { allowPrivate: true } : {}),
            makeProbe: (probeOptions, scanLang) =>
              realProbe({ ...(probeOptions as ProbeOptions), lang: scanLang, ...(o.allowPrivate ? { allowPrivate: true } : {}) }),
            onRecorded: (_key, r) => {
              if (o.json)
                process.stdout.write(
                  JSON.stringify({ host: r.result.host, ip: r.result.ip, port: r.result.port, verdict: r.result.verdict, attempts: r.attempts }) + '\n',
                );
              else if (o.verbose) {
                const col = r.result.verdict === 'pass' ? c.green : r.result.verdict === 'fail' ? c.red : c.yellow;
                process.stdout.write(
                  `${ui('scan.worker-job', lang, { host: r.result.host, ip: r.result.ip, port: r.result.port, verdict: col(r.result.verdict) })}\n`,
                );
              }
            },
            // Redis went away: say so once, ioredis reconnects with back-off, and say when it is back
            onRedis: (state, detail) =>
              process.stderr.write(`mailtls: ${ui(state === 'lost' ? 'cli.worker.redis-lost' : 'cli.worker.redis-back', lang, { detail })}\n`),
            signal: stop.signal,
          });
          process.stderr.write(`${ui('cli.worker.ready', lang, { id: w.id, queue: o.queueName, concurrency })}\n`);
          const { jobs } = await w.done;
          process.stderr.write(`${ui('scan.worker-stopped', lang, { id: w.id, jobs })}\n`);
        } finally {
          stop.dispose();
        }
        // a worker runs until stopped: Ctrl-C / SIGTERM is its normal end, still reported as 130 (docs/cli.md)
        return stop.interrupted ? EXIT_INTERRUPTED : EXIT.OK;
      }),
    );
}
