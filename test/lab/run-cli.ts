// Runs the mailtls CLI from source for the lab tests (spawned with `node --import tsx`, no build needed).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
