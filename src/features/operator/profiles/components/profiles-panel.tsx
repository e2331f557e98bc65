import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';

import { operatorKeys } from '@/domain/operator/operator-keys.ts';
import { profilesQueryOptions } from '@/domain/operator/profiles-query.ts';
import { errorMessage } from '@/lib/error-message.ts';
import { useOperator } from '@/lib/operator-context.tsx';
import { useFreshWhenShown } from '@/lib/use-fresh-when-shown.ts';

import { useProfileDeviceCounts } from '../api/get-profile-device-counts.ts';

import { ProfileForm } from './profile-form.tsx';
import { ProfilesTable } from './profiles-table.tsx';
import { ProvisionRequest } from './provision-request.tsx';

import '@/components/ui/panel-kit.css';

/** What the panel shows under the table: a form (new or edit), a provision request, or nothing. */
type Open = { kind: 'new' } | { kind: 'edit' | 'request'; profileId: string } | null;

const SHOWN_KEYS = [operatorKeys.profiles()];

/** Provisioning profiles (operator): list, create, edit, delete, and the request a device would send. */
export function ProfilesPanel() {
  const client = useOperator();
  const queryClient = useQueryClient();
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  // The tab stays mounted while hidden: ask for the profiles once the user first opens it (afresh).
  const shown = useFreshWhenShown(root, SHOWN_KEYS);
  const profiles = useQuery({ ...profilesQueryOptions(client), enabled: shown });
  const [open, setOpen] = useState<Open>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const list = profiles.data ?? [];
  const counts = useProfileDeviceCounts(client, list, shown);
  const target = open?.kind === 'new' ? undefined : list.find((p) => p.id === open?.profileId);
  const done = (message: string) => {
    setNotice(message);
    setOpen(null);
  };

  return (
    <div className="pk-panel" ref={root}>
      <section className="pk-card" aria-labelledby={`${id}-h`}>
        <h3 id={`${id}-h`}>Provisioning profiles</h3>
        <div className="pk-buttons">
          <p className="pk-muted" aria-live="polite">
            {profiles.isPending
              ? 'Loading…'
              : `${list.length} ${list.length === 1 ? 'profile' : 'profiles'}`}
          </p>
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              setNotice(null);
              setOpen({ kind: 'new' });
            }}
          >
            New profile
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={profiles.isFetching}
            onClick={() => {
              void profiles.refetch();
              void queryClient.invalidateQueries({ queryKey: operatorKeys.profileDeviceCounts() });
            }}
          >
            Refresh profiles
          </button>
        </div>
        {profiles.error && (
          <p className="text-danger" role="alert">
            Could not read the profiles: {errorMessage(profiles.error)}
          </p>
        )}
        <p role="status" className="pk-muted" aria-label="Profiles notice">
          {notice}
        </p>
        <ProfilesTable
          profiles={list}
          deviceCounts={counts}
          onEdit={(profileId) => {
            setNotice(null);
            setOpen({ kind: 'edit', profileId });
          }}
          onShowRequest={(profileId) => {
            setOpen({ kind: 'request', profileId });
          }}
          onDeleted={(name) => {
            done(`Profile ${name} deleted.`);
          }}
        />
      </section>
      {(open?.kind === 'new' || (open?.kind === 'edit' && target)) && (
        <ProfileForm
          key={open.kind === 'new' ? 'new' : open.profileId}
          {...(target ? { profile: target } : {})}
          others={list.filter((p) => p.id !== target?.id)}
          onDone={done}
          onCancel={() => {
            setOpen(null);
          }}
        />
      )}
      {open?.kind === 'request' && target && (
        <ProvisionRequest
          profile={target}
          onClose={() => {
            setOpen(null);
          }}
        />
      )}
    </div>
  );
}
