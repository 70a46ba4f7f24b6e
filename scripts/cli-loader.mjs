// The bundled CLI as an ES module (dist/bundle/main.js): exports main() as dist/cli/main.js does, from loader.cjs (the
// CommonJS loader bin/mailtls.cjs uses), for code that imports the CLI.
import { createRequire } from 'node:module';

export const { main } = createRequire(import.meta.url)('./loader.cjs');
