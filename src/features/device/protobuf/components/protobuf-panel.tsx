import { useDeviceCodec } from '../api/use-device-codec.ts';

import { ProtobufModeCard } from './protobuf-mode-card.tsx';
import { ProtobufSendCard } from './protobuf-send-card.tsx';

import './protobuf.css';

/**
 * The device side of a PROTOBUF profile (device-api.md §2.3): which schemas, JSON in and Protobuf bytes out
 * (with what the platform will store), and the codec the RPC, Attributes and Log panels use. The Protobuf code
 * is loaded only when this panel or Protobuf mode is used.
 */
export function ProtobufPanel() {
  const problems = useDeviceCodec();
  return (
    <div className="pk-panel">
      <div className="pk-grid">
        <ProtobufModeCard problems={problems} />
        <ProtobufSendCard />
      </div>
    </div>
  );
}
