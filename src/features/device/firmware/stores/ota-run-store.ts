import { create } from 'zustand';

import type { OtaKind } from '@/protocol/topics.ts';

import type { ChecksumCheck, DeviceOtaState } from '../api/ota-update.ts';

export type OtaRunPhase = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** One update of one kind, as the panel shows it (live client state). */
export interface OtaRun {
  phase: OtaRunPhase;
  title: string | null;
  version: string | null;
  requestId: number | null;
  chunkSize: number;
  receivedBytes: number;
  totalBytes: number | null;
  chunks: number;
  elapsedMs: number;
  /** States reported so far, in order; `reported` false when the publish failed. */
  states: { state: DeviceOtaState; reported: boolean }[];
  checksum: ChecksumCheck | null;
  error: string | null;
  /** The downloaded image, to save. */
  image: { url: string; fileName: string; size: number } | null;
}

export const idleRun: OtaRun = {
  phase: 'idle',
  title: null,
  version: null,
  requestId: null,
  chunkSize: 0,
  receivedBytes: 0,
  totalBytes: null,
  chunks: 0,
  elapsedMs: 0,
  states: [],
  checksum: null,
  error: null,
  image: null,
};

interface OtaRunState {
  runs: Record<OtaKind, OtaRun>;
  /** Chunk size per kind, as typed. */
  chunkSizes: Record<OtaKind, number>;
  patch: (kind: OtaKind, patch: Partial<OtaRun>) => void;
  addState: (kind: OtaKind, state: DeviceOtaState, reported: boolean) => void;
  /** A state whose report failed was sent later (after a reconnect). */
  markReported: (kind: OtaKind, state: DeviceOtaState) => void;
  setChunkSize: (kind: OtaKind, size: number) => void;
  reset: () => void;
}

export const DEFAULT_CHUNK_SIZE = 16_384;

const initial = () => ({
  runs: { fw: idleRun, sw: idleRun },
  chunkSizes: { fw: DEFAULT_CHUNK_SIZE, sw: DEFAULT_CHUNK_SIZE },
});

export const useOtaRunStore = create<OtaRunState>()((set) => ({
  ...initial(),
  patch: (kind, patch) => {
    set((s) => ({ runs: { ...s.runs, [kind]: { ...s.runs[kind], ...patch } } }));
  },
  addState: (kind, state, reported) => {
    set((s) => ({
      runs: {
        ...s.runs,
        [kind]: { ...s.runs[kind], states: [...s.runs[kind].states, { state, reported }] },
      },
    }));
  },
  markReported: (kind, state) => {
    set((s) => ({
      runs: {
        ...s.runs,
        [kind]: {
          ...s.runs[kind],
          states: s.runs[kind].states.map((entry) =>
            entry.state === state ? { ...entry, reported: true } : entry,
          ),
        },
      },
    }));
  },
  setChunkSize: (kind, size) => {
    set((s) => ({ chunkSizes: { ...s.chunkSizes, [kind]: size } }));
  },
  reset: () => {
    set(initial());
  },
}));
