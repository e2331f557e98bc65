import { useState } from 'react';

import { JsonField } from '@/components/ui/json-field.tsx';
import { errorMessage } from '@/lib/error-message.ts';
import { prettyJson, readJsonInput } from '@/lib/json-input.ts';
import { outboundTopic } from '@/protocol/topics.ts';

import { useReplyRpc } from '../api/use-reply-rpc.ts';
import type { InboxEntry } from '../stores/rpc-inbox-store.ts';

import { RpcStatusBadge } from './rpc-status-badge.tsx';

/** Shows one request and lets the user answer it with JSON (render with `key={entry.key}`). */
export function RpcReplyEditor({ entry }: { entry: InboxEntry }) {
  const [text, setText] = useState('{"success":true}');
  const reply = useReplyRpc();
  const input = readJsonInput(text);
  const payload = input.ok ? (input.empty ? '{}' : input.json) : null;
  const send = () => {
    if (payload === null || reply.isPending) return;
    reply.mutate({ key: entry.key, payload });
  };

  return (
    <section className="pk-card" aria-labelledby={`reply-${entry.key}`}>
      <h4 id={`reply-${entry.key}`}>
        Request {entry.requestId}: {entry.method} <RpcStatusBadge status={entry.status} />
      </h4>
      <p className="pk-muted">
        Reply topic <code>{outboundTopic.rpcResponse(entry.family, entry.requestId)}</code>
      </p>
      <pre className="pk-code" tabIndex={0} aria-label="Request params">
        {entry.paramsJson === null ? '(no params)' : prettyJson(entry.paramsJson)}
      </pre>
      {entry.note && <p className="pk-muted">{entry.note}</p>}
      {entry.reply !== undefined && (
        <p className="pk-note pk-note--ok">
          Sent <code>{entry.reply}</code>
          {typeof entry.latencyMs === 'number' && ` — PUBACK in ${entry.latencyMs} ms`}
        </p>
      )}
      <JsonField
        label="Reply (JSON)"
        value={text}
        onChange={setText}
        rows={4}
        hint="Published as the device's answer; the platform gets it as JSON. Ctrl+Enter sends."
        onSubmitShortcut={send}
      />
      <div className="pk-buttons">
        <button
          type="button"
          className="button"
          disabled={payload === null || reply.isPending}
          onClick={send}
        >
          Send reply
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setText(entry.paramsJson === null ? '{}' : prettyJson(entry.paramsJson));
          }}
        >
          Use params as reply
        </button>
      </div>
      {reply.isError && (
        <p className="pk-note pk-note--error" role="alert">
          {errorMessage(reply.error)}
        </p>
      )}
    </section>
  );
}
