import { OPERATOR_METHODS } from '../../src/protocol/operator-api.ts';
import type { BrokerCountersDto, BrokerInfoDto } from '../../src/protocol/operator-dto.ts';
import { PACKAGE_VERSION } from '../package-root.ts';
import type { Hub } from '../platform/hub.ts';
import type { BrokerState } from '../state/broker-state.ts';

import type { MethodHandlers } from './method-types.ts';

/** What only the process knows: listeners and the broker core's counters. Set once listening. */
export interface BrokerEndpoints {
  host: string;
  mqttPort: number;
  httpPort: number;
  mqttUrl: string;
  wsUrl: string;
  httpUrl: string;
  counters: () => BrokerCountersDto;
}

export interface BrokerRuntime {
  storage: 'memory' | 'sqlite';
  startedAt: number;
  endpoints: BrokerEndpoints | null;
}

const NO_COUNTERS: BrokerCountersDto = {
  connectionsOpen: 0,
  connectionsTotal: 0,
  publishesReceived: 0,
  publishesAcked: 0,
  messagesSent: 0,
};

/**
 * broker.info: version, limits, settings, ports, uptime and message counters; broker.reset,
 * broker.snapshot and broker.restore: the test-contract verbs (docs/testing.md).
 */
export function brokerMethods(
  hub: Hub,
  runtime: BrokerRuntime,
  state: BrokerState,
): Pick<MethodHandlers, 'broker.info' | 'broker.reset' | 'broker.snapshot' | 'broker.restore'> {
  return {
    'broker.reset': () => state.reset(),
    'broker.snapshot': () => state.snapshot(),
    'broker.restore': (params) => state.restore(params.snapshot),
    'broker.info': (): BrokerInfoDto => {
      const e = runtime.endpoints;
      const s = hub.settings;
      const sessions = { device: 0, operator: 0, provision: 0 };
      for (const session of hub.sessions.all()) sessions[session.principal.kind]++;
      return {
        name: 'iothub-dev-broker',
        version: PACKAGE_VERSION,
        startedAt: runtime.startedAt,
        uptimeMs: Date.now() - runtime.startedAt,
        storage: runtime.storage,
        host: e?.host ?? null,
        ports: { mqtt: e?.mqttPort ?? null, http: e?.httpPort ?? null },
        urls: { mqtt: e?.mqttUrl ?? null, ws: e?.wsUrl ?? null, http: e?.httpUrl ?? null },
        limits: {
          maxPayloadSize: s.maxPayloadSize,
          maxInflightMessages: s.maxInflightMessages,
          maxSessionsPerDevice: s.maxSessionsPerDevice,
        },
        settings: structuredClone(s),
        sessions,
        counters: e?.counters() ?? NO_COUNTERS,
        devices: hub.devices.list({ limit: 1 }).total,
        methods: [...OPERATOR_METHODS],
      };
    },
  };
}
