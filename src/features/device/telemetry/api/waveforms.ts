/** Generator waveforms: each turns a tick number (0, 1, 2, …) and elapsed seconds into the next value. */
export type WaveformKind = 'random-walk' | 'sine' | 'step' | 'constant' | 'counter';

/** Parameters; their meaning depends on the kind (see {@link WAVEFORMS}). */
export interface WaveformParams {
  a: number;
  b: number;
  c: number;
}

export interface WaveformInfo {
  label: string;
  /** Labels of a, b and c; null when the kind does not use it. */
  params: readonly [string, string | null, string | null];
  defaults: WaveformParams;
}

export const WAVEFORMS: Readonly<Record<WaveformKind, WaveformInfo>> = {
  'random-walk': {
    label: 'Random walk',
    params: ['Start', 'Max step', null],
    defaults: { a: 20, b: 0.5, c: 0 },
  },
  sine: {
    label: 'Sine',
    params: ['Amplitude', 'Offset', 'Period (s)'],
    defaults: { a: 10, b: 20, c: 10 },
  },
  step: { label: 'Step', params: ['Low', 'High', 'Period (s)'], defaults: { a: 0, b: 1, c: 4 } },
  constant: { label: 'Constant', params: ['Value', null, null], defaults: { a: 42, b: 0, c: 0 } },
  counter: {
    label: 'Counter',
    params: ['Start', 'Increment', null],
    defaults: { a: 0, b: 1, c: 0 },
  },
};

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * A stateful value source. `random` is injectable for tests.
 * @example const next = createWaveform('sine', { a: 10, b: 20, c: 10 }); next(0); // 20
 */
export function createWaveform(
  kind: WaveformKind,
  params: WaveformParams,
  random: () => number = Math.random,
): (tick: number, seconds: number) => number {
  switch (kind) {
    case 'random-walk': {
      let value = params.a;
      return (tick) => {
        if (tick > 0) value = round(value + (random() * 2 - 1) * params.b);
        return value;
      };
    }
    case 'sine':
      return (_tick, seconds) =>
        round(params.b + params.a * Math.sin((2 * Math.PI * seconds) / Math.max(params.c, 0.001)));
    case 'step':
      return (_tick, seconds) =>
        seconds % Math.max(params.c, 0.001) < Math.max(params.c, 0.001) / 2 ? params.a : params.b;
    case 'constant':
      return () => params.a;
    case 'counter':
      return (tick) => round(params.a + tick * params.b);
  }
}

/** Generator rates the panel accepts. */
export const MIN_RATE_HZ = 0.1;
export const MAX_RATE_HZ = 50;

export function clampRate(hz: number): number {
  if (!Number.isFinite(hz)) return 1;
  return Math.min(MAX_RATE_HZ, Math.max(MIN_RATE_HZ, hz));
}
