// The floor server's rungs (floor-server.ts), cumulative, in order: importable without starting a server.
export const RUNGS = ['signature', 'read', 'write', 'answer'] as const;
export type Rung = (typeof RUNGS)[number];
