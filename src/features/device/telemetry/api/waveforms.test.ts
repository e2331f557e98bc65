import { describe, expect, it } from 'vitest';

import { clampRate, createWaveform } from './waveforms.ts';

describe('waveforms', () => {
  it('counts from the start by the increment', () => {
    const next = createWaveform('counter', { a: 5, b: 2, c: 0 });
    expect([0, 1, 2].map((tick) => next(tick, tick))).toEqual([5, 7, 9]);
  });

  it('walks from the start by at most the max step', () => {
    const steps = [1, 0, 0.5];
    const next = createWaveform('random-walk', { a: 10, b: 1, c: 0 }, () => steps.shift() ?? 0.5);
    expect([0, 1, 2, 3].map((tick) => next(tick, 0))).toEqual([10, 11, 10, 10]);
  });

  it('draws a sine around the offset and a step between low and high', () => {
    const sine = createWaveform('sine', { a: 10, b: 20, c: 4 });
    expect([0, 1, 2, 3].map((s) => sine(0, s))).toEqual([20, 30, 20, 10]);
    const step = createWaveform('step', { a: 0, b: 1, c: 2 });
    expect([0, 0.5, 1, 1.5, 2].map((s) => step(0, s))).toEqual([0, 0, 1, 1, 0]);
    expect(createWaveform('constant', { a: 7, b: 0, c: 0 })(9, 9)).toBe(7);
  });

  it('keeps rates within 0.1–50 Hz', () => {
    expect([0, 0.05, 10, 80, Number.NaN].map(clampRate)).toEqual([0.1, 0.1, 10, 50, 1]);
  });
});
