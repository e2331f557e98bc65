import { GeneratorList } from './generator-list.tsx';
import { TelemetryEditor } from './telemetry-editor.tsx';
import './telemetry.css';

/** Telemetry (spec §5): a checked editor for one message, and generators for many. */
export function TelemetryPanel() {
  return (
    <div className="panel-grid">
      <TelemetryEditor />
      <GeneratorList />
    </div>
  );
}
