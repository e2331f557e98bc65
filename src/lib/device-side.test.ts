import { describe, expect, it } from 'vitest';

import { fakeDeviceSide } from '@/testing/fake-channel.ts';

import { devicePart, DevicePartSet } from './device-side.ts';

describe('DevicePartSet', () => {
  it('creates each part once over its side, and disposes what it created', () => {
    const side = fakeDeviceSide();
    const made: string[] = [];
    const disposed: string[] = [];
    const part = (name: string) =>
      devicePart(name, (s) => {
        made.push(name);
        expect(s).toBe(side);
        return { name, dispose: () => disposed.push(name) };
      });
    const a = part('a');
    const b = part('b');
    const parts = new DevicePartSet(side);
    parts.install([a]);
    expect(parts.get(a)).toBe(parts.get(a));
    expect(made).toEqual(['a']);
    expect(parts.get(b).name).toBe('b');
    parts.dispose();
    expect(disposed).toEqual(['a', 'b']);
    // a new set after dispose makes new parts
    expect(new DevicePartSet(side).get(a)).not.toBe(undefined);
    expect(made).toEqual(['a', 'b', 'a']);
  });
});
