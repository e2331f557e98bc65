import {
  PROVISION_FAILURE,
  PROVISION_NOT_FOUND,
  decodeProvisionRequest,
  encodeProvisionResponse,
  type ProvisionDecoded,
  type ProvisionRequest,
  type ProvisionResponse,
} from '../../src/protocol/codecs/provision.ts';
import { DEVICE_TOPICS } from '../../src/protocol/topics.ts';
import type { Settings } from '../config/settings.ts';
import type { DeviceCredentials, ProfileRecord, Storage } from '../storage/storage.ts';

import type { AttributesService } from './attributes-service.ts';
import { generateToken } from './credentials.ts';
import type { DeviceSession } from './device-session.ts';
import type { DevicesService } from './devices-service.ts';

export type ProvisionOutcome =
  | { invalid: string }
  /** spec §10: key or secret missing → PUBACK, no reply, close. */
  | { closeAfterAck: string }
  | { ok: true; after: () => void };

export interface ProvisionResult {
  deviceName: string | null;
  profile: string | null;
  response: ProvisionResponse;
}

const PROVISIONED = 'provisioned';

/** Device provisioning (spec §10) from provision-only sessions. */
export class ProvisionService {
  readonly #listeners = new Set<(result: ProvisionResult) => void>();

  constructor(
    private readonly storage: Storage,
    private readonly devices: DevicesService,
    private readonly attributes: AttributesService,
    private readonly settings: () => Settings,
  ) {}

  onResult(listener: (result: ProvisionResult) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async handle(session: DeviceSession, text: string): Promise<ProvisionOutcome> {
    const decoded = decodeProvisionRequest(text);
    if (!decoded.ok) return { invalid: decoded.error.message };
    return this.handleDecoded(session, decoded.value, encodeProvisionResponse);
  }

  /** A decoded request, JSON or Protobuf (spec §2, §10); the reply is written with `encode`. */
  async handleDecoded(
    session: DeviceSession,
    decoded: ProvisionDecoded,
    encode: (response: ProvisionResponse) => string | Buffer,
  ): Promise<ProvisionOutcome> {
    if (decoded.kind === 'missingKeys') return { closeAfterAck: decoded.message };
    const request = decoded.request;
    const { response, deviceName, profile } = await this.provision(request);
    for (const listener of this.#listeners) listener({ deviceName, profile, response });
    return {
      ok: true,
      after: () => {
        void session.send(DEVICE_TOPICS.provisionResponse, encode(response));
        // spec §10: the connection closes provision.closeDelayMs after the reply, whatever the outcome
        setTimeout(() => {
          if (!session.closed) {
            session.closeReason = 'provisioning session finished (provision.closeDelayMs)';
            session.link.close();
          }
        }, this.settings().provision.closeDelayMs).unref();
      },
    };
  }

  /** Runs one request against the profiles and devices; never throws for a client mistake. */
  async provision(request: ProvisionRequest): Promise<ProvisionResult> {
    const profile = this.#profileFor(request);
    if (!profile)
      return {
        deviceName: request.deviceName ?? null,
        profile: null,
        response: PROVISION_NOT_FOUND,
      };
    const result = (
      response: ProvisionResponse,
      deviceName: string | null = request.deviceName ?? null,
    ): ProvisionResult => ({
      deviceName,
      profile: profile.name,
      response,
    });
    if (profile.provisionType === 'CHECK_PRE_PROVISIONED_DEVICES') {
      const device = request.deviceName ? this.devices.find(request.deviceName) : undefined;
      if (!device || device.profileId !== profile.id || this.#isProvisioned(device.id))
        return result(PROVISION_FAILURE);
      await this.#markProvisioned(device.id);
      return result(successOf(this.devices.getCredentials(device.id), request));
    }
    const name = request.deviceName || generateToken(20);
    if (this.devices.find(name)) return result(PROVISION_FAILURE, name);
    const credentials = credentialsOf(request);
    if (!credentials) return result(PROVISION_FAILURE, name);
    try {
      // spec §10 / §14.12: device and credentials are created together or not at all
      const { device } = await this.devices.create({
        name,
        profile: profile.id,
        gateway: request.gateway,
        credentials,
      });
      await this.#markProvisioned(device.id);
      return result(successOf(credentials, request), name);
    } catch {
      return result(PROVISION_FAILURE, name);
    }
  }

  #profileFor(request: ProvisionRequest): ProfileRecord | undefined {
    if (request.provisionDeviceKey === '' || request.provisionDeviceSecret === '') return undefined;
    const profile = this.storage.profiles.getByProvisionKey(request.provisionDeviceKey);
    if (!profile || profile.provisionType === 'DISABLED') return undefined;
    if (!profile.provisionSecret || profile.provisionSecret !== request.provisionDeviceSecret)
      return undefined;
    return profile;
  }

  #isProvisioned(deviceId: string): boolean {
    const [state] = this.attributes.get(deviceId, 'SERVER', ['provisionState']);
    return state?.value.type === 'STRING' && state.value.value === PROVISIONED;
  }

  #markProvisioned(deviceId: string): Promise<void> {
    return this.attributes.save(deviceId, 'SERVER', [
      { key: 'provisionState', value: { type: 'STRING', value: PROVISIONED } },
    ]);
  }
}

function credentialsOf(r: ProvisionRequest): DeviceCredentials | undefined {
  switch (r.credentialsType) {
    case 'ACCESS_TOKEN':
      return { type: 'ACCESS_TOKEN', token: r.token ?? generateToken() };
    case 'MQTT_BASIC':
      return {
        type: 'MQTT_BASIC',
        clientId: r.clientId ?? null,
        userName: r.username ?? null,
        password: r.password ?? null,
      };
    case 'X509_CERTIFICATE':
      return r.hash ? { type: 'X509_CERTIFICATE', certificate: r.hash } : undefined;
  }
}

function successOf(credentials: DeviceCredentials, request: ProvisionRequest): ProvisionResponse {
  switch (credentials.type) {
    case 'ACCESS_TOKEN':
      return {
        status: 'SUCCESS',
        credentialsType: 'ACCESS_TOKEN',
        credentialsValue: credentials.token,
      };
    case 'X509_CERTIFICATE':
      return {
        status: 'SUCCESS',
        credentialsType: 'X509_CERTIFICATE',
        credentialsValue: credentials.certificate,
      };
    case 'MQTT_BASIC':
      return {
        status: 'SUCCESS',
        credentialsType: 'MQTT_BASIC',
        credentialsValue: {
          clientId: credentials.clientId ?? request.clientId ?? '',
          userName: credentials.userName ?? request.username ?? '',
          password: credentials.password ?? request.password ?? '',
        },
      };
  }
}
