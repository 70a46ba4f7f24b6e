// Bundles the CLI (src/cli/main.ts and everything it imports) into dist/bundle/ for a fast start-up, the second half of
// `npm run build` (tsc first: dist/ stays the library, its types and the worker entry points).
//   dist/bundle/mailtls.cjs        the whole CLI in one CommonJS file: no module graph to resolve, one file to read
//   dist/bundle/cmd-<name>.cjs     the same for one command alone (`mailtls <name> ...`: what a run of it evaluates),
//                                  and cmd-version.cjs for `mailtls --version` (no command at all)
//   dist/bundle/*.cjs.cache        V8 code cache of each (written here by running it once), so the next start does not
//                                  parse and compile it again; a Node with another V8 rejects it and compiles as usual
//   dist/bundle/loader.cjs         the loader bin/mailtls.cjs requires (exports main; picks the bundle from the command
//                                  line; CommonJS: no ES module loader to start)
//   dist/bundle/main.js            the same main() as an ES module, for code that imports the CLI
// Heavy dependencies stay outside the bundle and are loaded by import() where used; Node built-ins other than the few
// every run needs are required on first use (see lazyBuiltins), so `mailtls --version` does not load TLS, DNS, zlib...
import { build, transform } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import Module from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { createSecureContext, TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/bundle');
const out = join(outdir, 'mailtls.cjs');
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

/**
 * Code that finds files next to itself (worker scripts, better-sqlite3 via createRequire) sees import.meta.url of its own
 * compiled file in dist/ (src/logs/analyze.ts -> dist/logs/analyze.js), exactly as when loaded from dist/ unbundled.
 */
const metaUrl = {
  name: 'import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const rel = relative(join(root, 'src'), args.path).replace(/\\/g, '/').replace(/\.ts$/, '.js');
      return { contents: text.replaceAll('import.meta.url', `__mailtlsMetaUrl(${JSON.stringify(rel)})`), loader: 'ts' };
    });
  },
};

/**
 * src/version.ts reads package.json when it loads (one copy of the version); in the bundle, which is built from this
 * package.json and ships beside it, the version read here is written in instead: no file read and JSON parse per start.
 */
const version = {
  name: 'version-from-package-json',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
      if (pkg.name !== 'mailtls' || typeof pkg.version !== 'string' || !pkg.version) throw new Error('build-cli: package.json has no mailtls version');
      return { contents: `export const VERSION: string = ${JSON.stringify(pkg.version)};\n`, loader: 'ts' };
    });
  },
};

/**
 * The commands bundled one by one (src/cli/main.ts's COMMANDS; `worker` is scan's), and `version`: the program with
 * no command, all `mailtls --version` needs. Each is a virtual entry module over src/cli/program.ts.
 */
const COMMANDS = ['probe', 'listen', 'send', 'registry', 'logs', 'explain', 'scan', 'lab', 'report'];
const entries = {
  name: 'command-entries',
  setup(b) {
    b.onResolve({ filter: /^mailtls-entry:/ }, (args) => ({ path: args.path.slice('mailtls-entry:'.length), namespace: 'mailtls-entry' }));
    b.onLoad({ filter: /.*/, namespace: 'mailtls-entry' }, (args) => {
      const name = args.path;
      const imports =
        name === 'version'
          ? 'const byName = {}; const all = [];'
          : `import { register } from './commands/${name}.ts'; const byName = { ${JSON.stringify(name)}: register${name === 'scan' ? ', worker: register' : ''} }; const all = [register];`;
      return {
        contents: `import { runCli } from './program.ts'; ${imports} export const main = (argv) => runCli(argv, byName, all);\n`,
        resolveDir: join(root, 'src/cli'),
        loader: 'ts',
      };
    });
  },
};

await build({
  entryPoints: [{ in: join(root, 'src/cli/main.ts'), out: 'mailtls' }, ...[...COMMANDS, 'version'].map((c) => ({ in: `mailtls-entry:${c}`, out: `cmd-${c}` }))],
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // native, large or optional: resolved from node_modules at run time, only when imported
  external: ['better-sqlite3', 'bullmq', 'ioredis', 'playwright-core', '@peculiar/x509', 'reflect-metadata'],
  banner: {
    js: [
      `const __mailtlsMetaUrl = (rel) => require('node:url').pathToFileURL(require('node:path').join(__dirname, '..', rel)).href;`,
      `const __mailtlsLazy = (id) => { let m; const load = () => (m ??= require(id)); return new Proxy({}, { get: (_, k) => (k === 'default' ? load() : load()[k]), has: (_, k) => k in load(), ownKeys: () => Reflect.ownKeys(load()), getOwnPropertyDescriptor: (_, k) => { const d = Reflect.getOwnPropertyDescriptor(load(), k); if (d) d.configurable = true; return d; } }); };`,
    ].join('\n'),
  },
  plugins: [version, metaUrl, entries],
  logLevel: 'warning',
  legalComments: 'none',
});

/**
 * Node built-ins required at the top of a bundled module become a proxy that requires them on first property access
 * (`require("node:tls")` -> `__mailtlsLazy("node:tls")`): start-up then loads only what the command uses.
 */
async function lazyBuiltins(file) {
  const lazy = [
    'child_process',
    'crypto',
    'dgram',
    'dns',
    'dns/promises',
    'fs/promises',
    'https',
    'net',
    'tls',
    'worker_threads',
    'zlib',
    'os',
    'readline',
    'stream',
    'http',
  ];
  // `__toESM(require("node:x"), 1)` at the top level, `__toESM(require("node:x"))` in a lazily initialised module
  const ids = lazy.join('|').replace(/\//g, '\\/');
  const re = new RegExp(`__toESM\\(require\\("node:(${ids})"\\)(?:,\\s?1)?\\)|require\\("node:(${ids})"\\)`, 'g');
  let n = 0;
  let text = readFileSync(file, 'utf8').replace(re, (_all, a, b) => {
    n++;
    return `__mailtlsLazy("node:${a ?? b}")`;
  });
  if (n === 0 && basename(file) === 'mailtls.cjs') throw new Error('build-cli: no built-in require() found to make lazy (esbuild output changed?)');
  // import() of the external packages becomes require() on first use: a vm.Script has no module loader of its own (Node
  // 20 only offers an experimental one that prints a warning and does not survive the code cache), and every external
  // package here can be required (reflect-metadata before @peculiar/x509, as src/tls/certs.ts does).
  text = text.replace(/\bimport\(("[^"\\]+")\)/g, (_all, spec) => `Promise.resolve().then(() => require(${spec}))`);
  if (/\bimport\(\s*["'`]/.test(text)) throw new Error('build-cli: an import() is left in the bundle (the loader cannot serve it)');
  // minified after the rewrite (the pattern above needs esbuild's readable helper names): less to read and to cache
  const min =
    process.env.MAILTLS_BUNDLE_MINIFY === '0'
      ? { code: text }
      : await transform(text, { minify: true, format: 'cjs', platform: 'node', target: 'node20', legalComments: 'none' });
  // The loader reads the bundle as latin1 (faster than UTF-8 decoding), so it must be ASCII: esbuild escapes strings
  // but not regular expression literals, where \uXXXX means the same character (with or without the u flag).
  const ascii = min.code.replace(/[\u0080-\uffff]/g, (c) => {
    if (c >= '\ud800' && c <= '\udfff') throw new Error('build-cli: a character outside the BMP in a regexp literal: escape it in the source');
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  // wrapped here as Node wraps a CommonJS module, so the loader compiles the file's text as it is
  writeFileSync(file, `${Module.wrap(ascii)}\n`);
}
await Promise.all([out, ...[...COMMANDS, 'version'].map((c) => join(outdir, `cmd-${c}.cjs`))].map((f) => lazyBuiltins(f)));

copyFileSync(join(root, 'scripts/cli-loader.cjs'), join(outdir, 'loader.cjs'));
copyFileSync(join(root, 'scripts/cli-loader.mjs'), join(outdir, 'main.js'));

// The code caches: each bundle is run once and writes the cache of what that run compiled (loader.cjs). The whole CLI
// explains one text, then registers every command and renders a help (the paths a start without a command of its own
// takes); each command bundle runs the command as a user most often does, or its --help. When openssl can make a
// throwaway certificate, the probe runs against a server of this script on 127.0.0.1 (see cacheProbeServer): its code is
// then compiled from the cache too, not at the first call (~4 ms of every cold `mailtls probe`); `logs` reads a small
// Exchange and Postfix log written here. What they print goes to /dev/null. Two runs at a time.
const server = await cacheProbeServer();
const sample = mkdtempSync(join(tmpdir(), 'mailtls-build-logs-'));
writeFileSync(
  join(sample, 'RECV2024050200-1.LOG'),
  [
    '#Software: Microsoft Exchange Server',
    '#Version: 15.0.0.0',
    '#Log-type: SMTP Receive Protocol Log',
    '#Date: 2024-05-02T00:00:00.000Z',
    '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context',
    '2024-05-02T00:00:00.000Z,EX01\\Default Frontend EX01,08DC6A0000000000,0,10.0.0.5:25,192.0.2.10:40000,+,,',
    '2024-05-02T00:00:00.001Z,EX01\\Default Frontend EX01,08DC6A0000000000,1,10.0.0.5:25,192.0.2.10:40000,<,EHLO mx.example.net,',
    '2024-05-02T00:00:00.002Z,EX01\\Default Frontend EX01,08DC6A0000000000,2,10.0.0.5:25,192.0.2.10:40000,<,STARTTLS,',
    '2024-05-02T00:00:00.003Z,EX01\\Default Frontend EX01,08DC6A0000000000,3,10.0.0.5:25,192.0.2.10:40000,*,,"TLS protocol SP_PROT_TLS1_0_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA1 with strength 160 bits and key exchange algorithm CALG_ECDH_EPHEM with strength 256 bits"',
    '2024-05-02T00:00:00.004Z,EX01\\Default Frontend EX01,08DC6A0000000000,4,10.0.0.5:25,192.0.2.10:40000,-,,Local',
    '',
  ].join('\r\n'),
);
writeFileSync(
  join(sample, 'mail.log'),
  [
    'May  2 10:00:00 mx postfix/smtpd[100]: connect from mail.example.org[198.51.100.7]',
    'May  2 10:00:00 mx postfix/smtpd[100]: Anonymous TLS connection established from mail.example.org[198.51.100.7]: TLSv1 with cipher ECDHE-RSA-AES256-SHA (256/256 bits)',
    'May  2 10:00:01 mx postfix/smtpd[100]: disconnect from mail.example.org[198.51.100.7] ehlo=2 starttls=1 quit=1 commands=4',
    '',
  ].join('\n'),
);
const cacheRuns = [
  { bundle: 'mailtls', args: ['explain', '451 5.7.3 STARTTLS is required to send mail'] },
  { bundle: 'cmd-version', args: ['--version'] },
  { bundle: 'cmd-explain', args: ['explain', '451 5.7.3 STARTTLS is required to send mail'] },
  { bundle: 'cmd-probe', args: server ? ['probe', server.address, '--allow-private', '--ciphers', '--json'] : ['probe', '--help'] },
  { bundle: 'cmd-logs', args: ['logs', sample] },
  ...COMMANDS.filter((c) => c !== 'explain' && c !== 'probe' && c !== 'logs').map((c) => ({ bundle: `cmd-${c}`, args: [c, '--help'] })),
];
/** Runs one bundle to write its cache; resolves with its exit status and signal. */
function cacheRun({ bundle, args }) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [join(outdir, 'loader.cjs'), ...args], {
      stdio: 'ignore',
      env: { ...process.env, MAILTLS_WRITE_CODE_CACHE: bundle, ...(server ? { MAILTLS_CACHE_PROBE: server.address } : {}) },
    });
    // a deadline for the whole run (the probe keeps to its own step deadlines; this is the last guard)
    const timer = setTimeout(() => c.kill('SIGKILL'), 120_000);
    c.on('error', reject);
    c.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ bundle, status, signal });
    });
  });
}
const results = [];
try {
  const queue = [...cacheRuns];
  await Promise.all(
    [0, 1].map(async () => {
      for (let job = queue.shift(); job; job = queue.shift()) results.push(await cacheRun(job));
    }),
  );
} finally {
  server?.close();
  rmSync(sample, { recursive: true, force: true });
}
for (const r of results)
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`build-cli: the bundled CLI failed writing ${r.bundle}'s cache (exit ${r.status}, ${r.signal ?? 'no signal'})`);

/**
 * A loopback SMTP server for the cache-writing run only: a banner, EHLO offering STARTTLS, then TLS 1.0–1.3 with a
 * self-signed RSA certificate openssl makes for the occasion (deleted at once). Null when openssl is missing or fails:
 * the cache then holds what the other runs compiled, as before.
 */
async function cacheProbeServer() {
  const dir = mkdtempSync(join(tmpdir(), 'mailtls-build-'));
  let key, cert;
  try {
    const o = spawnSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-subj', '/CN=localhost', '-days', '1'],
      { stdio: 'ignore', timeout: 30_000 },
    );
    if (o.status !== 0) return null;
    key = readFileSync(join(dir, 'k.pem'));
    cert = readFileSync(join(dir, 'c.pem'));
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const secureContext = createSecureContext({ key, cert, minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
  const srv = createServer((sock) => {
    sock.on('error', () => {});
    sock.setTimeout(5_000, () => sock.destroy());
    let buf = '';
    const onData = (d) => {
      buf += d.toString('latin1');
      if (buf.length > 4096) return void sock.destroy(); // only the build's own probe talks to it: a cap all the same
      for (let i; (i = buf.indexOf('\n')) >= 0; ) {
        const cmd = buf.slice(0, i).trim().toUpperCase();
        buf = buf.slice(i + 1);
        if (cmd.startsWith('EHLO')) sock.write('250-localhost\r\n250 STARTTLS\r\n');
        else if (cmd === 'STARTTLS') {
          sock.off('data', onData);
          sock.write('220 ready\r\n');
          const t = new TLSSocket(sock, { isServer: true, secureContext });
          t.on('error', () => sock.destroy());
          t.on('data', () => t.end('221 bye\r\n'));
          return;
        } else if (cmd === 'QUIT') return void sock.end('221 bye\r\n');
        else sock.write('502 no\r\n');
      }
    };
    sock.on('data', onData);
    sock.write('220 localhost ESMTP\r\n');
  });
  await new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', resolve);
  });
  return { address: `127.0.0.1:${srv.address().port}`, close: () => srv.close() };
}
