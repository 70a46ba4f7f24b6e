// Public surface of the lab capability (re-exported by src/index.ts).
export { runLab, runScenario, tls12RegistryLines } from './run.js';
export { startLabServers, serverInfo, LAB_DOMAIN, SCENARIO_SERVER, SERVER_SPECS, type LabServer, type LabServers } from './servers.js';
export { SCENARIOS, type ScenarioSpec } from './scenarios.js';
export { runSender, type SenderRun, type SenderOptions } from './senders.js';
export {
  SCENARIO_NAMES,
  LAB_SERVER_NAMES,
  type ScenarioName,
  type LabServerName,
  type LabVerdict,
  type LabCertificate,
  type LabSenderKind,
  type LabExpectation,
  type LabString,
  type LabFix,
  type LabScenarioResult,
  type LabResult,
  type LabOptions,
  type LabServerInfo,
  type LabServerOptions,
} from './types.js';
export * as LAB_MESSAGES from './messages.js';
