import { useEffect, useRef } from 'react';

/** `key` (e.g. F9) anywhere on the page runs the latest `action`; a held key runs it once. */
export function useHotkey(key: string, action: () => void) {
  const latest = useRef(action);
  useEffect(() => {
    latest.current = action;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== key) return;
      e.preventDefault();
      e.stopPropagation();
      if (!e.repeat) latest.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [key]);
}
