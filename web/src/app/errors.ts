import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isApiError } from './api';

/** 'body.storeIds.0' → ['storeIds', 0] (form NamePath). */
export function fieldToNamePath(field: string): (string | number)[] {
  const parts = field.split(/[.[\]]+/).filter(Boolean);
  if (parts[0] === 'body') parts.shift();
  return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/** Put an ApiError that names a field onto that form field. Returns true when it did. */
export function applyApiErrorToForm(form: FormInstance | null | undefined, e: unknown): boolean {
  if (!form || !isApiError(e) || !e.field) return false;
  const name = fieldToNamePath(e.field);
  if (name.length === 0) return false;
  try {
    form.setFields([{ name, errors: [e.message] }]);
    form.scrollToField(name);
  } catch {
    return false;
  }
  return true;
}

/**
 * Error presenter: shows the server's localized message; when a form is given and the
 * error names a field, the field shows the message too.
 */
export function useApiError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (e: unknown, form?: FormInstance | null) => {
      if (e instanceof DOMException && e.name === 'AbortError') return;
      applyApiErrorToForm(form, e);
      if (e instanceof ApiError) {
        if (e.status === 401) return; // redirected to login
        void message.error({ content: e.message, key: `api-error-${e.code}` });
      } else if (e instanceof Error) {
        void message.error(e.message || t('errors.unknown', { status: '?' }));
      } else {
        void message.error(t('errors.unknown', { status: '?' }));
      }
    },
    [message, t],
  );
}
