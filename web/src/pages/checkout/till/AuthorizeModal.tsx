import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Flex, Input, Modal, Typography } from 'antd';
import type { InputRef } from 'antd';
import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api';
import { bpToZhe, formatFen } from '../../../app/money';
import type { Authorization } from './checkout';

const AUTH_CODES = new Set(['AUTH_AUTHORIZER_INVALID', 'AUTH_AUTHORIZER_NOT_ALLOWED', 'AUTH_LOCKED', 'AUTH_RATE_LIMITED']);
/** A refusal of the manager's authorisation: the dialog keeps it (the manager can type again); anything else closes it. */
export function isAuthorizationError(e: unknown): boolean {
  return isApiError(e) && (AUTH_CODES.has(e.code) || !!e.field?.replace(/^body\./, '').startsWith('authorization'));
}

/**
 * 店长授权: a discount deeper than the cashier may give is paid only with a manager's username
 * and password, typed here. Enter moves from the name to the password, then pays; Esc cancels.
 * `onSubmit` pays and throws the server's refusal: a wrong password stays here, next to its field.
 */
export function AuthorizeModal({
  open,
  rateBp,
  totalFen,
  onSubmit,
  onClose,
}: {
  open: boolean;
  /** the deepest manual discount, as a rate */
  rateBp: number | null;
  totalFen: number | null;
  onSubmit: (auth: Authorization) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation(['checkout.till', 'common']);
  const userRef = useRef<InputRef>(null);
  const passRef = useRef<InputRef>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ username?: string; password?: string; general?: string }>({});

  useEffect(() => {
    if (!open) return;
    setUsername('');
    setPassword('');
    setErrors({});
    setBusy(false);
  }, [open]);

  const submit = async () => {
    if (busy) return;
    if (!username.trim()) {
      setErrors({ username: t('auth.usernameRequired') });
      userRef.current?.focus();
      return;
    }
    if (!password) {
      setErrors({ password: t('auth.passwordRequired') });
      passRef.current?.focus();
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      await onSubmit({ username: username.trim(), password });
    } catch (e) {
      if (!isApiError(e)) {
        setErrors({ general: String(e) });
      } else if (e.code === 'AUTH_AUTHORIZER_INVALID') {
        setErrors({ password: t('auth.wrongPassword') });
        setPassword('');
        passRef.current?.focus();
      } else if (e.code === 'AUTH_AUTHORIZER_NOT_ALLOWED') {
        setErrors({ username: t('auth.notAllowed') });
        userRef.current?.focus({ cursor: 'all' });
      } else {
        setErrors({ general: e.message });
        passRef.current?.focus();
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={
        <span>
          <SafetyCertificateOutlined style={{ marginInlineEnd: 8, color: '#d4380d' }} />
          {t('auth.title')}
        </span>
      }
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      afterOpenChange={(o) => {
        if (o) userRef.current?.focus();
      }}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose} disabled={busy}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="till-auth-ok">
            {t('auth.ok')}
            {totalFen !== null ? ` ${formatFen(totalFen)}` : ''}
          </Button>
        </Flex>
      }
      data-testid="till-auth-modal"
    >
      <Flex vertical gap={10}>
        <Alert type="warning" showIcon title={rateBp !== null && rateBp < 10_000 ? t('auth.reasonRate', { zhe: bpToZhe(rateBp) }) : t('auth.reason')} />
        <div>
          <Typography.Text>{t('auth.username')}</Typography.Text>
          <Input
            ref={userRef}
            data-testid="till-auth-username"
            prefix={<UserOutlined />}
            autoComplete="off"
            maxLength={64}
            value={username}
            disabled={busy}
            status={errors.username ? 'error' : undefined}
            onChange={(e) => {
              setUsername(e.target.value);
              if (errors.username) setErrors({ ...errors, username: undefined });
            }}
            onPressEnter={(e) => {
              e.preventDefault();
              e.stopPropagation();
              if (username.trim()) passRef.current?.focus();
            }}
          />
          {errors.username ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="till-auth-username-error">
              {errors.username}
            </Typography.Text>
          ) : null}
        </div>
        <div>
          <Typography.Text>{t('auth.password')}</Typography.Text>
          <Input.Password
            ref={passRef}
            data-testid="till-auth-password"
            prefix={<LockOutlined />}
            autoComplete="new-password"
            maxLength={128}
            value={password}
            disabled={busy}
            status={errors.password ? 'error' : undefined}
            onChange={(e) => {
              setPassword(e.target.value);
              if (errors.password) setErrors({ ...errors, password: undefined });
            }}
            onPressEnter={(e) => {
              e.preventDefault();
              e.stopPropagation();
              void submit();
            }}
          />
          {errors.password ? (
            <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="till-auth-password-error">
              {errors.password}
            </Typography.Text>
          ) : null}
        </div>
        {errors.general ? <Alert type="error" showIcon title={errors.general} data-testid="till-auth-error" /> : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('auth.hint')}
        </Typography.Text>
      </Flex>
    </Modal>
  );
}
