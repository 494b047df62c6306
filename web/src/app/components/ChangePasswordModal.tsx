import { App, Alert, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { useAuth } from '../auth';
import { useApiError } from '../errors';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Change-password dialog; `forced` = cannot be dismissed (mustChangePassword). */
export function ChangePasswordModal({ open, forced, onClose }: { open: boolean; forced?: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { refresh, logout } = useAuth();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await api.post('/auth/change-password', { currentPassword: v.currentPassword, newPassword: v.newPassword });
      void message.success(t('password.changed'));
      form.resetFields();
      await refresh();
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
      title={forced ? t('password.forcedTitle') : t('password.title')}
      onOk={submit}
      okText={t('actions.save')}
      cancelText={forced ? t('actions.logout') : t('actions.cancel')}
      onCancel={forced ? () => void logout() : onClose}
      confirmLoading={busy}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      destroyOnHidden
    >
      {forced ? <Alert type="warning" showIcon title={t('password.forcedHint')} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" requiredMark onFinish={submit} name="change-password">
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('validation.required', { field: t('password.current') }) }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          rules={[{ required: true, message: t('validation.required', { field: t('password.new') }) }]}
          hasFeedback
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirmPassword"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          hasFeedback
          rules={[
            { required: true, message: t('validation.required', { field: t('password.confirm') }) },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('validation.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
}
