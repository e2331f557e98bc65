import { create } from 'zustand';

import type { Family } from '@/protocol/topics.ts';

/**
 * Where a server-side request is: waiting for the user, an auto reply scheduled, answered by the
 * user or by a rule, deliberately never answered, or the reply could not be sent.
 */
export type InboxStatus =
  'pending' | 'scheduled' | 'replied' | 'auto-replied' | 'ignored' | 'failed';

export interface InboxEntry {
  /** Unique in the inbox (ids restart at 0 when the broker restarts). */
  key: string;
  requestId: number;
  family: Family;
  method: string;
  /** The params as compact JSON; null when the request had none. */
  paramsJson: string | null;
  receivedAt: number;
  status: InboxStatus;
  reply?: string;
  repliedAt?: number;
  /** PUBACK round trip of the reply. */
  latencyMs?: number | null;
  /** Which rule answered, or why sending failed, in words. */
  note?: string;
}

/** The inbox keeps the newest entries only (bounded memory). */
export const INBOX_LIMIT = 200;

interface RpcInboxState {
  entries: InboxEntry[];
  /** The family the panel subscribes to for server-side RPC (spec §2.2). */
  family: Family;
  /** Why the request filter could not be subscribed, in words; null otherwise. */
  subscribeError: string | null;
  selectedKey: string | null;
  received: (entry: InboxEntry) => void;
  update: (key: string, patch: Partial<Omit<InboxEntry, 'key'>>) => void;
  select: (key: string | null) => void;
  setFamily: (family: Family) => void;
  setSubscribeError: (message: string | null) => void;
  clear: () => void;
  reset: () => void;
}

const initial = {
  entries: [] as InboxEntry[],
  family: 'v1' as Family,
  subscribeError: null as string | null,
  selectedKey: null as string | null,
};

/** Server-side RPC requests waiting for (or having had) a reply; newest first. Client state. */
export const useRpcInboxStore = create<RpcInboxState>()((set) => ({
  ...initial,
  received: (entry) => {
    set((state) => ({ entries: [entry, ...state.entries].slice(0, INBOX_LIMIT) }));
  },
  update: (key, patch) => {
    set((state) => ({
      entries: state.entries.map((entry) => (entry.key === key ? { ...entry, ...patch } : entry)),
    }));
  },
  select: (key) => {
    set({ selectedKey: key });
  },
  setFamily: (family) => {
    set({ family });
  },
  setSubscribeError: (subscribeError) => {
    set({ subscribeError });
  },
  clear: () => {
    set({ entries: [], selectedKey: null });
  },
  reset: () => {
    set(initial);
  },
}));
