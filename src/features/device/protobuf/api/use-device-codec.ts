import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';

import { buildDeviceCodec } from '@/lib/protobuf-device-codec.ts';
import { useProtobufDevice } from '@/lib/protobuf-device.ts';
import type { ProfileSchemaField } from '@/protocol/proto/profile-schema-defaults.ts';

export type SchemaProblems = Partial<Record<ProfileSchemaField, string>>;

/**
 * Keeps the shared codec (lib/protobuf-device.ts) built from the current schemas while Protobuf is on, so the
 * RPC, Attributes and Log panels speak it; returns the schemas that do not compile, with the parser's message.
 */
export function useDeviceCodec(): SchemaProblems {
  const { enabled, schemas } = useProtobufDevice(
    useShallow((s) => ({ enabled: s.enabled, schemas: s.schemas })),
  );
  const [problems, setProblems] = useState<SchemaProblems>({});
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    void buildDeviceCodec(schemas).then((built) => {
      if (!current) return;
      setProblems(built.problems);
      useProtobufDevice.getState().setCodec(built.codec);
    });
    return () => {
      current = false;
    };
  }, [enabled, schemas]);
  return enabled ? problems : {};
}
