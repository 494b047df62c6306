import { useCallback, useEffect, useRef } from 'react';

/** Focus an enabled field or button by its id (inputs get their text selected). */
export function tryFocus(id: string): boolean {
  const el = document.getElementById(id) as HTMLInputElement | HTMLButtonElement | null;
  if (!el || el.disabled) return false;
  el.focus();
  if (el instanceof HTMLInputElement) el.select();
  return document.activeElement === el;
}

/** focusById: a field that appears or becomes enabled with this change gets the focus after React renders it. */
export function useFocusById(): (id: string) => void {
  const pendingFocus = useRef<string | null>(null);
  const focusById = useCallback((id: string) => {
    pendingFocus.current = tryFocus(id) ? null : id;
  }, []);
  useEffect(() => {
    if (pendingFocus.current && tryFocus(pendingFocus.current)) pendingFocus.current = null;
  });
  return focusById;
}
