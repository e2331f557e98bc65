import { createContext, use } from 'react';
import type { ReactNode } from 'react';
import { useStore } from 'zustand';

import type { OperatorClient } from '@/client/operator-client.ts';
import type { MqttSession } from '@/session/mqtt-session.ts';
import type { SessionState } from '@/session/session-store.ts';

interface OperatorContextValue {
  client: OperatorClient;
  session: MqttSession;
}

const OperatorContext = createContext<OperatorContextValue | null>(null);

/** Makes the operator role's {@link OperatorClient} (its own MQTT session) available to features. */
export function OperatorProvider({
  client,
  session,
  children,
}: OperatorContextValue & { children: ReactNode }) {
  return <OperatorContext value={{ client, session }}>{children}</OperatorContext>;
}

function useOperatorContext(): OperatorContextValue {
  const value = use(OperatorContext);
  if (value === null) throw new Error('operator hooks must be called inside <OperatorProvider>');
  return value;
}

/** The operator API client of the nearest {@link OperatorProvider}. */
export function useOperator(): OperatorClient {
  return useOperatorContext().client;
}

/** The operator's own MQTT session (log in, log out). */
export function useOperatorSession(): MqttSession {
  return useOperatorContext().session;
}

/** Selects from the operator session's store. */
export function useOperatorStatus<T>(selector: (state: SessionState) => T): T {
  return useStore(useOperatorContext().session.store, selector);
}
