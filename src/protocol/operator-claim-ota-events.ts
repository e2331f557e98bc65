/**
 * Payloads of the operator API's `claim`, `provision` and `ota` events (docs/operator-api.md "Events").
 * NOT part of the ThingsBoard device API. None carries a claim secret or device credentials.
 */
import type { ProvisionTypeName } from './operator-dto.ts';
import type { OtaPackageTypeName } from './operator-ota-dto.ts';

interface DeviceNamed {
  deviceId: string;
  deviceName: string;
}

/** The device an OTA event is about; its name is null if it was deleted meanwhile. */
interface OtaDevice {
  deviceId: string;
  deviceName: string | null;
}

/**
 * `claim`: a device registered for claiming (`v1/devices/me/claim` or a gateway's `v1/gateway/claim`),
 * an operator's claim ended (`result` SUCCESS, FAILURE or CLAIMED), or a reclaim released the device.
 */
export type ClaimEvent =
  | (DeviceNamed & { change: 'registered'; expiresAt: number })
  | (DeviceNamed & {
      change: 'claimed';
      result: 'SUCCESS' | 'FAILURE' | 'CLAIMED';
      customerId: string | null;
      customerName: string | null;
    })
  | (DeviceNamed & { change: 'reclaimed'; customerId: string; customerName: string | null });

/**
 * `provision`: the outcome of a provisioning request (spec §10), on the provisioned device's topic
 * when one was created or provisioned (SUCCESS), else on `_broker/provision` with `deviceId` null.
 */
export interface ProvisionEvent {
  deviceId: string | null;
  /** The name asked for (or generated); null when the request named none and nothing was created. */
  deviceName: string | null;
  /** The profile the provision key matched, or null (NOT_FOUND). */
  profileName: string | null;
  provisionType: ProvisionTypeName | null;
  status: 'SUCCESS' | 'NOT_FOUND' | 'FAILURE';
  /** The kind of credentials issued on SUCCESS (never their value). */
  credentialsType: 'ACCESS_TOKEN' | 'MQTT_BASIC' | 'X509_CERTIFICATE' | null;
}

/**
 * `ota`: a package became the device's own or inherited assignment (`via` device or profile) or was
 * removed, a chunk was served on `v2/{fw|sw}/response/…`, or the device's `fw_state` / `sw_state`
 * changed (QUEUED and INITIATED from the broker, then what the device reports).
 */
export type OtaEvent =
  | (OtaDevice & {
      change: 'assigned';
      type: OtaPackageTypeName;
      packageId: string;
      title: string | null;
      version: string | null;
      via: 'device' | 'profile';
    })
  | (OtaDevice & { change: 'unassigned'; type: OtaPackageTypeName })
  | (OtaDevice & {
      change: 'chunk';
      type: OtaPackageTypeName;
      packageId: string;
      requestId: number;
      chunk: number;
      offset: number;
      bytes: number;
      fileSize: number;
    })
  | (OtaDevice & {
      change: 'state';
      type: OtaPackageTypeName;
      state: string;
      error: string | null;
      ts: number;
    });
