import type mqttPacket from 'mqtt-packet';

import type { BridgedSession } from '../../bridge/bridged-session.ts';
import type { UpstreamOptions } from '../../bridge/upstream-target.ts';

import { startBridge, type TestBridge } from './bridge-pair.ts';
import { rawClient, startScriptedHub, type RawPeer, type ScriptedHub } from './raw-mqtt.ts';

/** A raw device connected through a bridge to a scripted hub that accepted it. */
export interface ScriptedSession {
  device: RawPeer;
  /** The hub's end of the bridge's upstream connection. */
  up: RawPeer;
  bridge: TestBridge;
  bridged: BridgedSession;
}

/** The scripted hubs and bridges one test starts; `closeAll()` in `afterEach`. */
export class ScriptedBridges {
  #closers: (() => Promise<void>)[] = [];

  async hub(): Promise<ScriptedHub> {
    const hub = await startScriptedHub();
    this.#closers.push(() => hub.close());
    return hub;
  }

  async bridge(upstream: UpstreamOptions): Promise<TestBridge> {
    const b = await startBridge(upstream);
    this.#closers.push(() => b.bridge.close());
    return b;
  }

  /** Connects a raw TCP device with `connect` through a new bridge to a new hub, which accepts. */
  async session(
    connect: mqttPacket.IConnectPacket,
    upstream: Partial<UpstreamOptions> = {},
  ): Promise<ScriptedSession> {
    const version = connect.protocolVersion === 5 ? 5 : 4;
    const hub = await this.hub();
    const bridge = await this.bridge({ url: hub.url, ...upstream });
    const device = await rawClient(bridge.bridge.mqttPort, version);
    device.send(connect);
    const up = await hub.accept(version);
    await up.next('connect');
    up.send(
      version === 5
        ? { cmd: 'connack', sessionPresent: false, reasonCode: 0 }
        : { cmd: 'connack', sessionPresent: false, returnCode: 0 },
    );
    await device.next('connack');
    const bridged = bridge.bridge.bridge?.sessions()[0];
    if (!bridged) throw new Error('no bridged session');
    return { device, up, bridge, bridged };
  }

  /** Closes every bridge, then every hub. */
  async closeAll(): Promise<void> {
    const closers = this.#closers.reverse();
    this.#closers = [];
    for (const close of closers) await close();
  }
}
