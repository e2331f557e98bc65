import { describe, expect, it, vi } from 'vitest';

import { FakeChannel, fakeDeviceSide } from '@/testing/fake-channel.ts';

import { otaAttributeRequestsPart } from './get-ota-attributes.ts';

const RESPONSE = 'v1/devices/me/attributes/response/';

/** Asks for the OTA attributes on a fake channel and waits until the request went out. */
async function asking() {
  const channel = new FakeChannel();
  const requests = otaAttributeRequestsPart.create(fakeDeviceSide(channel));
  const asked = requests.getOtaAttributes();
  await vi.waitFor(() => {
    expect(channel.published).toHaveLength(1);
  });
  return { channel, requests, asked };
}

describe('OTA attribute requests', () => {
  it('asks for the fw_* and sw_* keys and resolves with those the response holds (spec §6.2)', async () => {
    const { channel, requests, asked } = await asking();
    expect(channel.published[0]?.topic).toBe('v1/devices/me/attributes/request/1');
    channel.deliver(`${RESPONSE}1`, '{"shared":{"fw_title":"pump","fw_version":"2","other":1}}');
    await expect(asked).resolves.toEqual({ fw_title: 'pump', fw_version: '2' });
    requests.dispose();
  });

  it('fails in plain words on a response it cannot read', async () => {
    const { channel, requests, asked } = await asking();
    channel.deliver(`${RESPONSE}1`, 'not json');
    await expect(asked).rejects.toThrow(/^The attribute response was not readable: /);
    requests.dispose();
  });

  it("per connection: A's request fails on connect() as B, and B's response with the same id is not its answer", async () => {
    const { channel, requests, asked } = await asking();
    channel.reconnectFresh();
    channel.deliver(`${RESPONSE}1`, '{"shared":{"fw_title":"of-B"}}');
    await expect(asked).rejects.toThrow('The console connected anew before the attributes came.');
    requests.dispose();
  });
});
