import { create } from 'zustand';

import type { Family } from '@/protocol/topics.ts';

import { WAVEFORMS } from '../api/waveforms.ts';
import type { WaveformKind, WaveformParams } from '../api/waveforms.ts';

/** One generator: a key, a waveform and a rate. */
export interface GeneratorConfig {
  id: string;
  key: string;
  kind: WaveformKind;
  rateHz: number;
  params: WaveformParams;
}

interface GeneratorsState {
  generators: GeneratorConfig[];
  /** Topic family and QoS every generator publishes with. */
  family: Family;
  qos: 0 | 1;
  add: () => void;
  update: (id: string, patch: Partial<Omit<GeneratorConfig, 'id'>>) => void;
  remove: (id: string) => void;
  setTarget: (patch: { family?: Family; qos?: 0 | 1 }) => void;
}

let nextId = 1;
const KEYS = ['temperature', 'humidity', 'pressure', 'voltage', 'rpm'];

function newGenerator(index: number): GeneratorConfig {
  const id = `gen-${String(nextId++)}`;
  return {
    id,
    key: KEYS[index] ?? `key${String(index + 1)}`,
    kind: 'random-walk',
    rateHz: 1,
    params: { ...WAVEFORMS['random-walk'].defaults },
  };
}

/** Generator configurations (client state). Running state and values live in live-series-store. */
export const useGeneratorsStore = create<GeneratorsState>()((set) => ({
  generators: [newGenerator(0)],
  family: 'v1',
  qos: 1,
  add: () => {
    set((state) => ({ generators: [...state.generators, newGenerator(state.generators.length)] }));
  },
  update: (id, patch) => {
    set((state) => ({
      generators: state.generators.map((g) => (g.id === id ? { ...g, ...patch } : g)),
    }));
  },
  remove: (id) => {
    set((state) => ({ generators: state.generators.filter((g) => g.id !== id) }));
  },
  setTarget: (patch) => {
    set(patch);
  },
}));
