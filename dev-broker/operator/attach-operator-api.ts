import type { Hub } from '../platform/hub.ts';
import type { Logger } from '../platform/logger.ts';
import type { BrokerState } from '../state/broker-state.ts';

import { attributeMethods } from './attribute-methods.ts';
import { brokerMethods, type BrokerEndpoints, type BrokerRuntime } from './broker-methods.ts';
import { claimMethods } from './claim-methods.ts';
import { clientRpcMethods } from './client-rpc-methods.ts';
import { deviceMethods } from './device-methods.ts';
import { attachEventBridge } from './event-bridge.ts';
import { eventMethods } from './event-methods.ts';
import type { MethodHandlers } from './method-types.ts';
import { attachOperatorRouter } from './operator-router.ts';
import { otaMethods } from './ota-methods.ts';
import { otaUploadMethods } from './ota-upload-methods.ts';
import { OtaUploads } from './ota-uploads.ts';
import { profileMethods } from './profile-methods.ts';
import { rpcMethods } from './rpc-methods.ts';
import { telemetryMethods } from './telemetry-methods.ts';

/** The running operator API: give it the listeners once they are up; detach on shutdown. */
export interface OperatorApiHandle {
  setEndpoints(endpoints: BrokerEndpoints): void;
  detach(): void;
}

/**
 * Turns on the operator API over MQTT (docs/operator-api.md, ADR 0004): requests from operator sessions
 * are answered and platform changes are published as events.
 */
export function attachOperatorApi(
  hub: Hub,
  log: Logger,
  storage: BrokerRuntime['storage'],
  state: BrokerState,
): OperatorApiHandle {
  const runtime: BrokerRuntime = { storage, startedAt: Date.now(), endpoints: null };
  const uploads = new OtaUploads();
  const handlers: MethodHandlers = {
    ...deviceMethods(hub),
    ...telemetryMethods(hub),
    ...attributeMethods(hub),
    ...rpcMethods(hub),
    ...clientRpcMethods(hub),
    ...profileMethods(hub),
    ...eventMethods(hub),
    ...brokerMethods(hub, runtime, state),
    ...claimMethods(hub),
    ...otaMethods(hub),
    ...otaUploadMethods(hub, uploads),
  };
  attachOperatorRouter(hub, handlers, log);
  const detachEvents = attachEventBridge(hub);
  return {
    setEndpoints(endpoints) {
      runtime.endpoints = endpoints;
    },
    detach() {
      detachEvents();
      uploads.dispose();
      hub.deviceApi.operatorHandler = null;
    },
  };
}
