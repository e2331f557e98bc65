import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';

import { App } from '@/app/app.tsx';
import { applyTheme } from '@/app/theme.ts';
import { createQueryClient } from '@/lib/query-client.ts';
import { MqttSession } from '@/session/mqtt-session.ts';
import '@/app/app.css';

/** What survives a hot update of this module: one session (one socket), one cache, one root. */
interface HotData {
  session?: MqttSession | undefined;
  queryClient?: ReturnType<typeof createQueryClient> | undefined;
  root?: Root | undefined;
}

const hot = import.meta.hot;
const kept = (hot?.data ?? {}) as HotData;

// A hot update of mqtt-session.ts brings a new class: retire the old session instead of reusing it.
if (kept.session !== undefined && !(kept.session instanceof MqttSession)) {
  (kept.session as { dispose(): void }).dispose();
  kept.session = undefined;
}

applyTheme();

const session = kept.session ?? new MqttSession();
const queryClient = kept.queryClient ?? createQueryClient();
const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element');
const root = kept.root ?? createRoot(container);

if (hot) {
  Object.assign(hot.data as HotData, { session, queryClient, root });
  hot.accept();
}

root.render(
  <StrictMode>
    <App session={session} queryClient={queryClient} />
  </StrictMode>,
);
