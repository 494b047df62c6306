import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from './api';
import type { Me } from './types';

export const ME_KEY = ['auth', 'me'] as const;

export async function fetchMe(): Promise<Me | null> {
  try {
    return await api.get<Me>('/auth/me', undefined, { skipAuthRedirect: true });
  } catch (e) {
    if (isApiError(e) && e.status === 401) return null;
    throw e;
  }
}

interface AuthState {
  me: Me | null;
  loading: boolean;
  error: unknown;
  /** true after an explicit logout (the login page then opens without a redirect) */
  loggedOut: boolean;
  can: (permission?: string | string[]) => boolean;
  setMe: (me: Me | null) => void;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function hasPermission(me: Me | null, permission?: string | string[]): boolean {
  if (!permission || (Array.isArray(permission) && permission.length === 0)) return !!me;
  if (!me) return false;
  if (me.isAdmin) return true;
  const list = Array.isArray(permission) ? permission : [permission];
  return list.some((p) => me.permissions.includes(p));
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 60_000, retry: false });
  const me = q.data ?? null;
  const [loggedOut, setLoggedOut] = useState(false);

  const setMe = useCallback(
    (next: Me | null) => {
      if (next) setLoggedOut(false);
      qc.setQueryData(ME_KEY, next);
    },
    [qc],
  );

  const refresh = useCallback(async () => {
    await qc.invalidateQueries({ queryKey: ME_KEY });
  }, [qc]);

  const logout = useCallback(async () => {
    setLoggedOut(true);
    try {
      await api.post('/auth/logout', {}, { skipAuthRedirect: true });
    } finally {
      qc.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, null);
    }
  }, [qc]);

  const value = useMemo<AuthState>(
    () => ({
      me,
      loading: q.isPending,
      loggedOut,
      error: q.error,
      can: (permission) => hasPermission(me, permission),
      setMe,
      refresh,
      logout,
    }),
    [me, q.isPending, q.error, loggedOut, setMe, refresh, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user; only call inside the authenticated layout. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}
