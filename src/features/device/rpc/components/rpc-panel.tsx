import { useEffect } from 'react';

import { useDevicePart } from '@/lib/session-context.tsx';

import { rpcResponderPart } from '../api/rpc-responder.ts';
import { useRpcInboxStore } from '../stores/rpc-inbox-store.ts';

import { ClientRpcForm } from './client-rpc-form.tsx';
import { RpcFamilySelect } from './rpc-family-select.tsx';
import { RpcInbox } from './rpc-inbox.tsx';
import { RpcReplyEditor } from './rpc-reply-editor.tsx';
import { RpcRulesEditor } from './rpc-rules-editor.tsx';

import '@/components/ui/panel-kit.css';

/**
 * RPC both ways: the inbox of platform → device requests with a reply editor and auto-responder
 * rules (spec §7), and device → platform requests (spec §8).
 */
export function RpcPanel() {
  const responder = useDevicePart(rpcResponderPart);
  const family = useRpcInboxStore((s) => s.family);
  const subscribeError = useRpcInboxStore((s) => s.subscribeError);
  const selected = useRpcInboxStore((s) => s.entries.find((e) => e.key === s.selectedKey) ?? null);

  // The responder lives outside React (app/device-parts.ts; it keeps answering when this panel is
  // not shown); showing the panel makes it listen on the chosen family.
  useEffect(() => {
    responder.listen(family);
  }, [responder, family]);

  return (
    <div className="pk-panel">
      <RpcFamilySelect
        family={family}
        subscribeError={subscribeError}
        onChange={(next) => {
          responder.listen(next);
        }}
      />
      <div className="pk-grid pk-grid--wide">
        <section className="pk-card" aria-labelledby="rpc-inbox-heading">
          <h3 id="rpc-inbox-heading">Server-side requests</h3>
          <RpcInbox />
          {selected && <RpcReplyEditor key={selected.key} entry={selected} />}
        </section>
        <div className="pk-grid">
          <section className="pk-card" aria-labelledby="rpc-rules-heading">
            <h3 id="rpc-rules-heading">Auto-responder rules</h3>
            <RpcRulesEditor />
          </section>
          <section className="pk-card" aria-labelledby="client-rpc-heading">
            <h3 id="client-rpc-heading">Client-side RPC</h3>
            <ClientRpcForm family={family} />
          </section>
        </div>
      </div>
    </div>
  );
}
