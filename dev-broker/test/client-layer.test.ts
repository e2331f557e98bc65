import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  connectOperator,
  type OperatorConnection,
} from '../../src/client/adapters/connect-operator.ts';
import { connectMqtt, type MqttPort } from '../../src/client/adapters/mqtt-node.ts';
import { DeviceClient } from '../../src/client/device-client.ts';
import type { OperatorEvent } from '../../src/client/operator-client.ts';
import { checksum } from '../../src/protocol/checksum.ts';
import { otaAttributeKeys } from '../../src/protocol/codecs/firmware.ts';
import type { DevBroker } from '../main.ts';

import { newDevice, testBytes } from './support/ota-fixtures.ts';
import { startTestBroker } from './support/test-broker.ts';

let broker: DevBroker;
let operator: OperatorConnection;
const ports: MqttPort[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
  operator = await connectOperator({ url: broker.wsUrl, password: broker.admin.password });
});
afterEach(async () => {
  await Promise.all(ports.splice(0).map((p) => p.close()));
});
afterAll(async () => {
  await operator.close();
  await broker.close();
});

async function device(token: string, options: { version?: 4 | 5; family?: 'v1' | 'v2j' } = {}) {
  const port = await connectMqtt({
    url: broker.mqttUrl,
    username: token,
    protocolVersion: options.version ?? 4,
  });
  ports.push(port);
  return new DeviceClient(port, { family: options.family ?? 'v1' });
}

describe('DeviceClient and OperatorClient over MQTT.js against the dev broker', () => {
  it('telemetry and attributes are stored by the PUBACK; attributes come back on request', async () => {
    const d = await newDevice(broker, 'cl-data');
    const client = await device(d.token, { family: 'v2j' });
    await client.sendTelemetry({ ts: 1_000, values: { temp: 21.5 } });
    expect(broker.hub.telemetry.latest(d.id, ['temp'])[0]).toMatchObject({
      ts: 1_000,
      value: { value: 21.5 },
    });
    await client.sendAttributes({ model: 'm-1' });
    const answer = await client.requestAttributes({ clientKeys: ['model'] });
    expect(answer).toMatchObject({ family: 'v2j', client: { model: 'm-1' } });
    expect(answer.shared).toBeUndefined();
  });

  it('a refused publish rejects with the MQTT 5 reason code', async () => {
    const client = await device('LEN1', { version: 5 });
    await expect(client.sendTelemetry('42')).rejects.toMatchObject({
      code: 'REFUSED',
      reasonCode: 0x99,
    });
  });

  it('the operator pushes a shared attribute and sends an RPC; the device sees the push and answers', async () => {
    const d = await newDevice(broker, 'cl-rpc');
    const client = await device(d.token);
    await client.subscribeSharedAttributes();
    const pushed = client.next('sharedAttributes');
    await operator.client.request('attributes.save', {
      deviceId: d.id,
      scope: 'SHARED',
      values: { target: 22 },
    });
    expect((await pushed).change).toEqual({ kind: 'updated', values: { target: 22 } });
    client.onRpc('setMode', (request) => ({ applied: request.params }));
    const result = await operator.client.request('rpc.send', {
      deviceId: d.id,
      method: 'setMode',
      params: { mode: 'eco' },
    });
    expect(result).toEqual({ kind: 'reply', json: true, response: { applied: { mode: 'eco' } } });
  });

  it('a client-side RPC gets the built-in getTime reply; operator events arrive typed', async () => {
    const d = await newDevice(broker, 'cl-events');
    const events: OperatorEvent[] = [];
    const stop = operator.client.onEvent((e) => events.push(e));
    await operator.client.subscribeEvents();
    const client = await device(d.token);
    const reply = await client.callRpc('getTime', {});
    expect(reply.json).toBe(true);
    expect((reply.reply as { ts: number }).ts).toBeGreaterThan(0);
    await client.sendTelemetry({ seen: 1 });
    await expect
      .poll(() => events.some((e) => e.deviceId === d.id && e.kind === 'telemetry'))
      .toBe(true);
    stop();
  });

  it('claims: the device registers, the operator claims it with the secret', async () => {
    const d = await newDevice(broker, 'cl-claim');
    const client = await device(d.token);
    await client.claim({ secretKey: 'k-1', durationMs: 60_000 });
    const claimed = await operator.client.request('claim.claim', {
      deviceName: d.name,
      secretKey: 'k-1',
      customer: 'Client Co',
    });
    expect(claimed).toMatchObject({ result: 'SUCCESS', customer: { name: 'Client Co' } });
  });

  it('provisions a device from a provision session, which then connects with its token', async () => {
    const provisioner = await device('provision');
    const outcome = await provisioner.provision({
      provisionDeviceKey: 'pk-fleet',
      provisionDeviceSecret: 'ps-fleet',
      deviceName: 'cl-provisioned',
    });
    if (outcome.status !== 'SUCCESS' || outcome.credentials.type !== 'ACCESS_TOKEN')
      throw new Error(`not provisioned: ${JSON.stringify(outcome)}`);
    const provisioned = await device(outcome.credentials.token);
    await provisioned.sendTelemetry({ up: true });
    expect(broker.hub.devices.get('cl-provisioned').id).toBeTruthy();
  });

  it('downloads an assigned firmware from the fw_* shared attributes and verifies it', async () => {
    const d = await newDevice(broker, 'cl-fw');
    const data = testBytes(40_000, 3);
    const pkg = await broker.hub.ota.upload({
      title: 'cl-fw',
      version: '1.0',
      type: 'FIRMWARE',
      data,
    });
    await broker.hub.ota.assign(pkg.id, { deviceId: d.id });
    const client = await device(d.token);
    const { shared = {} } = await client.requestAttributes({ sharedKeys: otaAttributeKeys('fw') });
    expect(shared).toMatchObject({
      fw_title: 'cl-fw',
      fw_size: 40_000,
      fw_checksum_algorithm: 'SHA256',
    });
    const download = await client.downloadFirmware({
      size: shared.fw_size as number,
      checksum: shared.fw_checksum as string,
      chunkSize: 16_384,
    });
    expect(download).toMatchObject({ size: 40_000, chunks: 3, problem: null });
    expect(download.checksum).toBe(checksum(data, 'SHA256'));
    expect(Buffer.from(download.bytes ?? new Uint8Array()).equals(data)).toBe(true);
  });

  it('no assigned package: the broker’s error topic fails the download (spec §11)', async () => {
    const d = await newDevice(broker, 'cl-none');
    const client = await device(d.token);
    await expect(client.downloadFirmware({ size: 10 })).rejects.toMatchObject({
      code: 'OTA_ERROR',
      message: 'the broker refused the chunk request: NOT_FOUND',
    });
  });
});
