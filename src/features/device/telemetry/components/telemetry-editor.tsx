import { useId, useState } from 'react';

import { mayExceed, payloadBytes, PayloadSizeGuard } from '@/components/ui/payload-size-guard.tsx';
import { errorMessage } from '@/lib/error-message.ts';
import { useSession } from '@/lib/session-context.tsx';
import { usePayloadLimit } from '@/lib/session-limits.ts';
import { outboundTopic } from '@/protocol/topics.ts';
import type { Family } from '@/protocol/topics.ts';

import { checkTelemetry } from '../api/check-telemetry.ts';
import { TELEMETRY_EXAMPLES } from '../api/telemetry-examples.ts';
import { describePublish, usePublishTelemetry } from '../api/use-publish-telemetry.ts';

import { PublishTarget } from './publish-target.tsx';
import { TypedPreview } from './typed-preview.tsx';

/** Telemetry JSON editor: checked with the platform's rules as you type, sent as strict JSON. */
export function TelemetryEditor() {
  const id = useId();
  const [text, setText] = useState<string>(TELEMETRY_EXAMPLES[0].text);
  const [family, setFamily] = useState<Family>('v1');
  const [qos, setQos] = useState<0 | 1>(1);
  const [raw, setRaw] = useState(false);
  const [anyway, setAnyway] = useState(false);
  const publish = usePublishTelemetry();
  const limit = usePayloadLimit(useSession());
  const check = checkTelemetry(text);
  const topic = outboundTopic.telemetry(family);
  const payload = raw || !check.ok ? text : check.json;
  const bytes = payloadBytes(payload);
  // Over the broker's limit the connection would close (spec §8 maxPayloadSize): only when asked.
  const canSend = (raw || check.ok) && mayExceed(bytes, limit, anyway);

  const send = () => {
    if (!canSend) return;
    publish.mutate({ topic, payload, qos });
  };

  return (
    <section className="card panel-card" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Send telemetry</h3>
      <div className="button-row" role="group" aria-label="Examples">
        {TELEMETRY_EXAMPLES.map((example) => (
          <button
            key={example.label}
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              setText(example.text);
            }}
          >
            {example.label}
          </button>
        ))}
      </div>
      <div className="field">
        <label htmlFor={`${id}-json`}>Telemetry JSON</label>
        <textarea
          id={`${id}-json`}
          className="code-editor"
          rows={5}
          spellCheck={false}
          value={text}
          aria-invalid={!check.ok}
          aria-describedby={`${id}-check`}
          onChange={(event) => {
            setText(event.target.value);
          }}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              send();
            }
          }}
        />
      </div>
      <TypedPreview check={check} id={`${id}-check`} />
      <PayloadSizeGuard bytes={bytes} limit={limit} anyway={anyway} onAnyway={setAnyway} />
      <PublishTarget
        family={family}
        qos={qos}
        onChange={(patch) => {
          if (patch.family !== undefined) setFamily(patch.family);
          if (patch.qos !== undefined) setQos(patch.qos);
        }}
      />
      <label className="choice">
        <input
          type="checkbox"
          checked={raw}
          onChange={(event) => {
            setRaw(event.target.checked);
          }}
        />
        Send exactly as typed (no check, no conversion)
      </label>
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={!canSend || publish.isPending}
          onClick={send}
        >
          Send telemetry
        </button>
        <span className="hint mono">{topic}</span>
      </div>
      <p className="publish-result" role="status" aria-label="Telemetry result">
        {publish.isPending && 'Sending…'}
        {publish.isSuccess && describePublish(publish.data, publish.variables.qos)}
        {publish.isError && <span className="text-danger">{errorMessage(publish.error)}</span>}
      </p>
    </section>
  );
}
