import { create } from 'zustand';

/** One shared-attribute push as it arrived (spec §6.3): an update or a deletion. */
export type SharedPushRecord =
  | { time: number; kind: 'updated'; values: Readonly<Record<string, unknown>> }
  | { time: number; kind: 'deleted'; keys: readonly string[] };

export type SharedHistoryEntry = SharedPushRecord & { id: number };

/** Pushes kept in the history (newest first). */
export const HISTORY_CAPACITY = 200;

interface SharedHistoryState {
  entries: readonly SharedHistoryEntry[];
  /** Adds several pushes at once, oldest first (one store update). */
  addMany: (entries: readonly SharedPushRecord[]) => void;
  clear: () => void;
}

let nextId = 1;

/** The history of shared-attribute pushes this session received (client state, bounded). */
export const useSharedHistory = create<SharedHistoryState>()((set) => ({
  entries: [],
  addMany: (added) => {
    if (added.length === 0) return;
    set((state) => ({
      entries: [
        ...added
          .slice(-HISTORY_CAPACITY)
          .map((entry) => ({ ...entry, id: nextId++ }))
          .reverse(),
        ...state.entries,
      ].slice(0, HISTORY_CAPACITY),
    }));
  },
  clear: () => {
    set({ entries: [] });
  },
}));
