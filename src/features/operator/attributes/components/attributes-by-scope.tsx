import { useId, useState } from 'react';

import type { Scope } from '@protocol/operator-dto.ts';

import { AttributeScopeTable } from './attribute-scope-table.tsx';
import { SaveAttributeForm } from './save-attribute-form.tsx';

const SCOPES: { scope: Scope; label: string }[] = [
  { scope: 'CLIENT', label: 'Client' },
  { scope: 'SHARED', label: 'Shared' },
  { scope: 'SERVER', label: 'Server' },
];

/** Attributes of one device by scope: client read-only, shared and server editable with deletion. */
export function AttributesByScope({ deviceId }: { deviceId: string }) {
  const id = useId();
  const [scope, setScope] = useState<Scope>('SHARED');
  return (
    <section className="pk-card" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Attributes</h3>
      <fieldset className="field field--choice">
        <legend>Attribute scope</legend>
        {SCOPES.map((s) => (
          <label key={s.scope} className="choice">
            <input
              type="radio"
              name={`${id}-scope`}
              checked={scope === s.scope}
              onChange={() => {
                setScope(s.scope);
              }}
            />{' '}
            {s.label}
          </label>
        ))}
      </fieldset>
      <AttributeScopeTable deviceId={deviceId} scope={scope} />
      {scope === 'CLIENT' ? (
        <p className="pk-muted">Client attributes are written by the device: read-only here.</p>
      ) : (
        <SaveAttributeForm key={scope} deviceId={deviceId} scope={scope} />
      )}
    </section>
  );
}
