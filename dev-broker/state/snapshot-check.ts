import { PROFILE_SCHEMA_FIELDS } from '../../src/protocol/proto/profile-schema-defaults.ts';
import { compileProfileSchema } from '../../src/protocol/proto/profile-schema.ts';
import { credentialsIdOf } from '../platform/credentials.ts';

import type { StoredState } from './snapshot-dump.ts';

/** Collects the first problem per rule and path; `unique` reports a value seen twice. */
class Problems {
  readonly list: string[] = [];

  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }

  unique<T>(items: readonly T[], path: string, field: string, valueOf: (item: T) => unknown): void {
    const seen = new Set<unknown>();
    items.forEach((item, i) => {
      const value = valueOf(item);
      if (value === null || value === undefined) return;
      if (seen.has(value))
        this.add(`${path}[${String(i)}].${field}`, `${JSON.stringify(value)} is used twice`);
      seen.add(value);
    });
  }
}

/**
 * The rules storage enforces, checked on a whole snapshot before anything is replaced, so a restore
 * that would fail half-way is refused up front: unique ids, names, credentials and provision keys;
 * every reference (profile, device, package, assignment target) pointing at something in the snapshot;
 * package bytes matching their size. Returns the problems, each led by its path; none when loadable.
 */
export function checkStoredState(state: StoredState): string[] {
  const p = new Problems();
  p.unique(state.profiles, 'profiles', 'id', (x) => x.id);
  p.unique(state.profiles, 'profiles', 'name', (x) => x.name);
  p.unique(state.profiles, 'profiles', 'provisionKey', (x) => x.provisionKey);
  p.unique(state.customers, 'customers', 'id', (x) => x.id);
  p.unique(state.customers, 'customers', 'name', (x) => x.name);
  p.unique(state.devices, 'devices', 'id', (x) => x.id);
  p.unique(state.devices, 'devices', 'name', (x) => x.name);
  p.unique(state.devices, 'devices', 'credentials', (x) => credentialsIdOf(x.credentials));
  p.unique(state.rpcs, 'rpcs', 'id', (x) => x.id);
  p.unique(state.claims, 'claims', 'deviceId', (x) => x.deviceId);
  p.unique(state.ota.packages, 'ota.packages', 'id', (x) => x.id);
  p.unique(state.ota.packages, 'ota.packages', 'title@version', (x) => `${x.title}@${x.version}`);
  p.unique(state.events, 'events', 'id', (x) => x.id);

  const profiles = new Set(state.profiles.map((x) => x.id));
  const devices = new Set(state.devices.map((x) => x.id));
  const packages = new Map(state.ota.packages.map((x) => [x.id, x]));
  const needDevice = (items: readonly { deviceId: string }[], path: string): void => {
    items.forEach((item, i) => {
      if (!devices.has(item.deviceId))
        p.add(`${path}[${String(i)}].deviceId`, `no device with id "${item.deviceId}"`);
    });
  };
  state.profiles.forEach((profile, i) => {
    for (const field of PROFILE_SCHEMA_FIELDS) {
      const compiled = compileProfileSchema(profile[field]);
      if (!compiled.ok)
        p.add(`profiles[${String(i)}].${field}`, `does not compile: ${compiled.error.message}`);
    }
  });
  state.devices.forEach((d, i) => {
    if (!profiles.has(d.profileId))
      p.add(`devices[${String(i)}].profileId`, `no profile with id "${d.profileId}"`);
  });
  needDevice(state.attributes, 'attributes');
  needDevice(state.telemetry, 'telemetry');
  needDevice(state.rpcs, 'rpcs');
  needDevice(state.claims, 'claims');
  state.ota.packages.forEach((pkg, i) => {
    const path = `ota.packages[${String(i)}]`;
    if ((pkg.url === null) === (pkg.data === null))
      p.add(path, 'a package has either a url or data (base64), not both or neither');
    if (pkg.data !== null && Buffer.byteLength(pkg.data, 'base64') !== pkg.size)
      p.add(
        `${path}.data`,
        `holds ${String(Buffer.byteLength(pkg.data, 'base64'))} bytes, size says ${String(pkg.size)}`,
      );
  });
  state.ota.assignments.forEach((a, i) => {
    const path = `ota.assignments[${String(i)}]`;
    const pkg = packages.get(a.packageId);
    if (!pkg) p.add(`${path}.packageId`, `no package with id "${a.packageId}"`);
    else if (pkg.type !== a.type) p.add(`${path}.type`, `the package is ${pkg.type}`);
    const targets = a.target.kind === 'device' ? devices : profiles;
    if (!targets.has(a.target.id))
      p.add(`${path}.target`, `no ${a.target.kind} with id "${a.target.id}"`);
  });
  p.unique(
    state.ota.assignments,
    'ota.assignments',
    'target',
    (a) => `${a.target.kind}:${a.target.id}:${a.type}`,
  );
  return p.list;
}
