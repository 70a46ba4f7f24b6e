// Loads the bundled CLI (dist/bundle/mailtls.cjs, built by scripts/build-cli.mjs) with its V8 code cache when this Node
// accepts it, so start-up skips parsing and compiling ~1 MB of JavaScript. Exports main() as dist/cli/main.js does.
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const file = fileURLToPath(new URL('./mailtls.cjs', import.meta.url));
const cacheFile = `${file}.cache`;
const require = createRequire(file);

function load() {
  // The bundle has no import() (scripts/build-cli.mjs made them require()): a vm.Script needs no module loader hook.
  // The bundle is ASCII (esbuild escapes the rest, checked by the build): read as latin1, no UTF-8 decoding
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'latin1')), { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext().call(mod.exports, mod.exports, require, mod, file, dirname(file));
  return { exports: mod.exports, script };
}

const loaded = load();

/** The CLI: as dist/cli/main.js's main(); `npm run build` sets MAILTLS_WRITE_CODE_CACHE to write the cache after one run. */
export async function main(argv) {
  const code = await loaded.exports.main(argv);
  if (process.env.MAILTLS_WRITE_CODE_CACHE === '1' && loaded.script) writeFileSync(cacheFile, loaded.script.createCachedData());
  return code;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
