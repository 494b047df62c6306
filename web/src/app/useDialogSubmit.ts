import { useState } from 'react';
import { isApiError } from './api';

/** A dialog's confirm: one at a time, and the server's refusal stays in the dialog to be read. */
export function useDialogSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (action: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  /** a dialog opened again starts clean */
  const reset = () => {
    setBusy(false);
    setError(null);
  };
  return { busy, error, setError, run, reset };
}
