import type { UpstreamOptions } from '../../bridge/upstream-target.ts';
import type { DevBroker, DevBrokerOptions } from '../../main.ts';

import { startTestBroker } from './test-broker.ts';

/** A dev broker in bridge mode, and its log lines. */
export interface TestBridge {
  bridge: DevBroker;
  logs: string[];
}

/**
 * A bridge to `upstream` on free ports whose own platform has no devices and no profiles, so a
 * session that were served locally would be refused (`local` adds to its config).
 */
export async function startBridge(
  upstream: UpstreamOptions,
  local: DevBrokerOptions = {},
): Promise<TestBridge> {
  const logs: string[] = [];
  const bridge = await startTestBroker({
    config: { devices: [], profiles: [] },
    logLevel: 'info',
    logWrite: (line) => logs.push(line),
    ...local,
    upstream,
  });
  return { bridge, logs };
}

/** An upstream dev broker (the "hub", with the spec fixtures) and a dev broker bridging to it. */
export interface BridgePair extends TestBridge {
  upstream: DevBroker;
  close(): Promise<void>;
}

/** Starts the upstream (in this process, free ports, memory storage) and a bridge in front of it. */
export async function startBridgePair(
  bridgeUpstream: Partial<UpstreamOptions> = {},
  upstreamOptions: DevBrokerOptions = {},
): Promise<BridgePair> {
  const upstream = await startTestBroker(upstreamOptions);
  const { bridge, logs } = await startBridge({ url: upstream.mqttUrl, ...bridgeUpstream }).catch(
    async (error: unknown) => {
      await upstream.close();
      throw error;
    },
  );
  return {
    upstream,
    bridge,
    logs,
    async close() {
      await bridge.close();
      await upstream.close();
    },
  };
}
