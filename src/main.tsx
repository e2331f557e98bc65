import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';

import { App } from '@/app/app.tsx';
import { createDeviceParts, type DeviceParts } from '@/app/device-parts.ts';
import type { OperatorParts } from '@/app/operator-parts.ts';
import { applyTheme } from '@/app/theme.ts';
import { installOperatorPushBridge } from '@/domain/operator/operator-push-bridge.ts';
import { createDualTimeline } from '@/features/both/timeline/api/dual-timeline.ts';
import { learnDeviceNames } from '@/features/both/timeline/api/learn-device-names.ts';
import { operatorConnectOptions } from '@/features/operator/login/api/login-credentials.ts';
import { takeOneClickLogin } from '@/features/operator/login/api/one-click-link.ts';
import { createQueryClient } from '@/lib/query-client.ts';
import { SessionOperatorClient } from '@/lib/session-operator-client.ts';
import { MqttSession } from '@/session/mqtt-session.ts';
import { retryWhenOnline } from '@/session/retry-when-online.ts';
import '@/app/app.css';

/** What survives a hot update of this module: one session (one socket), one cache, one root. */
interface HotData {
  session?: MqttSession | undefined;
  queryClient?: ReturnType<typeof createQueryClient> | undefined;
  root?: Root | undefined;
  /** The device side over `session`: inbound router, push bridge and parts (app/device-parts.ts). */
  device?: DeviceParts | undefined;
  /** The operator role's own session, client, push bridge and the split view's timeline. */
  operator?: (OperatorParts & { stopBridge: () => void }) | undefined;
}

const hot = import.meta.hot;
const kept = (hot?.data ?? {}) as HotData;

// A hot update of mqtt-session.ts brings a new class: retire the old session instead of reusing it.
if (kept.session !== undefined && !(kept.session instanceof MqttSession)) {
  (kept.session as { dispose(): void }).dispose();
  kept.session = undefined;
  kept.device?.dispose();
  kept.device = undefined;
}
if (kept.operator !== undefined && !(kept.operator.session instanceof MqttSession)) {
  kept.operator.stopBridge();
  kept.operator.timeline.dispose();
  kept.operator.client.dispose();
  (kept.operator.session as { dispose(): void }).dispose();
  kept.operator = undefined;
}

applyTheme();

const session = kept.session ?? new MqttSession();
const queryClient = kept.queryClient ?? createQueryClient();
const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const root = kept.root ?? createRoot(container);
const device = kept.device ?? createDeviceParts(session, queryClient);
const operator = kept.operator ?? createOperatorParts();

/** A second session for the operator role (both roles can be connected at once in the split view). */
function createOperatorParts(): OperatorParts & { stopBridge: () => void } {
  const operatorSession = new MqttSession();
  const client = new SessionOperatorClient(operatorSession);
  const stopPushes = installOperatorPushBridge(client, queryClient);
  const stopNames = learnDeviceNames(session, operatorSession, client);
  const stopOnline = retryWhenOnline(operatorSession);
  const stopBridge = () => {
    stopPushes();
    stopNames();
    stopOnline();
  };
  const timeline = createDualTimeline(session, device.router, client);
  // The broker's one-click link (`/?role=operator&user=admin#password=…`): log in, forget the fragment.
  const link = takeOneClickLogin();
  if (link !== null) operatorSession.connect(operatorConnectOptions(link.account, link.password));
  return { session: operatorSession, client, timeline, stopBridge };
}

if (hot) {
  Object.assign(hot.data as HotData, { session, queryClient, root, device, operator });
  hot.accept();
}

root.render(
  <StrictMode>
    <App session={session} parts={device.parts} queryClient={queryClient} operator={operator} />
  </StrictMode>,
);
