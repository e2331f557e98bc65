import { describe, expect, it } from 'vitest';

import { FakeChannel } from '@/testing/fake-channel.ts';

import { claimDevice, describeClaimAck, encodeClaimRequest } from './claim-device.ts';

describe('claim registration', () => {
  it('leaves out what the user left empty, so the broker applies its defaults', () => {
    expect(encodeClaimRequest({ secretKey: '', durationMs: null })).toBe('{}');
    expect(encodeClaimRequest({ secretKey: 's3cr3t', durationMs: 60_000 })).toBe(
      '{"secretKey":"s3cr3t","durationMs":60000}',
    );
  });

  it('publishes at QoS 1 on v1/devices/me/claim and reports the PUBACK', async () => {
    const channel = new FakeChannel();
    const result = await claimDevice(channel, { secretKey: 'k', durationMs: null }, () => 1_000);
    expect(channel.published).toEqual([
      {
        topic: 'v1/devices/me/claim',
        payload: '{"secretKey":"k"}',
        text: '{"secretKey":"k"}',
        qos: 1,
      },
    ]);
    expect(result).toEqual({
      payload: '{"secretKey":"k"}',
      latencyMs: 1,
      reasonCode: null,
      expiresAt: 1_000 + 86_400_000,
    });
  });

  it('explains MQTT 5 failure codes', () => {
    expect(describeClaimAck(null)).toBeNull();
    expect(describeClaimAck(0)).toBeNull();
    expect(describeClaimAck(0x99)).toMatch(/invalid/);
  });
});
