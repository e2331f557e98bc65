import { useSessionStatus } from '@/lib/session-context.tsx';
import { PROVISION_USERNAME } from '@/protocol/topics.ts';

import { useProvisionConnect } from '../api/use-provision-connect.ts';

/** Whether the session is a provision session, and one click to make it one (spec §1.5). */
export function ProvisionSession() {
  const status = useSessionStatus((s) => s.status);
  const kind = useSessionStatus((s) => s.credentialKind);
  const { connectForProvisioning } = useProvisionConnect();
  const ready = status === 'connected' && kind === 'provision';

  return (
    <div className={ready ? 'pk-note pk-note--ok' : 'pk-note pk-note--warn'} aria-live="polite">
      {ready ? (
        <p className="pk-muted">
          Connected as a provision-only client (username <code>{PROVISION_USERNAME}</code>). It may
          only send provisioning requests; the broker closes it 60 s after its response.
        </p>
      ) : (
        <div className="pk-buttons">
          <span>
            Provisioning needs a provision-only connection: username{' '}
            <code>{PROVISION_USERNAME}</code>, no device credentials.
            {status === 'connected' ? ' This replaces the current connection.' : ''}
          </span>
          <button type="button" className="button" onClick={connectForProvisioning}>
            Connect for provisioning
          </button>
        </div>
      )}
    </div>
  );
}
