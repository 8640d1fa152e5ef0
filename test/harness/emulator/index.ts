// The emulated Microsoft Entra ID + Microsoft Graph tenant (seed format: test/fixtures/seeds/README.md).
export { startEmulator, type Emulator, type EmulatorOptions } from './server';
export { type EmulatorStats, type LogEntry, type TokenCall } from './request-log';
export { type FaultConfig, type FaultRule, type FaultKind, parseFaultConfig } from './faults';
export { type CertificateAuthority, makeCertificateAuthority } from './tls';
export { loadSeed, SeedError, type Seed } from './seed';
export { durationMs, resolveTime } from './relative-time';
export { defaultSeedPath } from './default-seed';
