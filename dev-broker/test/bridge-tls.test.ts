import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startBridge, type TestBridge } from './support/bridge-pair.ts';
import { connectDevice, rawConnect } from './support/mqtt-client.ts';
import {
  makePki,
  startTlsMosquitto,
  type TestPki,
  type TlsMosquitto,
} from './support/tls-mosquitto.ts';

// ADR 0008: an mqtts:// upstream with an X.509 client certificate — Debian's mosquitto with a
// throwaway CA, server and client certificates made by openssl.
let pki: TestPki | undefined;
let mosquitto: TlsMosquitto | undefined;
const bridges: TestBridge[] = [];
beforeAll(async () => {
  pki = await makePki();
  mosquitto = await startTlsMosquitto(pki);
}, 60_000);
afterAll(async () => {
  for (const b of bridges) await b.bridge.close();
  await mosquitto?.stop();
  pki?.remove();
});

/** The PKI and mosquitto of beforeAll. */
function setup(): { pki: TestPki; mosquitto: TlsMosquitto } {
  if (!pki || !mosquitto) throw new Error('the TLS setup failed (see beforeAll)');
  return { pki, mosquitto };
}

async function bridgeWith(tls: { ca?: Buffer; cert?: Buffer; key?: Buffer }): Promise<TestBridge> {
  const b = await startBridge({ url: setup().mosquitto.url, ...tls });
  bridges.push(b);
  return b;
}

describe('bridge to a TLS upstream (mosquitto, require_certificate)', () => {
  it('with the CA and a client certificate, publish/subscribe works through the bridge (WS and TCP, 3.1.1 and 5)', async () => {
    const { pki, mosquitto } = setup();
    const { bridge, logs } = await bridgeWith({
      ca: pki.ca,
      cert: pki.clientCert,
      key: pki.clientKey,
    });
    const listener = await connectDevice(bridge, 'ws', 4, { clientId: 'tls-sub' });
    expect(await listener.subscribe({ 'bridge/tls/+': { qos: 1 } })).toEqual([1]);
    const talker = await connectDevice(bridge, 'tcp', 5, { clientId: 'tls-pub' });
    const ack = await talker.publish('bridge/tls/hello', 'over mqtts', 1);
    expect(ack?.cmd).toBe('puback');
    const got = await listener.message('bridge/tls/hello');
    expect(got).toMatchObject({ text: 'over mqtts', qos: 1 });
    expect(
      logs.some((l) => l.includes(`tls-sub (ws`) && l.includes(`connected to ${mosquitto.url}`)),
    ).toBe(true);
    await listener.end();
    await talker.end();
  });

  it('a wrong CA is refused: CONNACK 0x03 (v5 0x88 with the reason) and a log line that names --upstream-ca', async () => {
    const { pki } = setup();
    const { bridge, logs } = await bridgeWith({
      ca: pki.otherCa,
      cert: pki.clientCert,
      key: pki.clientKey,
    });
    const v4 = rawConnect(bridge, 'ws', 4, { clientId: 'wrong-ca-4' });
    expect((await v4.result)?.code).toBe(3);
    v4.client.end(true);
    const v5 = rawConnect(bridge, 'tcp', 5, { clientId: 'wrong-ca-5' });
    expect((await v5.result)?.code).toBe(0x88);
    v5.client.end(true);
    const reason = (v5.connack() as { properties?: { reasonString?: string } }).properties
      ?.reasonString;
    expect(reason).toMatch(/certificate of 127\.0\.0\.1:\d+ is not trusted/);
    expect(
      logs.some((l) =>
        / WARN .*wrong-ca-4 .*not trusted .*pass the CA that signed it with --upstream-ca/.test(l),
      ),
    ).toBe(true);
  });

  it('without a client certificate the hub refuses the handshake: CONNACK 0x03 and a log line that names --upstream-cert', async () => {
    const { pki } = setup();
    const { bridge, logs } = await bridgeWith({ ca: pki.ca });
    const c = rawConnect(bridge, 'ws', 4, { clientId: 'no-cert' });
    expect((await c.result)?.code).toBe(3);
    c.client.end(true);
    expect(logs.some((l) => / WARN .*no-cert .*client certificate.*--upstream-cert/.test(l))).toBe(
      true,
    );
  });
});
