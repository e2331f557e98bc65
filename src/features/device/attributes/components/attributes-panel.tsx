import { useSharedValuesOnConnect } from '../api/use-fetch-shared-on-connect.ts';

import { AttributeRequestForm } from './attribute-request-form.tsx';
import { ClientAttributesEditor } from './client-attributes-editor.tsx';
import { SharedAttributesLive } from './shared-attributes-live.tsx';
import './attributes.css';

/**
 * Attributes (spec §6): publish client attributes, request attributes, watch shared ones live (the
 * pushes reach the cache through the device push bridge, src/domain/device, whether or not this is shown).
 */
export function AttributesPanel() {
  useSharedValuesOnConnect();
  return (
    <div className="panel-grid">
      <ClientAttributesEditor />
      <SharedAttributesLive />
      <AttributeRequestForm />
    </div>
  );
}
