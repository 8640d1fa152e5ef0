export { startEmulator, type Emulator, type EmulatorOptions, type EmulatorStats, type LogEntry, type FaultConfig } from './server';
export type { FaultRule } from './faults';
export { loadSeed, resolveTime, durationMs } from './seed';
