// The scan's SQLite file: schema and migrations, WAL, batched writes; what makes a scan resumable and exportable.
import type { Finding } from '../findings/types.js';
import { hostname } from 'node:os';
import { MailtlsError } from '../errors.js';
import { openDatabase, type Database } from './sqlite.js';
import { aggregate as defaultAggregate, emptyHostResult } from './join.js';
import { hostKey, type DomainHost, type HostJob, type HostOutcome, type HostResult, type Resolved, type Verdict } from './types.js';

/** Schema migrations, in order; `PRAGMA user_version` is the number applied. Documented in docs/scan.md. */
const MIGRATIONS: string[] = [
  `CREATE TABLE meta (
     key   TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );
   CREATE TABLE targets (
     id          INTEGER PRIMARY KEY,
     target      TEXT NOT NULL UNIQUE,
     state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'resolved', 'done')),
     resolution  TEXT,
     verdict     TEXT CHECK (verdict IN ('pass', 'fail', 'inconclusive')),
     findings    TEXT,
     added_at    TEXT NOT NULL,
     resolved_at TEXT,
     finished_at TEXT
   );
   CREATE TABLE hosts (
     key          TEXT PRIMARY KEY,
     host         TEXT NOT NULL,
     ip           TEXT NOT NULL,
     port         INTEGER NOT NULL,
     state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
     verdict      TEXT CHECK (verdict IN ('pass', 'fail', 'inconclusive')),
     attempts     INTEGER NOT NULL DEFAULT 0,
     rate_limited INTEGER NOT NULL DEFAULT 0,
     result       TEXT,
     finished_at  TEXT
   );
   CREATE TABLE target_hosts (
     target_id     INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
     host_key      TEXT NOT NULL REFERENCES hosts(key),
     position      INTEGER NOT NULL,
     mx_preference INTEGER,
     PRIMARY KEY (target_id, host_key)
   );
   CREATE INDEX targets_state ON targets(state);
   CREATE INDEX hosts_state ON hosts(state);
   CREATE INDEX target_hosts_host ON target_hosts(host_key);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export type Aggregate = (resolved: Resolved, hosts: HostResult[]) => { verdict: Verdict; findings: Finding[] };

export interface StoreCounts {
  targets: number;
  targetsPending: number;
  targetsDone: number;
  hosts: number;
  hostsDone: number;
  verdicts: Record<Verdict, number>;
}

/** True when a process with this id exists on this host (EPERM: it exists but belongs to another user). */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One target with its hosts, as exported. */
export interface DomainRow {
  domain: string;
  /** `pending`: not resolved yet; `resolved`: some of its hosts not probed yet; `done`. */
  state: 'pending' | 'resolved' | 'done';
  verdict: Verdict | null;
  resolution: string | null;
  findings: Finding[];
  mx: (HostResult & { mxPreference: number | null; state: 'pending' | 'done' })[];
}

interface TargetRow {
  id: number;
  target: string;
  resolution: string | null;
  findings: string | null;
}

const now = (): string => new Date().toISOString();

/**
 * Finding ids that say a DNS lookup failed (no answer, SERVFAIL, REFUSED, a timeout) rather than answered: a target
 * with one of them is looked up again by `--retry-failed`. NXDOMAIN, no MX and a null MX are answers and stay.
 */
export const LOOKUP_FAILED = ['dns.lookup-failed', 'dns.mx-lookup-failed', 'dns.host-lookup-failed', 'dns.address-lookup-failed'] as const;
/** SQL true for a row of `targets` whose stored findings hold one of LOOKUP_FAILED (bound as parameters, in order). */
const FAILED_LOOKUP_SQL = `(findings IS NOT NULL AND json_valid(findings) AND EXISTS (SELECT 1 FROM json_each(targets.findings) f WHERE json_extract(f.value, '$.id') IN (${LOOKUP_FAILED.map(() => '?').join(', ')})))`;

/** The scan database. Every write is a transaction; results arrive in batches through `saveOutcomes`. */
export class ScanStore {
  readonly db: Database;
  private readonly aggregateFn: Aggregate;

  constructor(
    readonly path: string,
    opts: { aggregate?: Aggregate; readonly?: boolean } = {},
  ) {
    this.db = openDatabase(path, opts.readonly ? { readonly: true } : {});
    this.aggregateFn = opts.aggregate ?? defaultAggregate;
    if (!opts.readonly) {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
    }
    this.db.pragma('foreign_keys = ON');
    if (!opts.readonly) this.migrate();
    else if (this.version() !== SCHEMA_VERSION) throw new MailtlsError('EINPUT', `${path} is not a mailtls scan database (schema ${this.version()})`);
  }

  /** The schema version of the file. */
  version(): number {
    return Number(this.db.pragma('user_version', { simple: true }));
  }

  /** Applies the migrations the file has not seen yet; refuses a file from a newer mailtls. */
  private migrate(): void {
    const have = this.version();
    if (have > SCHEMA_VERSION) throw new MailtlsError('EINPUT', `${this.path} was written by a newer mailtls (schema ${have})`);
    if (have === 0) {
      const tables = this.db.prepare<{ n: number }>(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get();
      if (tables && tables.n > 0) throw new MailtlsError('EINPUT', `${this.path} is an SQLite file but not a mailtls scan database`);
    }
    for (let v = have; v < SCHEMA_VERSION; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /**
   * Takes the file's scan lock (a meta row with host, process id and start time) so that two scans never probe from
   * one file at once. A lock left by a process that is gone (same host) is taken over; a live one is an ELIMIT error
   * naming it. Released by releaseLock() (and close()).
   */
  acquireLock(): void {
    const me = { host: hostname(), pid: process.pid, since: now() };
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const raw = this.getMeta('lock');
      if (raw) {
        let held: { host?: string; pid?: number; since?: string } = {};
        try {
          held = JSON.parse(raw) as typeof held;
        } catch {
          /* unreadable: treat as stale */
        }
        const alive = held.host !== me.host || (typeof held.pid === 'number' && held.pid !== me.pid && pidAlive(held.pid));
        if (alive && !(held.host === me.host && held.pid === me.pid)) {
          throw new MailtlsError(
            'ELIMIT',
            `${this.path} is in use by another scan (process ${held.pid ?? '?'} on ${held.host ?? '?'} since ${held.since ?? '?'}); wait for it, stop it, or use another --db`,
            { lock: held },
          );
        }
      }
      this.setMeta('lock', JSON.stringify(me));
      this.db.exec('COMMIT');
    } catch (e) {
      this.db.exec('ROLLBACK');
      throw e;
    }
    this.locked = true;
  }

  /** Gives the scan lock back (only if this process holds it). */
  releaseLock(): void {
    if (!this.locked) return;
    this.locked = false;
    try {
      const raw = this.getMeta('lock');
      const held = raw ? (JSON.parse(raw) as { host?: string; pid?: number }) : null;
      if (held && held.pid === process.pid && held.host === hostname()) this.db.prepare(`DELETE FROM meta WHERE key = 'lock'`).run();
    } catch {
      /* the file is going away: the next scan sees a dead process and takes over */
    }
  }

  private locked = false;

  getMeta(key: string): string | null {
    return this.db.prepare<{ value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** Adds targets not yet in the file; returns how many were new. */
  addTargets(targets: readonly string[]): number {
    const ins = this.db.prepare('INSERT OR IGNORE INTO targets (target, added_at) VALUES (?, ?)');
    const at = now();
    return this.db.transaction(() => {
      let added = 0;
      for (const t of targets) added += ins.run(t, at).changes;
      return added;
    })();
  }

  /** Targets still to resolve. */
  pendingTargets(): string[] {
    return this.db
      .prepare<{ target: string }>(`SELECT target FROM targets WHERE state = 'pending' ORDER BY id`)
      .all()
      .map((r) => r.target);
  }

  /** Records resolutions; a target without hosts is finished at once. */
  saveResolutions(list: readonly Resolved[]): void {
    const getId = this.db.prepare<{ id: number }>('SELECT id FROM targets WHERE target = ?');
    const upd = this.db.prepare(`UPDATE targets SET state = ?, resolution = ?, findings = ?, verdict = ?, resolved_at = ?, finished_at = ? WHERE id = ?`);
    const insHost = this.db.prepare('INSERT OR IGNORE INTO hosts (key, host, ip, port) VALUES (?, ?, ?, ?)');
    const link = this.db.prepare('INSERT OR IGNORE INTO target_hosts (target_id, host_key, position, mx_preference) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      const at = now();
      for (const r of list) {
        const row = getId.get(r.target);
        if (!row) continue;
        r.hosts.forEach((h: DomainHost, i) => {
          const key = hostKey(h);
          insHost.run(key, h.host, h.ip, h.port);
          link.run(row.id, key, i, h.mxPreference);
        });
        if (r.hosts.length === 0) {
          const agg = this.aggregateFn(r, []);
          upd.run('done', r.resolution, JSON.stringify(agg.findings), agg.verdict, at, at, row.id);
        } else {
          upd.run('resolved', r.resolution, JSON.stringify(r.findings), null, at, null, row.id);
        }
      }
    })();
    // hosts already probed in an earlier scan of this file may complete some targets right away
    this.finalizeTargets(list.filter((r) => r.hosts.length > 0).map((r) => r.target));
  }

  /**
   * What a scan with `--retry-failed` takes up again: the finished targets whose DNS lookup failed (no answer, SERVFAIL,
   * REFUSED: not an answer such as NXDOMAIN or no MX; typed by the finding ids of LOOKUP_FAILED), and the hosts that gave
   * no answer (verdict inconclusive: unreachable, timed out, busy) with every target that uses one. The targets go back
   * to pending (looked up again, their host links dropped), the hosts to pending (probed again); a host that was
   * answered keeps its result. Returns how many of each.
   */
  retryFailed(): { targets: number; hosts: number } {
    return this.db.transaction(() => {
      const targets = this.db
        .prepare(
          `UPDATE targets SET state = 'pending', resolution = NULL, verdict = NULL, findings = NULL, resolved_at = NULL, finished_at = NULL
           WHERE state != 'pending' AND ((state = 'done' AND ${FAILED_LOOKUP_SQL})
             OR id IN (SELECT th.target_id FROM target_hosts th JOIN hosts h ON h.key = th.host_key WHERE h.state = 'done' AND h.verdict = 'inconclusive'))`,
        )
        .run(...LOOKUP_FAILED).changes;
      const hosts = this.db
        .prepare(
          `UPDATE hosts SET state = 'pending', verdict = NULL, attempts = 0, rate_limited = 0, result = NULL, finished_at = NULL WHERE state = 'done' AND verdict = 'inconclusive'`,
        )
        .run().changes;
      this.db.prepare(`DELETE FROM target_hosts WHERE target_id IN (SELECT id FROM targets WHERE state = 'pending')`).run();
      return { targets, hosts };
    })();
  }

  /** The keys of the hosts retryFailed() would take up again (finished without an answer: verdict inconclusive). */
  failedHostKeys(): string[] {
    return this.db
      .prepare<{ key: string }>(`SELECT key FROM hosts WHERE state = 'done' AND verdict = 'inconclusive' ORDER BY rowid`)
      .all()
      .map((r) => r.key);
  }

  /** What `retryFailed()` would take up again, counted (for the hint after a scan). */
  failedCounts(): { targets: number; hosts: number } {
    const targets =
      this.db.prepare<{ n: number }>(`SELECT count(*) AS n FROM targets WHERE state = 'done' AND ${FAILED_LOOKUP_SQL}`).get(...LOOKUP_FAILED)?.n ?? 0;
    const hosts = this.db.prepare<{ n: number }>(`SELECT count(*) AS n FROM hosts WHERE state = 'done' AND verdict = 'inconclusive'`).get()?.n ?? 0;
    return { targets, hosts };
  }

  /** Drops pending hosts no target uses any more (after targets were looked up again): nothing probes them for nothing. */
  dropUnlinkedPendingHosts(): number {
    return this.db.prepare(`DELETE FROM hosts WHERE state = 'pending' AND key NOT IN (SELECT host_key FROM target_hosts)`).run().changes;
  }

  /** Host jobs not yet done. */
  pendingHosts(): HostJob[] {
    return this.db.prepare<HostJob>(`SELECT key, host, ip, port FROM hosts WHERE state = 'pending' ORDER BY rowid`).all();
  }

  /** Records finished host jobs and finishes every target whose hosts are now all done, in one transaction. */
  saveOutcomes(outcomes: readonly HostOutcome[]): void {
    if (outcomes.length === 0) return;
    const upd = this.db.prepare(
      `UPDATE hosts SET state = 'done', verdict = ?, attempts = ?, rate_limited = ?, result = ?, finished_at = ? WHERE key = ? AND state = 'pending'`,
    );
    const targetsOf = this.db.prepare<{ target: string }>(
      `SELECT t.target FROM target_hosts th JOIN targets t ON t.id = th.target_id WHERE th.host_key = ? AND t.state = 'resolved'`,
    );
    this.db.transaction(() => {
      const at = now();
      const touched = new Set<string>();
      for (const o of outcomes) {
        upd.run(o.result.verdict, o.attempts, o.rateLimited ? 1 : 0, JSON.stringify(o.result), at, o.key);
        for (const r of targetsOf.all(o.key)) touched.add(r.target);
      }
      this.finalizeTargets([...touched]);
    })();
  }

  /** Finishes the given resolved targets whose hosts are all done (verdict + findings from `aggregate`). */
  private finalizeTargets(targets: readonly string[]): void {
    if (targets.length === 0) return;
    const get = this.db.prepare<TargetRow>(`SELECT id, target, resolution, findings FROM targets WHERE target = ? AND state = 'resolved'`);
    const hostsOf = this.db.prepare<{ host: string; ip: string; port: number; mx_preference: number | null; state: string; result: string | null }>(
      `SELECT h.host, h.ip, h.port, th.mx_preference, h.state, h.result FROM target_hosts th JOIN hosts h ON h.key = th.host_key
       WHERE th.target_id = ? ORDER BY th.position`,
    );
    const done = this.db.prepare(`UPDATE targets SET state = 'done', verdict = ?, findings = ?, finished_at = ? WHERE id = ?`);
    this.db.transaction(() => {
      const at = now();
      for (const t of targets) {
        const row = get.get(t);
        if (!row) continue;
        const hosts = hostsOf.all(row.id);
        if (hosts.some((h) => h.state !== 'done')) continue;
        const resolved: Resolved = {
          target: row.target,
          resolution: (row.resolution ?? 'error') as Resolved['resolution'],
          hosts: hosts.map((h) => ({ host: h.host, ip: h.ip, port: h.port, mxPreference: h.mx_preference })),
          findings: row.findings ? (JSON.parse(row.findings) as Finding[]) : [],
        };
        const results = hosts.map((h) => ({ ...(JSON.parse(h.result as string) as HostResult), mxPreference: h.mx_preference }));
        const agg = this.aggregateFn(resolved, results);
        done.run(agg.verdict, JSON.stringify(agg.findings), at, row.id);
      }
    })();
  }

  counts(): StoreCounts {
    const one = (sql: string): number => this.db.prepare<{ n: number }>(sql).get()?.n ?? 0;
    const verdicts: Record<Verdict, number> = { pass: 0, fail: 0, inconclusive: 0 };
    for (const r of this.db.prepare<{ verdict: Verdict; n: number }>(`SELECT verdict, count(*) AS n FROM targets WHERE state = 'done' GROUP BY verdict`).all())
      verdicts[r.verdict] = r.n;
    return {
      targets: one('SELECT count(*) AS n FROM targets'),
      targetsPending: one(`SELECT count(*) AS n FROM targets WHERE state = 'pending'`),
      targetsDone: one(`SELECT count(*) AS n FROM targets WHERE state = 'done'`),
      hosts: one('SELECT count(*) AS n FROM hosts'),
      hostsDone: one(`SELECT count(*) AS n FROM hosts WHERE state = 'done'`),
      verdicts,
    };
  }

  /** Every target with its hosts' results, in input order (streamed: nothing held beyond one target). */
  *domains(): Generator<DomainRow> {
    const hostsOf = this.db.prepare<{ mx_preference: number | null; result: string | null; host: string; ip: string; port: number; state: 'pending' | 'done' }>(
      `SELECT th.mx_preference, h.result, h.host, h.ip, h.port, h.state FROM target_hosts th JOIN hosts h ON h.key = th.host_key
       WHERE th.target_id = ? ORDER BY th.position`,
    );
    // pages of 500 rather than iterate(): the connection stays free for other statements between pages
    let after = 0;
    for (;;) {
      const page = this.db
        .prepare<{ id: number; target: string; state: DomainRow['state']; verdict: Verdict | null; resolution: string | null; findings: string | null }>(
          'SELECT id, target, state, verdict, resolution, findings FROM targets WHERE id > ? ORDER BY id LIMIT 500',
        )
        .all(after);
      if (page.length === 0) break;
      for (const t of page) {
        after = t.id;
        const mx = hostsOf.all(t.id).map((h) => {
          const r = h.result ? (JSON.parse(h.result) as HostResult) : null;
          const state = r && h.state === 'done' ? ('done' as const) : ('pending' as const);
          return { ...(r ? { ...r, mxPreference: h.mx_preference } : emptyHostResult(h.host, h.ip, h.port, h.mx_preference)), state };
        });
        yield {
          domain: t.target,
          state: t.state,
          verdict: t.verdict,
          resolution: t.resolution,
          findings: t.findings ? (JSON.parse(t.findings) as Finding[]) : [],
          mx,
        };
      }
    }
  }

  close(): void {
    if (this.db.open) this.releaseLock();
    if (this.db.open) this.db.close();
  }
}

/** Collects outcomes and writes them in one transaction per batch (size or time, whichever comes first). */
export class BatchWriter {
  private buf: HostOutcome[] = [];
  private timer: NodeJS.Timeout | null = null;
  constructor(
    private readonly store: ScanStore,
    private readonly maxBatch = 200,
    private readonly maxDelayMs = 250,
  ) {}

  push(o: HostOutcome): void {
    this.buf.push(o);
    if (this.buf.length >= this.maxBatch) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.maxDelayMs);
      this.timer.unref();
    }
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.buf.length === 0) return;
    const batch = this.buf;
    this.buf = [];
    this.store.saveOutcomes(batch);
  }
}
