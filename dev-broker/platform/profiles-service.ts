import { randomUUID } from 'node:crypto';

import { StorageError, type ProfileRecord, type Storage } from '../storage/storage.ts';

import { HubError, invalid, notFound } from './errors.ts';

export type ProfileInput = Partial<Omit<ProfileRecord, 'id' | 'createdAt' | 'isDefault'>> & {
  name: string;
};

export const DEFAULT_PROFILE = 'default';

/** Device profiles (spec §0): payload type, ack-on-validation-error, provisioning. */
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
      enableCompatibilityWithJsonPayloadFormat:
        input.enableCompatibilityWithJsonPayloadFormat ?? false,
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
    const next: ProfileRecord = {
      ...current,
      ...patch,
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
    } catch (error) {
      // the store refuses (CONFLICT) a profile that devices still use
      if (error instanceof StorageError && error.code === 'CONFLICT') {
        throw new HubError('FAILED_PRECONDITION', `profile ${profile.name} still has devices`);
      }
      throw error;
    }
  }

  async #save(profile: ProfileRecord): Promise<void> {
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
