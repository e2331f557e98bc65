import { randomUUID } from 'node:crypto';

import {
  DEFAULT_PROTO_PROFILE_SETTINGS,
  PROFILE_SCHEMA_FIELDS,
  SCHEMA_LABELS,
} from '../../src/protocol/proto/profile-schema-defaults.ts';
import { compileProfileSchema } from '../../src/protocol/proto/profile-schema.ts';
import { StorageError, type ProfileRecord, type Storage } from '../storage/storage.ts';

import { HubError, invalid, notFound } from './errors.ts';
import { forgetProfileSchemas } from './profile-schemas.ts';

/** What a caller may set; an undefined field keeps its default (create) or current value (update). */
export type ProfileInput = {
  [K in keyof Omit<ProfileRecord, 'id' | 'createdAt' | 'isDefault'>]?: ProfileRecord[K] | undefined;
} & { name: string };

export const DEFAULT_PROFILE = 'default';

/**
 * Device profiles (spec §0): payload type, ack-on-validation-error, provisioning, and the Protobuf schemas and
 * switches (spec §2.3, the reference's defaults when not given).
 */
export class ProfilesService {
  constructor(private readonly storage: Storage) {}

  /** Creates the `default` profile when missing. */
  async ensureDefault(): Promise<ProfileRecord> {
    const existing = this.storage.profiles.getByName(DEFAULT_PROFILE);
    if (existing) return existing;
    return this.create({ name: DEFAULT_PROFILE }, true);
  }

  list(): ProfileRecord[] {
    return this.storage.profiles.list();
  }

  get(id: string): ProfileRecord {
    const profile = this.storage.profiles.get(id) ?? this.storage.profiles.getByName(id);
    if (!profile) throw notFound(`profile ${id}`);
    return profile;
  }

  findByName(name: string): ProfileRecord | undefined {
    return this.storage.profiles.getByName(name);
  }

  async create(input: ProfileInput, isDefault = false): Promise<ProfileRecord> {
    if (input.name.trim() === '') throw invalid('profile name must not be empty');
    const profile: ProfileRecord = {
      id: randomUUID(),
      name: input.name,
      payloadType: input.payloadType ?? 'JSON',
      ...DEFAULT_PROTO_PROFILE_SETTINGS,
      ...definedProtoSettings(input),
      sendAckOnValidationException: input.sendAckOnValidationException ?? false,
      provisionType: input.provisionType ?? 'DISABLED',
      provisionKey: input.provisionKey ?? null,
      provisionSecret: input.provisionSecret ?? null,
      isDefault,
      createdAt: Date.now(),
    };
    await this.#save(profile);
    return profile;
  }

  async update(id: string, patch: Partial<ProfileInput>): Promise<ProfileRecord> {
    const current = this.get(id);
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next: ProfileRecord = {
      ...current,
      ...defined,
      id: current.id,
      isDefault: current.isDefault,
    };
    await this.#save(next);
    return next;
  }

  async delete(id: string): Promise<void> {
    const profile = this.get(id);
    if (profile.isDefault)
      throw new HubError('FAILED_PRECONDITION', 'the default profile cannot be deleted');
    try {
      await this.storage.profiles.delete(profile.id);
      forgetProfileSchemas(profile.id);
    } catch (error) {
      // the store refuses (CONFLICT) a profile that devices still use
      if (error instanceof StorageError && error.code === 'CONFLICT') {
        throw new HubError('FAILED_PRECONDITION', `profile ${profile.name} still has devices`);
      }
      throw error;
    }
  }

  async #save(profile: ProfileRecord): Promise<void> {
    checkSchemas(profile);
    try {
      await this.storage.profiles.save(profile);
    } catch (error) {
      if (error instanceof StorageError && error.code === 'CONFLICT') {
        throw new HubError(
          'ALREADY_EXISTS',
          `a profile named ${profile.name} or with that provision key already exists`,
        );
      }
      throw error;
    }
  }
}

/** The Protobuf settings the input gives (undefined ones keep the defaults). */
function definedProtoSettings(input: ProfileInput): Partial<ProfileRecord> {
  const out: Partial<ProfileRecord> = {};
  for (const key of Object.keys(DEFAULT_PROTO_PROFILE_SETTINGS) as (keyof ProfileInput &
    keyof typeof DEFAULT_PROTO_PROFILE_SETTINGS)[]) {
    if (input[key] !== undefined) Object.assign(out, { [key]: input[key] });
  }
  return out;
}

/** spec §2.3: a schema that does not compile is refused with the parser's message (INVALID_ARGUMENT). */
function checkSchemas(profile: ProfileRecord): void {
  for (const field of PROFILE_SCHEMA_FIELDS) {
    const compiled = compileProfileSchema(profile[field]);
    if (!compiled.ok)
      throw invalid(`${field} (${SCHEMA_LABELS[field]}): ${compiled.error.message}`);
  }
}
