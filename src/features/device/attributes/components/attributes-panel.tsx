import { useSharedValuesOnConnect } from '../api/use-fetch-shared-on-connect.ts';
import { useSharedAttributePushes } from '../api/use-shared-attribute-pushes.ts';

import { AttributeRequestForm } from './attribute-request-form.tsx';
import { ClientAttributesEditor } from './client-attributes-editor.tsx';
import { SharedAttributesLive } from './shared-attributes-live.tsx';
import './attributes.css';

/** Attributes (spec §6): publish client attributes, request attributes, watch shared ones live. */
export function AttributesPanel() {
  useSharedAttributePushes();
  useSharedValuesOnConnect();
  return (
    <div className="panel-grid">
      <ClientAttributesEditor />
      <SharedAttributesLive />
      <AttributeRequestForm />
    </div>
  );
}
