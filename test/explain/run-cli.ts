// Runs the mailtls CLI from source (for the explain CLI tests): node --import tsx test/explain/run-cli.ts explain ...
import { main } from '../../src/cli/main.js';

main(process.argv).then((code) => { process.exitCode = code; });
