import type {
  EventDto,
  PendingClientRpcDto,
  TypedValueDto,
} from '../../../src/protocol/operator-dto.ts';
import type {
  AttributesEvent,
  ClaimEvent,
  OtaEvent,
  ParsedEventTopic,
  ProvisionEvent,
  RpcEvent,
  TelemetryEvent,
} from '../../../src/protocol/operator-events.ts';

import { iso, show } from './format.ts';

const pairs = (values: readonly (TypedValueDto & { key: string })[]) =>
  values.map((v) => `${v.key}=${show(v.value)}`).join(' ');

/** One readable line per live event: time, kind, who, and what happened. */
export function eventLine(topic: ParsedEventTopic, body: unknown): string {
  const who = (body as { deviceName?: unknown }).deviceName;
  const name = typeof who === 'string' ? who : topic.scope === 'device' ? topic.deviceId : 'broker';
  return `${iso(Date.now())}  ${topic.kind.padEnd(11)} ${name}  ${summary(topic, body)}`;
}

function summary(topic: ParsedEventTopic, body: unknown): string {
  if (topic.kind === 'provision') return provisionLine(body as ProvisionEvent);
  if (topic.scope === 'broker') return (body as EventDto).message;
  switch (topic.kind) {
    case 'telemetry':
      return pairs((body as TelemetryEvent).points);
    case 'attributes': {
      const a = body as AttributesEvent;
      return a.change === 'updated'
        ? `${a.scope} ${pairs(a.values)}`
        : `${a.scope} deleted ${a.keys.join(', ')}`;
    }
    case 'rpc': {
      const r = body as RpcEvent;
      const reply = r.response === undefined ? '' : ` → ${show(r.response)}`;
      return `${r.method} #${String(r.requestId)}${r.rpcId === null ? '' : ` (${r.rpcId})`} ${r.status}${reply}`;
    }
    case 'client_rpc': {
      const p = body as PendingClientRpcDto;
      return `${p.method} ${show(p.params ?? {})} waits for an answer: iothub call clientRpc.reply '{"id":"${p.id}","response":…}'`;
    }
    case 'session':
    case 'error':
      return `${(body as EventDto).kind}: ${(body as EventDto).message}`;
    case 'claim':
      return claimLine(body as ClaimEvent);
    case 'ota':
      return otaLine(body as OtaEvent);
  }
}

function claimLine(c: ClaimEvent): string {
  switch (c.change) {
    case 'registered':
      return `registered for claiming until ${iso(c.expiresAt)}`;
    case 'claimed':
      return `claim ${c.result}${c.customerName === null ? '' : ` (customer ${c.customerName})`}`;
    case 'reclaimed':
      return `released from customer ${c.customerName ?? c.customerId}`;
  }
}

const provisionLine = (p: ProvisionEvent): string =>
  `provisioning ${p.status}${p.profileName === null ? '' : ` with profile ${p.profileName}`}${p.credentialsType === null ? '' : ` (${p.credentialsType})`}`;

function otaLine(o: OtaEvent): string {
  switch (o.change) {
    case 'assigned':
      return `${o.type} ${o.title ?? o.packageId} ${o.version ?? ''} assigned (via ${o.via})`;
    case 'unassigned':
      return `${o.type} unassigned`;
    case 'chunk':
      return `${o.type} chunk ${String(o.chunk)} served: ${String(o.bytes)} bytes at ${String(o.offset)} of ${String(o.fileSize)}`;
    case 'state':
      return `${o.type} state ${o.state}${o.error === null ? '' : `: ${o.error}`}`;
  }
}
