import { useEffect, useState, type ReactNode } from 'react';
import { App, Form, Modal } from 'antd';
import type { FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../errors';

/**
 * Modal with a vertical form. `onSubmit` receives the validated values; an ApiError that
 * names a field is shown on that field, other errors as a message.
 */
export function FormModal<V extends object>({
  open,
  title,
  form,
  initialValues,
  onSubmit,
  onClose,
  children,
  width,
  okText,
  successText,
  readOnly,
  name,
}: {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  onSubmit: (values: V) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
  width?: number;
  okText?: string;
  successText?: string;
  readOnly?: boolean;
  name?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      form.resetFields();
      if (initialValues) form.setFieldsValue(initialValues as Parameters<typeof form.setFieldsValue>[0]);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await onSubmit(values);
      void message.success(successText ?? t('common.saved'));
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      width={width ?? 560}
      onCancel={onClose}
      onOk={submit}
      okText={okText ?? t('actions.save')}
      cancelText={t('actions.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: readOnly }}
      destroyOnHidden
      mask={{ closable: false }}
    >
      <Form form={form} layout="vertical" name={name} initialValues={initialValues} disabled={readOnly} onFinish={submit} scrollToFirstError>
        {children}
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
