import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';

import type { ConnectionProfile } from '../api/profile-link.ts';

interface ProfilesState {
  /** Saved profiles, by name; secrets included (this browser's local storage only). */
  profiles: ConnectionProfile[];
  /** Saves a profile, replacing one with the same name. */
  save: (profile: ConnectionProfile) => void;
  remove: (name: string) => void;
}

export const PROFILES_STORAGE_KEY = 'iothub.connection-profiles';

/** Connection profiles kept in localStorage. */
export const useProfilesStore = create<ProfilesState>()(
  persist(
    (set) => ({
      profiles: [],
      save: (profile) => {
        set((state) => ({
          profiles: [...state.profiles.filter((p) => p.name !== profile.name), profile].sort(
            (a, b) => a.name.localeCompare(b.name),
          ),
        }));
      },
      remove: (name) => {
        set((state) => ({ profiles: state.profiles.filter((p) => p.name !== name) }));
      },
    }),
    {
      name: PROFILES_STORAGE_KEY,
      version: 1,
      storage: createJSONStorage(() => window.localStorage),
      partialize: (state) => ({ profiles: state.profiles }),
    },
  ),
);

/** Empties the store (tests). */
export function resetProfilesStore(): void {
  useProfilesStore.setState({ profiles: [] });
}
