import { AttributeRequestForm } from './attribute-request-form.tsx';
import { ClientAttributesEditor } from './client-attributes-editor.tsx';
import { SharedAttributesLive } from './shared-attributes-live.tsx';
import './attributes.css';

/**
 * Attributes (spec §6): publish client attributes, request attributes, watch shared ones live (the
 * pushes reach the cache through the device push bridge, src/domain/device, whether or not this is shown;
 * the current values are asked for on connect by app/device-parts.ts).
 */
export function AttributesPanel() {
  return (
    <div className="panel-grid">
      <ClientAttributesEditor />
      <SharedAttributesLive />
      <AttributeRequestForm />
    </div>
  );
}
