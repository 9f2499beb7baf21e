// The in-memory RecordingStorage use-case tests get from testDeps: the same contract as the disk adapter
// (src/storage/recording-files.ts), with the stored audio visible to assertions (`files`).
export { MemoryRecordingStorage } from '../../src/storage/recording-memory.ts';
