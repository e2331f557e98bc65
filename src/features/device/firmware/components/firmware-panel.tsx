import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';

import { errorMessage } from '@/lib/error-message.ts';
import { useDevicePart, useSessionStatus } from '@/lib/session-context.tsx';
import { useShownOnce } from '@/lib/use-shown.ts';

import { otaAttributeRequestsPart, otaAttributesOptions } from '../api/get-ota-attributes.ts';
import { OTA_KINDS, otaPackageOf } from '../api/ota-package.ts';

import { OtaSection } from './ota-section.tsx';

import '@/components/ui/panel-kit.css';

/**
 * Firmware and software OTA (spec §11): the packages announced by shared attributes (requested on
 * connect, then kept current by pushes), and a download that reports its state as real firmware does.
 */
export function FirmwarePanel() {
  const requests = useDevicePart(otaAttributeRequestsPart);
  const connectSeq = useSessionStatus((s) => s.connectSeq);
  const connected = useSessionStatus(
    (s) => s.status === 'connected' && s.credentialKind !== 'provision',
  );
  const root = useRef<HTMLDivElement>(null);
  // The tab stays mounted while hidden: ask for the assignments once the user first opens it.
  const shown = useShownOnce(root);
  const attributes = useQuery(otaAttributesOptions(requests, connectSeq, connected && shown));

  const values = attributes.data ?? {};
  return (
    <div className="pk-panel" ref={root}>
      <div className="pk-buttons" aria-live="polite">
        <span className="pk-muted">
          {!connected
            ? 'Connect as a device to see its firmware and software assignments.'
            : attributes.isFetching
              ? 'Asking the platform for the fw_* and sw_* shared attributes…'
              : attributes.isError
                ? `Could not read the assignments: ${errorMessage(attributes.error)}`
                : 'Assignments from the fw_* and sw_* shared attributes; updates arrive live.'}
        </span>
        <button
          type="button"
          className="button button--secondary pk-small-button"
          disabled={!connected || attributes.isFetching}
          onClick={() => {
            void attributes.refetch();
          }}
        >
          Request again
        </button>
      </div>
      <div className="pk-grid">
        {OTA_KINDS.map((kind) => (
          <OtaSection key={kind} kind={kind} pkg={otaPackageOf(values, kind)} />
        ))}
      </div>
    </div>
  );
}
