// Bundles the CLI (src/cli/main.ts and everything it imports) into dist/bundle/ for a fast start-up, the second half of
// `npm run build` (tsc first: dist/ stays the library, its types and the worker entry points).
//   dist/bundle/mailtls.cjs        one CommonJS file: no module graph to resolve, one file to read
//   dist/bundle/mailtls.cjs.cache  V8 code cache of it (written here by running the CLI once), so the next start does not
//                                  parse and compile it again; a Node with another V8 rejects it and compiles as usual
//   dist/bundle/loader.cjs         the loader bin/mailtls.cjs requires (exports main; CommonJS: no ES module loader to start)
//   dist/bundle/main.js            the same main() as an ES module, for code that imports the CLI
// Heavy dependencies stay outside the bundle and are loaded by import() where used; Node built-ins other than the few
// every run needs are required on first use (see lazyBuiltins), so `mailtls --version` does not load TLS, DNS, zlib...
import { build, transform } from 'esbuild';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import Module from 'node:module';
import { dirname, join, relative } from 'node:path';
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

await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: out,
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
  plugins: [version, metaUrl],
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
  if (n === 0) throw new Error('build-cli: no built-in require() found to make lazy (esbuild output changed?)');
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
await lazyBuiltins(out);

copyFileSync(join(root, 'scripts/cli-loader.cjs'), join(outdir, 'loader.cjs'));
copyFileSync(join(root, 'scripts/cli-loader.mjs'), join(outdir, 'main.js'));

// The code cache: written by a run of the CLI that explains one text, then (loader.cjs) registers every command and
// renders a help (the paths a start always or most often takes) and, when openssl can make a throwaway certificate,
// probes a server of this script on 127.0.0.1 (see cacheProbeServer): the probe's code is then compiled from the cache
// too, not at the first call (~4 ms of every cold `mailtls probe`). What they print goes to /dev/null.
const server = await cacheProbeServer();
const r = await new Promise((resolve, reject) => {
  const c = spawn(process.execPath, [join(outdir, 'loader.cjs'), 'explain', '451 5.7.3 STARTTLS is required to send mail'], {
    stdio: 'ignore',
    env: { ...process.env, MAILTLS_WRITE_CODE_CACHE: '1', ...(server ? { MAILTLS_CACHE_PROBE: server.address } : {}) },
  });
  // a deadline for the whole run (the probe keeps to its own step deadlines; this is the last guard)
  const timer = setTimeout(() => c.kill('SIGKILL'), 120_000);
  c.on('error', reject);
  c.on('close', (status, signal) => {
    clearTimeout(timer);
    resolve({ status, signal });
  });
});
server?.close();
if (r.status !== 0 && r.status !== 1) throw new Error(`build-cli: the bundled CLI failed (exit ${r.status}, ${r.signal ?? 'no signal'})`);

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
