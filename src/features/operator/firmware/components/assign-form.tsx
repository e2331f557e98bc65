import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { NameFilterField } from '@/components/ui/name-filter-field.tsx';
import { useDeviceChoices } from '@/domain/operator/device-choices-query.ts';
import { profilesQueryOptions } from '@/domain/operator/profiles-query.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import type { OtaPackageTypeName } from '@protocol/operator-ota-dto.ts';

import { packagesQueryOptions } from '../api/ota-queries.ts';
import { useAssignPackage, useUnassignPackage } from '../api/use-ota-mutations.ts';

type TargetKind = 'device' | 'profile';
const TYPE_WORD: Record<OtaPackageTypeName, string> = {
  FIRMWARE: 'firmware',
  SOFTWARE: 'software',
};

/** Assigns a package to a device or a profile (`ota.assign`), or removes its own assignment of a type. */
export function AssignForm() {
  const client = useOperator();
  const id = useId();
  const packages = useQuery(packagesQueryOptions(client));
  const [narrow, setNarrow] = useState('');
  const choices = useDeviceChoices(client, narrow);
  const devices = choices.query;
  const profiles = useQuery(profilesQueryOptions(client));
  const assign = useAssignPackage();
  const unassign = useUnassignPackage();
  const [kind, setKind] = useState<TargetKind>('device');
  const [target, setTarget] = useState('');
  const [packageId, setPackageId] = useState('');
  const names =
    kind === 'device'
      ? choices.devices.map((d) => d.name)
      : (profiles.data?.map((p) => p.name) ?? []);
  const ref = kind === 'device' ? { deviceName: target } : { profileName: target };
  const busy = assign.isPending || unassign.isPending;
  const error = assign.error ?? unassign.error;

  const unassignType = (type: OtaPackageTypeName) => {
    assign.reset();
    unassign.mutate({ type, ...ref });
  };

  return (
    <form
      className="pk-card"
      aria-labelledby={`${id}-h`}
      onSubmit={(event) => {
        event.preventDefault();
        unassign.reset();
        assign.mutate({ packageId, ...ref });
      }}
    >
      <h3 id={`${id}-h`}>Assign a package</h3>
      <div className="pk-row">
        <div className="field">
          <label htmlFor={`${id}-kind`}>Assign to</label>
          <select
            id={`${id}-kind`}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as TargetKind);
              setTarget('');
            }}
          >
            <option value="device">a device</option>
            <option value="profile">a device profile (its devices without their own)</option>
          </select>
        </div>
        {kind === 'device' && (
          <NameFilterField
            id={`${id}-narrow`}
            value={narrow}
            onChange={setNarrow}
            note={choices.note}
          />
        )}
        <div className="field">
          <label htmlFor={`${id}-target`}>
            {kind === 'device' ? 'Target device' : 'Target profile'}
          </label>
          <select
            id={`${id}-target`}
            required
            value={target}
            onChange={(e) => {
              setTarget(e.target.value);
            }}
          >
            <option value="">Choose…</option>
            {/* the chosen device stays offered when a new search leaves it out */}
            {target !== '' && !names.includes(target) && <option value={target}>{target}</option>}
            {names.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={devices.isFetching || profiles.isFetching}
          onClick={() => {
            void devices.refetch();
            void profiles.refetch();
          }}
        >
          Refresh targets
        </button>
        <div className="field">
          <label htmlFor={`${id}-package`}>Package to assign</label>
          <select
            id={`${id}-package`}
            value={packageId}
            onChange={(e) => {
              setPackageId(e.target.value);
            }}
          >
            <option value="">Choose…</option>
            {packages.data?.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title} {p.version} ({TYPE_WORD[p.type]})
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="pk-buttons">
        <button
          type="submit"
          className="button"
          disabled={busy || target === '' || packageId === ''}
        >
          Assign package
        </button>
        {(['FIRMWARE', 'SOFTWARE'] as const).map((type) => (
          <button
            key={type}
            type="button"
            className="button button--secondary"
            disabled={busy || target === ''}
            onClick={() => {
              unassignType(type);
            }}
          >
            Unassign {TYPE_WORD[type]}
          </button>
        ))}
      </div>
      <div aria-live="polite">
        {assign.data && (
          <p className="pk-note pk-note--ok" role="status" aria-label="Assignment result">
            Assigned to {assign.data.target.kind} {assign.data.target.name}: the devices get the{' '}
            <code>{assign.data.type === 'FIRMWARE' ? 'fw_*' : 'sw_*'}</code> shared attributes now.
          </p>
        )}
        {unassign.data && (
          <p className="pk-note" role="status" aria-label="Assignment result">
            {unassign.data.unassigned
              ? `Removed the ${TYPE_WORD[unassign.data.type]} assignment of ${unassign.data.target.kind} ${unassign.data.target.name ?? ''}.`
              : `${unassign.data.target.kind} ${unassign.data.target.name ?? ''} had no ${TYPE_WORD[unassign.data.type]} assignment of its own.`}
          </p>
        )}
        {error && (
          <p className="text-danger" role="alert">
            {error.message}
          </p>
        )}
      </div>
    </form>
  );
}
