import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

import type { RpcRule } from '../api/rpc-rules.ts';

interface RpcRulesState {
  rules: RpcRule[];
  addRule: (rule?: Partial<Omit<RpcRule, 'id'>>) => string;
  updateRule: (id: string, patch: Partial<Omit<RpcRule, 'id'>>) => void;
  removeRule: (id: string) => void;
  reset: () => void;
}

/** The localStorage key; bump the suffix when the stored shape changes. */
export const RPC_RULES_STORAGE_KEY = 'iothub.rpc-rules.v1';

let counter = 0;
const newRuleId = () => `rule-${Date.now().toString(36)}-${(counter += 1).toString(36)}`;

const blankRule = (): Omit<RpcRule, 'id'> => ({
  enabled: true,
  method: '',
  action: 'static',
  replyJson: '{"ok":true}',
  delayMs: 0,
});

/** Auto-responder rules, in match order, persisted in localStorage (client state, style.md §1). */
export const useRpcRulesStore = create<RpcRulesState>()(
  persist(
    (set) => ({
      rules: [],
      addRule: (rule = {}) => {
        const id = newRuleId();
        set((state) => ({ rules: [...state.rules, { ...blankRule(), ...rule, id }] }));
        return id;
      },
      updateRule: (id, patch) => {
        set((state) => ({
          rules: state.rules.map((rule) => (rule.id === id ? { ...rule, ...patch } : rule)),
        }));
      },
      removeRule: (id) => {
        set((state) => ({ rules: state.rules.filter((rule) => rule.id !== id) }));
      },
      reset: () => {
        set({ rules: [] });
      },
    }),
    {
      name: RPC_RULES_STORAGE_KEY,
      storage: createJSONStorage(() => localStorage),
      partialize: (state) => ({ rules: state.rules }),
    },
  ),
);
