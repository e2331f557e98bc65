import { beforeEach, describe, expect, it } from 'vitest';

import { FakeChannel, fakeDeviceSide } from '@/testing/fake-channel.ts';

import { useOtaRunStore } from '../stores/ota-run-store.ts';

import type { OtaPackage } from './ota-package.ts';
import { startOtaUpdate } from './ota-runner.ts';

const pkg: OtaPackage = {
  title: 't',
  version: '1',
  size: 10,
  checksumAlgorithm: null,
  checksum: null,
  tag: null,
  url: null,
};

/** Answers every chunk request like the broker does on an OTA error: error text, then close. */
function failingBroker(channel: FakeChannel) {
  channel.respond = (publish, ch) => {
    if (!publish.topic.startsWith('v2/fw/request/')) return;
    queueMicrotask(() => {
      ch.deliver('v2/fw/error', 'NOT_FOUND');
      ch.setStatus('error');
    });
  };
}

describe('the update runner', () => {
  beforeEach(() => {
    useOtaRunStore.getState().reset();
  });

  it('sends FAILED on the next connection as the same device when the broker closed first', async () => {
    const channel = new FakeChannel();
    channel.store.setState({ username: 'token-a' });
    failingBroker(channel);

    await startOtaUpdate(fakeDeviceSide(channel), 'fw', pkg, 4);

    const run = useOtaRunStore.getState().runs.fw;
    expect(run.phase).toBe('failed');
    expect(run.error).toMatch(/No firmware package is assigned/);
    expect(run.states).toEqual([
      { state: 'DOWNLOADING', reported: true },
      { state: 'FAILED', reported: false },
    ]);
    const telemetry = () => channel.texts('v1/devices/me/telemetry');
    expect(telemetry()).toEqual(['{"fw_state":"DOWNLOADING"}']);

    channel.setStatus('connecting');
    channel.setStatus('connected');
    await Promise.resolve();
    expect(telemetry().at(-1)).toBe(JSON.stringify({ fw_state: 'FAILED', fw_error: run.error }));
    await Promise.resolve();
    expect(useOtaRunStore.getState().runs.fw.states.at(-1)).toEqual({
      state: 'FAILED',
      reported: true,
    });
  });

  it('does not report for another device', async () => {
    const channel = new FakeChannel();
    channel.store.setState({ username: 'token-a' });
    failingBroker(channel);
    await startOtaUpdate(fakeDeviceSide(channel), 'fw', pkg, 4);

    channel.store.setState({ status: 'connecting', username: 'token-b' });
    channel.setStatus('connected');
    channel.setStatus('closed');
    channel.store.setState({ username: 'token-a' });
    channel.setStatus('connected');
    expect(channel.texts('v1/devices/me/telemetry')).toEqual(['{"fw_state":"DOWNLOADING"}']);
  });
});
