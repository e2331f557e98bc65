import { useId, useState } from 'react';

import { errorMessage } from '@/lib/error-message.ts';
import { useSessionStatus } from '@/lib/session-context.tsx';

import { emptyProvisionForm } from '../api/provision-request.ts';
import type { ProvisionForm } from '../api/provision-request.ts';
import { useProvisionDevice } from '../api/use-provision-device.ts';

import { ProvisionFormFields } from './provision-form.tsx';
import { ProvisionResult } from './provision-result.tsx';
import { ProvisionSession } from './provision-session.tsx';

import '@/components/ui/panel-kit.css';

/** Device provisioning (spec §10): request credentials for a new device with a profile's key and secret. */
export function ProvisionPanel() {
  const id = useId();
  const [form, setForm] = useState<ProvisionForm>(emptyProvisionForm);
  const ready = useSessionStatus(
    (s) => s.status === 'connected' && s.credentialKind === 'provision',
  );
  const provision = useProvisionDevice();

  return (
    <div className="pk-panel">
      <ProvisionSession />
      <div className="pk-grid">
        <form
          className="pk-card"
          aria-label="Provisioning request"
          onSubmit={(event) => {
            event.preventDefault();
            if (ready) provision.mutate(form);
          }}
        >
          <h3>Request</h3>
          <ProvisionFormFields
            form={form}
            onChange={(patch) => {
              setForm((current) => ({ ...current, ...patch }));
            }}
          />
          <div className="pk-buttons">
            <button type="submit" className="button" disabled={!ready || provision.isPending}>
              {provision.isPending ? 'Waiting for the response…' : 'Provision device'}
            </button>
          </div>
        </form>
        <section className="pk-card" aria-labelledby={`${id}-response`}>
          <h3 id={`${id}-response`}>Response</h3>
          <div role="status" aria-label="Provision result" className="pk-panel">
            {provision.isError && (
              <p className="pk-note pk-note--error">{errorMessage(provision.error)}</p>
            )}
            {provision.data && (
              <ProvisionResult
                result={provision.data}
                deviceName={provision.variables.deviceName}
              />
            )}
            {provision.isIdle && <p className="pk-muted">The broker&apos;s answer appears here.</p>}
          </div>
        </section>
      </div>
    </div>
  );
}
