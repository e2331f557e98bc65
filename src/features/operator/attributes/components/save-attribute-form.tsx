import { useId } from 'react';

import { formRaw, formText } from '@/lib/form-text.ts';

import { parseValue } from '../api/parse-value.ts';
import { useSaveAttributes } from '../api/use-attribute-mutations.ts';

/** Sets one shared or server attribute; the value is JSON when it parses, else text. */
export function SaveAttributeForm({
  deviceId,
  scope,
}: {
  deviceId: string;
  scope: 'SHARED' | 'SERVER';
}) {
  const id = useId();
  const save = useSaveAttributes(deviceId, scope);
  const label = scope === 'SHARED' ? 'shared' : 'server';
  return (
    <form
      aria-label={`Set a ${label} attribute`}
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const key = formText(form, 'key');
        save.mutate({ [key]: parseValue(formRaw(form, 'value')) });
      }}
    >
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-key`}>Attribute key</label>
          <input id={`${id}-key`} name="key" required autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-value`}>Attribute value</label>
          <input id={`${id}-value`} name="value" required autoComplete="off" className="mono" />
        </div>
        <button type="submit" className="button" disabled={save.isPending}>
          Save {label} attribute
        </button>
      </div>
      {save.error && (
        <p className="text-danger" role="alert">
          {save.error.message}
        </p>
      )}
    </form>
  );
}
