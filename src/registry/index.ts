// Public API of the registry capability (re-exported from src/index.ts).
export { auditRegistry, parseRegFile, parseRegQuery, parseRegistryInput, ignoredKeys, type AuditOptions, type ParseOptions } from './audit.js';
export { planFix, renderFixReg, writeFixReg, writeFixPs1, type FixOptions, type FixWriterOptions } from './fix.js';
export { protocolKey } from './paths.js';
export { readLiveRegistry, LIVE_KEYS, type Exec } from './live.js';
export { DEFAULTS, OS_NAMES, parseOs, osFromBuild, sideState, protocolVerdict } from './defaults.js';
export { MAX_INPUT_BYTES } from './decode.js';
export { MAX_LINE_CHARS } from './parse-reg.js';
export {
  OS_IDS,
  PROTOCOLS,
  SCRIPT_FORMATS,
  VIEWS,
  DOTNET_VERSIONS,
  type OsId,
  type Protocol,
  type RegSource,
  type RegOp,
  type RegValue,
  type ParseIssue,
  type AuditResult,
  type RegistryFinding,
  type FixChange,
  type ProtocolReport,
  type SideReport,
  type SideState,
  type ProtocolVerdict,
} from './types.js';
export * as REGISTRY_MESSAGES from './messages.js';
