// Benchmark: STARTTLS sessions per second (EHLO, STARTTLS, EHLO, MAIL, RCPT, QUIT) of `listen` (one worker per core,
// and in-process for reference) vs Postfix smtpd on loopback, driven by the same load generator (separate Node
// processes) in the same run; prints the ratios.
import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
/** Load generator processes (the concurrency is split between them): one Node process cannot saturate a server. */
const LOADERS = Number(process.env.BENCH_LOADERS ?? 2);
/** Rounds per server, alternating (postfix, listen, postfix, listen…); the best round of each counts, which damps
 * noise from other work on a shared machine. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1500);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 6000);
/** Worker processes of the multi-process listener (default: one per core). */
const WORKERS = Number(process.env.BENCH_WORKERS ?? availableParallelism());

interface LoadResult {
  sessions: number;
  errors: number;
  ms: number;
  firstError: string | null;
}

/** One SMTP+STARTTLS session; resolves when QUIT is answered. Replies are read line by line (bounded). */
function session(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const raw = netConnect({ host: '127.0.0.1', port });
    raw.setNoDelay(true);
    let sock: typeof raw | TLSSocket = raw;
    let buf = '';
    let step = 0;
    const fail = (e: Error): void => {
      raw.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(new Error(`session timed out at step ${step}`)), 30_000);
    const script = ['EHLO load.bench', 'STARTTLS', null, 'EHLO load.bench', 'MAIL FROM:<a@load.bench>', 'RCPT TO:<b@example.test>', 'QUIT'];
    const onReply = (code: string): void => {
      const want = step === 0 || step === 2 ? '220' : step === 7 ? '221' : '250';
      if (code !== want) return fail(new Error(`step ${step}: got ${code}, wanted ${want}`));
      step++;
      if (step === 8) {
        clearTimeout(timer);
        sock.destroy();
        return resolve();
      }
      const cmd = script[step - 1];
      if (cmd === null) {
        // After the 220 to STARTTLS: drop anything buffered and hand the socket to TLS.
        buf = '';
        raw.removeAllListeners('data');
        const t = tlsConnect({ socket: raw, rejectUnauthorized: false, servername: 'mx.bench.test' });
        sock = t;
        t.on('data', onData);
        t.on('error', fail);
        t.once('secureConnect', () => onReply('250'));
        return;
      }
      sock.write(`${cmd}\r\n`);
    };
    const onData = (d: Buffer): void => {
      buf += d.toString('latin1');
      if (buf.length > 65536) return fail(new Error('reply too long'));
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line[3] !== '-') onReply(line.slice(0, 3));
      }
    };
    raw.on('data', onData);
    raw.on('error', fail);
  });
}

/** Keeps `concurrency` sessions running for `ms`; counts completed ones. */
async function load(port: number, concurrency: number, ms: number): Promise<LoadResult> {
  const start = Date.now();
  const until = start + ms;
  let sessions = 0;
  let errors = 0;
  let firstError: string | null = null;
  const worker = async (): Promise<void> => {
    while (Date.now() < until) {
      try {
        await session(port);
        sessions++;
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { sessions, errors, ms: Date.now() - start, firstError };
}

/** Runs one load generator in its own process (so it does not share an event loop with the listener). */
function loadInChild(port: number, ms: number, concurrency: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(SELF, [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, MAILTLS_BENCH_ROLE: 'load', BENCH_PORT: String(port), BENCH_MS: String(ms), BENCH_CONCURRENCY: String(concurrency) },
    });
    child.once('message', (m) => resolve(m as LoadResult));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`load generator exited with ${code}`)));
  });
}

/** All load generators at once; sessions summed. */
async function loadAll(port: number, ms: number): Promise<LoadResult> {
  const per = Math.max(1, Math.round(CONCURRENCY / LOADERS));
  const rs = await Promise.all(Array.from({ length: LOADERS }, () => loadInChild(port, ms, per)));
  return {
    sessions: rs.reduce((a, r) => a + r.sessions, 0),
    errors: rs.reduce((a, r) => a + r.errors, 0),
    ms: Math.max(...rs.map((r) => r.ms)),
    firstError: rs.find((r) => r.firstError)?.firstError ?? null,
  };
}

/** CPU time (ms) used so far by other processes, from /proc (Linux); null where that is not available. */
function procCpuMs(pids: number[]): number | null {
  try {
    const hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    let ticks = 0;
    for (const pid of pids) {
      // Fields after the ")" of the command name: state is field 3, utime 14 and stime 15.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    }
    return (ticks * 1000) / hz;
  } catch {
    return null;
  }
}

async function measure(name: string, port: number): Promise<LoadResult & { rate: number }> {
  await loadAll(port, WARMUP_MS);
  const r = await loadAll(port, MEASURE_MS);
  const rate = (r.sessions * 1000) / r.ms;
  process.stdout.write(
    `${name.padEnd(22)} ${rate.toFixed(1).padStart(8)} sessions/s  (${r.sessions} in ${(r.ms / 1000).toFixed(1)} s, ${r.errors} errors${r.firstError ? `: ${r.firstError}` : ''})\n`,
  );
  return { ...r, rate };
}

/** Benchmarks both servers with the same certificate and load; returns the best rates and the ratio listen/Postfix. */
export async function run(): Promise<{ listen: number; listenMulti: number | null; listenSingle: number; postfix: number | null; ratio: number | null }> {
  const { listen } = await import('../src/listen/index.js');
  const { generateCertificate } = await import('../src/tls/certs.js');
  const { postfixUnavailableReason, startPostfix } = await import('../test/harness/postfix.js');
  const cert = await generateCertificate({ commonName: 'mx.bench.test', key: 'rsa2048' });
  process.stdout.write(
    `load: ${CONCURRENCY} concurrent clients in ${LOADERS} processes; session = banner, EHLO, STARTTLS, TLS handshake ` +
      `(no resumption), EHLO, MAIL, RCPT, QUIT; ${MEASURE_MS / 1000} s per round after ${WARMUP_MS / 1000} s warm-up, ${ROUNDS} alternating ` +
      `rounds each, best round counts; same RSA 2048 certificate on both\n`,
  );

  const base = { port: 0, hostname: 'mx.bench.test', cert: cert.chainPem, key: cert.keyPem, policy: 'exchange-online' } as const;
  const multi = WORKERS > 1 ? await listen({ ...base, workers: WORKERS }) : null;
  const single = await listen(base);
  const outcomes = new Map<string, number>();
  for (const l of [multi, single]) l?.on('session', (s) => outcomes.set(s.outcome, (outcomes.get(s.outcome) ?? 0) + 1));
  const why = postfixUnavailableReason();
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-bench-'));
  let pf: Awaited<ReturnType<typeof startPostfix>> | null = null;
  try {
    if (why) process.stdout.write(`postfix smtpd: skipped (${why})\n`);
    else {
      writeFileSync(join(dir, 'cert.pem'), cert.chainPem);
      writeFileSync(join(dir, 'key.pem'), cert.keyPem, { mode: 0o600 });
      pf = await startPostfix({
        name: 'bench',
        hostname: 'mx.bench.test',
        main: {
          smtpd_tls_security_level: 'may',
          smtpd_tls_cert_file: join(dir, 'cert.pem'),
          smtpd_tls_key_file: join(dir, 'key.pem'),
          smtpd_tls_loglevel: '0',
          smtpd_tls_session_cache_database: '',
          default_process_limit: '200',
        },
      });
    }
    const best = { multi: 0, single: 0, postfix: 0 };
    const cpu = { primary: 0, workers: null as number | null, single: 0 };
    /** One round of a listener: its rate, and CPU per completed session in the primary and (with workers) the workers. */
    const round = async (name: string, l: typeof single): Promise<number> => {
      const pids = l.workerPids;
      const okBefore = outcomes.get('tls-ok') ?? 0;
      const c0 = process.cpuUsage();
      const w0 = procCpuMs(pids);
      const r = await measure(name, l.address.port);
      const c = process.cpuUsage(c0);
      const w1 = procCpuMs(pids);
      const n = Math.max(1, (outcomes.get('tls-ok') ?? 0) - okBefore);
      const mine = (c.user + c.system) / 1000 / n;
      if (l === single) cpu.single = mine;
      else {
        cpu.primary = mine;
        cpu.workers = w0 !== null && w1 !== null ? (w1 - w0) / n : null;
      }
      return r.rate;
    };
    for (let i = 1; i <= ROUNDS; i++) {
      if (pf) best.postfix = Math.max(best.postfix, (await measure(`postfix smtpd      #${i}`, pf.port)).rate);
      if (multi) best.multi = Math.max(best.multi, await round(`listen ${WORKERS} workers   #${i}`, multi));
      best.single = Math.max(best.single, await round(`listen in-process  #${i}`, single));
    }
    process.stdout.write(
      `(CPU per session: in-process ${cpu.single.toFixed(2)} ms` +
        (multi
          ? `; with ${WORKERS} workers ${cpu.primary.toFixed(2)} ms in the primary + ${cpu.workers === null ? '?' : cpu.workers.toFixed(2)} ms in the workers`
          : '') +
        `; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}, ClientHello recorded on each)\n`,
    );
    const top = Math.max(best.multi, best.single);
    const ratio = pf ? top / best.postfix : null;
    const vs = (x: number): string => (pf ? ` (${(x / best.postfix).toFixed(2)}x Postfix)` : '');
    process.stdout.write(
      `best: ${multi ? `listen ${WORKERS} workers ${best.multi.toFixed(1)}/s${vs(best.multi)}, ` : ''}listen in-process ${best.single.toFixed(1)}/s${vs(best.single)}, ` +
        `postfix ${pf ? best.postfix.toFixed(1) + '/s' : 'n/a'}\n`,
    );
    process.stdout.write(
      ratio === null
        ? 'ratio: n/a\n'
        : `ratio listen/postfix: ${ratio.toFixed(2)}x ${ratio >= 1 ? "(goal met: at least Postfix's rate)" : '(below Postfix)'}\n`,
    );
    return { listen: top, listenMulti: multi ? best.multi : null, listenSingle: best.single, postfix: pf ? best.postfix : null, ratio };
  } finally {
    await Promise.all([multi?.close(), single.close()]);
    await pf?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.MAILTLS_BENCH_ROLE === 'load') {
  const r = await load(Number(process.env.BENCH_PORT), CONCURRENCY, Number(process.env.BENCH_MS));
  process.send?.(r, () => process.exit(0));
} else if (process.argv[1] === SELF) {
  await run();
}
