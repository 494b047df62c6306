import { useEffect } from 'react';
import { Descriptions, Form, Input, InputNumber, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../../app/api';
import type { Member } from '../../../app/members';
import { FormModal } from '../../../app/components/FormModal';
import { formatNumber } from '../../../app/format';
import { maxRule, requiredRule } from '../../../app/validators';
import { useIdempotencyKey, useRefreshMember } from './wallet';

interface AdjustForm {
  direction: 'add' | 'deduct';
  points: number | null;
  reason: string;
}

/** The API's largest amount (MAX_FEN), also the bound of a points delta. */
const MAX_POINTS = 1_000_000_000_000;

/** 积分调整: add or deduct points by hand, with a reason (a ledger entry). */
export function PointsAdjustDialog({ open, member, points, onClose }: { open: boolean; member: Member; points: number; onClose: () => void }) {
  const { t } = useTranslation(['members.detail', 'common']);
  const [form] = Form.useForm<AdjustForm>();
  const refresh = useRefreshMember();
  const idem = useIdempotencyKey();
  const direction = Form.useWatch('direction', form);
  const amount = Form.useWatch('points', form);

  useEffect(() => {
    if (open) idem.reset();
  }, [open, idem]);

  const delta = typeof amount === 'number' && amount > 0 ? (direction === 'deduct' ? -amount : amount) : 0;

  return (
    <FormModal<AdjustForm>
      open={open}
      name="points-adjust"
      title={t('wallet.adjust.title', { name: member.name })}
      form={form}
      initialValues={{ direction: 'add', points: null, reason: '' }}
      okText={t('common:actions.confirm')}
      successText={t('wallet.adjust.done')}
      onClose={onClose}
      onSubmit={async (v) => {
        const n = v.points ?? 0;
        await api.post(`/members/${member.id}/points/adjust`, { delta: v.direction === 'deduct' ? -n : n, reason: v.reason.trim() }, { headers: idem.headers() });
        idem.reset();
        await refresh();
      }}
    >
      <Form.Item name="direction" label={t('wallet.adjust.direction')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={[
            { value: 'add', label: t('wallet.adjust.add') },
            { value: 'deduct', label: t('wallet.adjust.deduct') },
          ]}
          data-testid="points-adjust-direction"
        />
      </Form.Item>
      <Form.Item
        name="points"
        label={t('wallet.adjust.points')}
        rules={[
          { required: true, message: t('common:validation.required', { field: t('wallet.adjust.points') }) },
          { type: 'integer', min: 1, max: MAX_POINTS, message: t('wallet.adjust.pointsInvalid') },
          {
            validator: (_, n: number | null) =>
              direction === 'deduct' && typeof n === 'number' && n > points ? Promise.reject(new Error(t('wallet.adjust.notEnough', { points: formatNumber(points) }))) : Promise.resolve(),
          },
        ]}
        dependencies={['direction']}
      >
        <InputNumber min={1} max={MAX_POINTS} precision={0} style={{ width: 200 }} data-testid="points-adjust-points" />
      </Form.Item>
      <Form.Item name="reason" label={t('reason')} rules={[requiredRule(t, t('reason')), maxRule(t, t('reason'), 200)]}>
        <Input.TextArea maxLength={200} autoSize={{ minRows: 2, maxRows: 4 }} data-testid="points-adjust-reason" />
      </Form.Item>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('wallet.adjust.current')}>{formatNumber(points)}</Descriptions.Item>
        <Descriptions.Item label={t('wallet.adjust.after')}>
          <Typography.Text strong type={delta < 0 ? 'danger' : undefined} data-testid="points-adjust-after">
            {formatNumber(points + delta)}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </FormModal>
  );
}
