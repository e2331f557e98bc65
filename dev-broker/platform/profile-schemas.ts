/**
 * The compiled `.proto` schemas of each profile (spec §2.3), compiled once per change of a schema's text, not
 * once per message: a schema changed while devices are connected applies to their next message.
 */
import type { ProfileSchemaField } from '../../src/protocol/proto/profile-schema-defaults.ts';
import { ProfileSchemaCache, type ProfileSchema } from '../../src/protocol/proto/profile-schema.ts';
import type { Result } from '../../src/protocol/result.ts';
import type { ProfileRecord } from '../storage/storage.ts';

const cache = new ProfileSchemaCache();

/** The compiled schema of one of a profile's four fields. Saved schemas compile (profiles-service checks). */
export function profileSchema(
  profile: ProfileRecord,
  field: ProfileSchemaField,
): Result<ProfileSchema> {
  return cache.get(`${profile.id}:${field}`, profile[field]);
}

/** Drops the compiled schemas of a deleted profile. */
export function forgetProfileSchemas(profileId: string): void {
  cache.forget(`${profileId}:`);
}
