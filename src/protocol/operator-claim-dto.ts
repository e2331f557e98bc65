/**
 * Claiming results of the operator API (docs/operator-api.md "Claiming"). NOT part of the ThingsBoard
 * device API: they stand in for the reference platform's claim REST calls (spec §9). No DTO here ever
 * carries a claim secret.
 */
import type { DeviceDto } from './operator-dto.ts';

/** A customer: who a claimed device belongs to. */
export interface CustomerDto {
  id: string;
  name: string;
  createdAt: number;
  /** Devices that belong to the customer now. */
  deviceCount: number;
}

/** A device's claim registration as `claim.registrations` lists it (never its secret). */
export interface ClaimRegistrationDto {
  deviceId: string;
  deviceName: string;
  /** Unix ms the device registered. */
  createdAt: number;
  /** Unix ms after which a claim fails with EXPIRED. */
  expiresAt: number;
  /** Whether `expiresAt` had passed when the list was made. */
  expired: boolean;
}

/** The customer a claim or reclaim names. */
export interface CustomerRefDto {
  id: string;
  name: string | null;
}

/** `claim.claim` succeeded: the device now belongs to `customer` (created when it did not exist). */
export interface ClaimResultDto {
  result: 'SUCCESS';
  device: DeviceDto;
  customer: CustomerRefDto;
}

/** Why a claim ended in FAILURE (spec §9): in `details.reason` of the FAILED_PRECONDITION error. */
export type ClaimFailureReason = 'NO_REGISTRATION' | 'EXPIRED' | 'SECRET_MISMATCH';

/** `details` of a FAILED_PRECONDITION from `claim.claim`: the reference's FAILURE or CLAIMED result. */
export type ClaimErrorDetails =
  | { result: 'FAILURE'; reason: ClaimFailureReason }
  | { result: 'CLAIMED'; customerId: string | null; customerName: string | null };

/** `claim.reclaim`: whether the device was released, and from which customer. */
export type ReclaimResultDto =
  | { released: true; device: DeviceDto; customer: CustomerRefDto }
  | { released: false; device: DeviceDto };
