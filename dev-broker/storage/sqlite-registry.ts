import {
  DEFAULT_ATTRIBUTES_PROTO_SCHEMA,
  DEFAULT_RPC_REQUEST_PROTO_SCHEMA,
  DEFAULT_RPC_RESPONSE_PROTO_SCHEMA,
  DEFAULT_TELEMETRY_PROTO_SCHEMA,
} from '../../src/protocol/proto/profile-schema-defaults.ts';

import { CommittedCache } from './committed-cache.ts';
import { bit, sqlLimit, type SqliteContext } from './sqlite-context.ts';
import {
  StorageError,
  type DeviceCredentials,
  type DeviceRecord,
  type DeviceStore,
  type ProfileRecord,
  type ProfileStore,
  type StoredCredentials,
} from './storage.ts';

interface ProfileRow {
  id: string;
  name: string;
  payload_type: ProfileRecord['payloadType'];
  enable_json_compatibility: number;
  telemetry_proto_schema: string | null;
  attributes_proto_schema: string | null;
  rpc_request_proto_schema: string | null;
  rpc_response_proto_schema: string | null;
  json_downlink: number;
  send_ack_on_validation_exception: number;
  provision_type: ProfileRecord['provisionType'];
  provision_key: string | null;
  provision_secret: string | null;
  is_default: number;
  created_at: number;
}

const toProfile = (r: ProfileRow): ProfileRecord => ({
  id: r.id,
  name: r.name,
  payloadType: r.payload_type,
  enableCompatibilityWithJsonPayloadFormat: r.enable_json_compatibility === 1,
  useJsonPayloadFormatForDefaultDownlinkTopics: r.json_downlink === 1,
  deviceTelemetryProtoSchema: r.telemetry_proto_schema ?? DEFAULT_TELEMETRY_PROTO_SCHEMA,
  deviceAttributesProtoSchema: r.attributes_proto_schema ?? DEFAULT_ATTRIBUTES_PROTO_SCHEMA,
  deviceRpcRequestProtoSchema: r.rpc_request_proto_schema ?? DEFAULT_RPC_REQUEST_PROTO_SCHEMA,
  deviceRpcResponseProtoSchema: r.rpc_response_proto_schema ?? DEFAULT_RPC_RESPONSE_PROTO_SCHEMA,
  sendAckOnValidationException: r.send_ack_on_validation_exception === 1,
  provisionType: r.provision_type,
  provisionKey: r.provision_key,
  provisionSecret: r.provision_secret,
  isDefault: r.is_default === 1,
  createdAt: r.created_at,
});

/**
 * Profiles in the `profiles` table (unique name and provision key). `track` runs a write that changes
 * profiles from outside this store (`Storage.clear`), so the committed-row cache stays right.
 */
export function createSqliteProfiles({ db, commits }: SqliteContext): ProfileStore & {
  track<T>(write: () => Promise<T>): Promise<T>;
} {
  const select = 'SELECT * FROM profiles';
  const q = {
    list: db.prepare<[], ProfileRow>(`${select} ORDER BY created_at, id`),
    get: db.prepare<[string], ProfileRow>(`${select} WHERE id = ?`),
    byName: db.prepare<[string], ProfileRow>(`${select} WHERE name = ?`),
    byKey: db.prepare<[string], ProfileRow>(`${select} WHERE provision_key = ?`),
    inUse: db
      .prepare<[string], number>('SELECT 1 FROM devices WHERE profile_id = ? LIMIT 1')
      .pluck(),
    upsert: db.prepare(`
      INSERT INTO profiles (id, name, payload_type, send_ack_on_validation_exception, provision_type,
        provision_key, provision_secret, is_default, created_at, enable_json_compatibility, json_downlink,
        telemetry_proto_schema, attributes_proto_schema, rpc_request_proto_schema, rpc_response_proto_schema)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, payload_type = excluded.payload_type,
        enable_json_compatibility = excluded.enable_json_compatibility,
        json_downlink = excluded.json_downlink,
        telemetry_proto_schema = excluded.telemetry_proto_schema,
        attributes_proto_schema = excluded.attributes_proto_schema,
        rpc_request_proto_schema = excluded.rpc_request_proto_schema,
        rpc_response_proto_schema = excluded.rpc_response_proto_schema,
        send_ack_on_validation_exception = excluded.send_ack_on_validation_exception,
        provision_type = excluded.provision_type, provision_key = excluded.provision_key,
        provision_secret = excluded.provision_secret, is_default = excluded.is_default,
        created_at = excluded.created_at`),
    delete: db.prepare<[string]>('DELETE FROM profiles WHERE id = ?'),
  };
  const one = (row: ProfileRow | undefined): ProfileRecord | undefined => row && toProfile(row);
  const byId = new CommittedCache((id) => one(q.get.get(id)));

  return {
    list: () => q.list.all().map(toProfile),
    get: (id) => byId.get(id),
    getByName: (name) => one(q.byName.get(name)),
    getByProvisionKey: (key) => one(q.byKey.get(key)),
    save: (p) =>
      byId.track(() =>
        commits.write(() => {
          q.upsert.run(
            p.id,
            p.name,
            p.payloadType,
            bit(p.sendAckOnValidationException),
            p.provisionType,
            p.provisionKey,
            p.provisionSecret,
            bit(p.isDefault),
            p.createdAt,
            bit(p.enableCompatibilityWithJsonPayloadFormat),
            bit(p.useJsonPayloadFormatForDefaultDownlinkTopics),
            p.deviceTelemetryProtoSchema,
            p.deviceAttributesProtoSchema,
            p.deviceRpcRequestProtoSchema,
            p.deviceRpcResponseProtoSchema,
          );
        }),
      ),
    delete: (id) =>
      byId.track(() =>
        commits.write(() => {
          if (q.inUse.get(id) !== undefined)
            throw new StorageError('CONFLICT', `profile ${id} is used by a device`);
          return q.delete.run(id).changes > 0;
        }),
      ),
    track: (write) => byId.track(write),
  };
}

interface DeviceRow {
  id: string;
  name: string;
  profile_id: string;
  type: string;
  gateway: number;
  customer_id: string | null;
  created_at: number;
}

interface CredentialsRow {
  device_id: string;
  credentials_id: string;
  type: DeviceCredentials['type'];
  token: string | null;
  client_id: string | null;
  user_name: string | null;
  password: string | null;
  certificate: string | null;
}

const toDevice = (r: DeviceRow): DeviceRecord => ({
  id: r.id,
  name: r.name,
  profileId: r.profile_id,
  type: r.type,
  gateway: r.gateway === 1,
  customerId: r.customer_id,
  createdAt: r.created_at,
});

function toCredentials(r: CredentialsRow): StoredCredentials {
  const base = { deviceId: r.device_id, credentialsId: r.credentials_id };
  switch (r.type) {
    case 'ACCESS_TOKEN':
      return { ...base, credentials: { type: r.type, token: r.token ?? '' } };
    case 'MQTT_BASIC':
      return {
        ...base,
        credentials: {
          type: r.type,
          clientId: r.client_id,
          userName: r.user_name,
          password: r.password,
        },
      };
    case 'X509_CERTIFICATE':
      return { ...base, credentials: { type: r.type, certificate: r.certificate ?? '' } };
  }
}

/** Credential columns in bind order: type, token, client_id, user_name, password, certificate. */
function credentialColumns(c: DeviceCredentials): unknown[] {
  switch (c.type) {
    case 'ACCESS_TOKEN':
      return [c.type, c.token, null, null, null, null];
    case 'MQTT_BASIC':
      return [c.type, null, c.clientId, c.userName, c.password, null];
    case 'X509_CERTIFICATE':
      return [c.type, null, null, null, null, c.certificate];
  }
}

/** Devices and their credentials; deleting a device cascades through the foreign keys. */
export function createSqliteDevices({ db, commits, requireDevice }: SqliteContext): DeviceStore {
  // js_lower is registered at open: Unicode lower case, like the memory adapter's toLowerCase().
  const match = '(@needle IS NULL OR instr(js_lower(name), @needle) > 0)';
  const q = {
    get: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?'),
    byName: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE name = ?'),
    page: db.prepare<[{ needle: string | null; limit: number; offset: number }], DeviceRow>(
      `SELECT * FROM devices WHERE ${match} ORDER BY created_at, id LIMIT @limit OFFSET @offset`,
    ),
    count: db
      .prepare<[{ needle: string | null }], number>(`SELECT count(*) FROM devices WHERE ${match}`)
      .pluck(),
    profileExists: db.prepare<[string], number>('SELECT 1 FROM profiles WHERE id = ?').pluck(),
    insert: db.prepare(
      'INSERT INTO devices (id, name, profile_id, type, gateway, customer_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    update: db.prepare(
      'UPDATE devices SET name = ?, profile_id = ?, type = ?, gateway = ?, customer_id = ? WHERE id = ?',
    ),
    delete: db.prepare<[string]>('DELETE FROM devices WHERE id = ?'),
    credentials: db.prepare<[string], CredentialsRow>(
      'SELECT * FROM credentials WHERE device_id = ?',
    ),
    findCredentials: db.prepare<[string], CredentialsRow>(
      'SELECT * FROM credentials WHERE credentials_id = ?',
    ),
    putCredentials: db.prepare(`
      INSERT INTO credentials (device_id, credentials_id, type, token, client_id, user_name, password, certificate)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (device_id) DO UPDATE SET credentials_id = excluded.credentials_id, type = excluded.type,
        token = excluded.token, client_id = excluded.client_id, user_name = excluded.user_name,
        password = excluded.password, certificate = excluded.certificate`),
  };
  const requireProfile = (profileId: string): void => {
    if (q.profileExists.get(profileId) === undefined) {
      throw new StorageError('NOT_FOUND', `profile ${profileId} does not exist`);
    }
  };
  const putCredentials = (deviceId: string, c: StoredCredentials): void => {
    q.putCredentials.run(deviceId, c.credentialsId, ...credentialColumns(c.credentials));
  };

  return {
    get: (id) => {
      const row = q.get.get(id);
      return row && toDevice(row);
    },
    getByName: (name) => {
      const row = q.byName.get(name);
      return row && toDevice(row);
    },
    list: (query = {}) => {
      const needle = query.nameContains === undefined ? null : query.nameContains.toLowerCase();
      const offset = Math.max(0, Math.floor(query.offset ?? 0));
      const items = q.page.all({ needle, limit: sqlLimit(query.limit), offset }).map(toDevice);
      return { items, total: q.count.get({ needle }) ?? 0 };
    },
    create: (d, credentials) =>
      commits.write(() => {
        requireProfile(d.profileId);
        q.insert.run(d.id, d.name, d.profileId, d.type, bit(d.gateway), d.customerId, d.createdAt);
        putCredentials(d.id, credentials);
      }),
    update: (d) =>
      commits.write(() => {
        requireProfile(d.profileId);
        const changed = q.update.run(
          d.name,
          d.profileId,
          d.type,
          bit(d.gateway),
          d.customerId,
          d.id,
        ).changes;
        if (changed === 0) throw new StorageError('NOT_FOUND', `device ${d.id} does not exist`);
      }),
    delete: (id) => commits.write(() => q.delete.run(id).changes > 0),
    getCredentials: (deviceId) => {
      const row = q.credentials.get(deviceId);
      return row && toCredentials(row);
    },
    findCredentials: (credentialsId) => {
      const row = q.findCredentials.get(credentialsId);
      return row && toCredentials(row);
    },
    setCredentials: (credentials) =>
      commits.write(() => {
        requireDevice(credentials.deviceId);
        putCredentials(credentials.deviceId, credentials);
      }),
  };
}
