import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';

import { App } from '@/app/app.tsx';
import type { OperatorParts } from '@/app/operator-parts.ts';
import { applyTheme } from '@/app/theme.ts';
import { operatorConnectOptions } from '@/features/operator/login/api/login-credentials.ts';
import { takeOneClickLogin } from '@/features/operator/login/api/one-click-link.ts';
import { createDualTimeline } from '@/lib/dual-timeline.ts';
import { learnDeviceNames } from '@/lib/learn-device-names.ts';
import { OperatorClient } from '@/lib/operator-client.ts';
import { installOperatorPushBridge } from '@/lib/operator-push-bridge.ts';
import { createQueryClient } from '@/lib/query-client.ts';
import { MqttSession } from '@/session/mqtt-session.ts';
import '@/app/app.css';

/** What survives a hot update of this module: one session (one socket), one cache, one root. */
interface HotData {
  session?: MqttSession | undefined;
  queryClient?: ReturnType<typeof createQueryClient> | undefined;
  root?: Root | undefined;
  /** The operator role's own session, client, push bridge and the split view's timeline. */
  operator?: (OperatorParts & { stopBridge: () => void }) | undefined;
}

const hot = import.meta.hot;
const kept = (hot?.data ?? {}) as HotData;

// A hot update of mqtt-session.ts brings a new class: retire the old session instead of reusing it.
if (kept.session !== undefined && !(kept.session instanceof MqttSession)) {
  (kept.session as { dispose(): void }).dispose();
  kept.session = undefined;
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
const operator = kept.operator ?? createOperatorParts();

/** A second session for the operator role (both roles can be connected at once in the split view). */
function createOperatorParts(): OperatorParts & { stopBridge: () => void } {
  const operatorSession = new MqttSession();
  const client = new OperatorClient(operatorSession);
  const stopPushes = installOperatorPushBridge(client, queryClient);
  const stopNames = learnDeviceNames(session, client);
  const stopBridge = () => {
    stopPushes();
    stopNames();
  };
  const timeline = createDualTimeline(session, client);
  // The broker's one-click link (`/?role=operator&user=admin#password=…`): log in, forget the fragment.
  const link = takeOneClickLogin();
  if (link !== null) operatorSession.connect(operatorConnectOptions(link.account, link.password));
  return { session: operatorSession, client, timeline, stopBridge };
}

if (hot) {
  Object.assign(hot.data as HotData, { session, queryClient, root, operator });
  hot.accept();
}

root.render(
  <StrictMode>
    <App session={session} queryClient={queryClient} operator={operator} />
  </StrictMode>,
);
