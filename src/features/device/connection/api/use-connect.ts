import { useSession } from '@/lib/session-context.tsx';
import type { ConnectOptions } from '@/session/mqtt-session.ts';

/** Intent functions of the connection feature; the session does the work and reports in its store. */
export function useConnect() {
  const session = useSession();
  return {
    connect: (options: ConnectOptions) => {
      session.connect(options);
    },
    disconnect: () => {
      session.disconnect().catch((error: unknown) => {
        console.error('Disconnect failed', error);
      });
    },
  };
}
