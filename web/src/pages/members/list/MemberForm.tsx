import { useEffect, useMemo, useState } from 'react';
import { App, Button, Col, DatePicker, Divider, Drawer, Flex, Form, Input, Row, Select, Switch, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError, type Paged } from '../../../app/api';
import { useAuth, useMe } from '../../../app/auth';
import { useApiError } from '../../../app/errors';
import { useAllStores, useCardTypes, useCustomFields } from '../../../app/lookups';
import { MEMBERS_KEY, type Gender, type Member } from '../../../app/members';
import {
  CustomFieldsFormItems,
  customFieldsFromForm,
  customFieldsToForm,
  type CustomFieldFormValues,
} from '../../../app/components/CustomFieldsFormItems';
import { maxRule, nameRules, requiredRule } from '../../../app/validators';
import { CARD_NO_RE, CardNoInput } from './CardNoInput';

export const MOBILE_RE = /^1[3-9]\d{9}$/;
const ID_NUMBER_RE = /^[0-9A-Za-z]{6,32}$/;
export const GENDERS: Gender[] = ['male', 'female', 'unknown'];

interface MemberFormValues {
  name: string;
  phone: string;
  gender: Gender;
  birthday?: Dayjs | null;
  idNumber?: string;
  address?: string;
  tags?: string[];
  referrerId?: string | null;
  homeStoreId?: string;
  notes?: string;
  customFields?: CustomFieldFormValues;
  issueCard?: boolean;
  cardTypeId?: string;
  cardNo?: string;
}

/** Referrer: search members by phone, last 4 digits, card number or name. */
function ReferrerSelect({ value, onChange, excludeId }: { value?: string | null; onChange?: (v: string | null) => void; excludeId?: string }) {
  const { t } = useTranslation('members.list');
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = setTimeout(() => setDebounced(q.trim()), 300);
    return () => clearTimeout(h);
  }, [q]);
  const search = useQuery({
    queryKey: [MEMBERS_KEY, 'referrer-search', debounced],
    queryFn: ({ signal }) => api.get<Paged<Member>>('/members', { q: debounced, pageSize: 10 }, { signal }),
    enabled: debounced.length > 0,
  });
  const current = useQuery({
    queryKey: [MEMBERS_KEY, value],
    queryFn: () => api.get<Member>(`/members/${value}`),
    enabled: !!value,
    staleTime: 60_000,
  });
  const options = useMemo(() => {
    const list = (search.data?.items ?? []).filter((m) => m.id !== excludeId);
    if (current.data && !list.some((m) => m.id === current.data.id)) list.unshift(current.data);
    return list.map((m) => ({ value: m.id, label: `${m.name} ${m.phone ?? ''}`.trim() }));
  }, [search.data, current.data, excludeId]);
  return (
    <Select
      allowClear
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      placeholder={t('referrerPlaceholder')}
      loading={search.isFetching}
      notFoundContent={debounced ? t('referrerNone') : null}
      options={options}
    />
  );
}

/**
 * Register (no `member`) or edit a member in a drawer. One form for both, so registration at the
 * till and editing in the back office always ask the same things.
 */
export function MemberForm({
  open,
  member,
  onClose,
  onSaved,
}: {
  open: boolean;
  member?: Member;
  onClose: () => void;
  onSaved?: (m: Member) => void;
}) {
  const { t } = useTranslation(['members.list', 'common']);
  const me = useMe();
  const { can } = useAuth();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<MemberFormValues>();
  const [busy, setBusy] = useState(false);
  const { stores } = useAllStores();
  const fields = useCustomFields('member', open);
  const cardTypes = useCardTypes(open && !member);
  const canIssue = !member && can('members.cards.issue');
  const issueCard = Form.useWatch('issueCard', form);
  const editing = !!member;
  const phoneLocked = editing && member.masked;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (member) {
      form.setFieldsValue({
        name: member.name,
        phone: member.phone ?? '',
        gender: member.gender,
        birthday: member.birthday ? dayjs(member.birthday) : null,
        idNumber: member.idNumber ?? '',
        address: member.address,
        tags: member.tags,
        referrerId: member.referrerId,
        homeStoreId: member.homeStoreId,
        notes: member.notes,
        customFields: customFieldsToForm(member.customFields, fields.data),
      });
    } else {
      form.setFieldsValue({ gender: 'unknown', tags: [], homeStoreId: me.currentStoreId ?? undefined, issueCard: false });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, member?.id, fields.data]);

  const submit = async () => {
    let v: MemberFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const profile = {
      name: v.name.trim(),
      gender: v.gender,
      birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : null,
      address: v.address?.trim() ?? '',
      tags: (v.tags ?? []).map((x) => x.trim()).filter(Boolean),
      referrerId: v.referrerId ?? null,
      notes: v.notes?.trim() ?? '',
      customFields: customFieldsFromForm(v.customFields, fields.data),
    };
    setBusy(true);
    try {
      let saved: Member;
      if (member) {
        // masked phone / ID number are not sent back: the viewer never saw the real ones
        const body: Record<string, unknown> = { ...profile };
        if (!phoneLocked) {
          body.phone = v.phone.trim();
          body.idNumber = v.idNumber?.trim() ? v.idNumber.trim() : null;
        }
        if (v.homeStoreId) body.homeStoreId = v.homeStoreId;
        saved = await api.patch<Member>(`/members/${member.id}`, body);
      } else {
        saved = await api.post<Member>('/members', {
          ...profile,
          phone: v.phone.trim(),
          idNumber: v.idNumber?.trim() ? v.idNumber.trim() : null,
          homeStoreId: v.homeStoreId,
          // staff working at a store register at its till; HQ staff in the back office
          channel: me.currentStoreId ? 'till' : 'backoffice',
          card:
            canIssue && v.issueCard && v.cardTypeId
              ? { cardTypeId: v.cardTypeId, cardNo: v.cardNo?.trim() ? v.cardNo.trim() : undefined }
              : undefined,
        });
      }
      void message.success(member ? t('common:common.saved') : t('registered', { name: saved.name }));
      await qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
      onSaved?.(saved);
      onClose();
    } catch (e) {
      // validation of the card part names body.card.cardNo: show it on the card number input
      if (isApiError(e) && e.field && /^(body\.)?card\.(cardNo|cardTypeId)$/.test(e.field)) {
        form.setFields([{ name: e.field.endsWith('cardNo') ? 'cardNo' : 'cardTypeId', errors: [e.message] }]);
        showError(e);
      } else {
        showError(e, form);
      }
    } finally {
      setBusy(false);
    }
  };

  const storeOptions = stores.map((s) => ({ value: s.id, label: `${s.name} (${s.code})` }));

  return (
    <Drawer
      open={open}
      title={member ? t('editMember') : t('register')}
      size={720}
      onClose={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="member-form-submit">
            {member ? t('common:actions.save') : t('registerSubmit')}
          </Button>
        </Flex>
      }
    >
      <Form form={form} layout="vertical" name="member" scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="name" label={t('name')} rules={nameRules(t, t('name'))}>
              <Input maxLength={64} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('phone')}
              tooltip={phoneLocked ? t('phoneLocked') : undefined}
              rules={phoneLocked ? [] : [requiredRule(t, t('phone')), { pattern: MOBILE_RE, message: t('phoneInvalid') }]}
            >
              <Input maxLength={11} inputMode="numeric" autoComplete="off" disabled={phoneLocked} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="gender" label={t('gender')}>
              <Select options={GENDERS.map((g) => ({ value: g, label: t(`genders.${g}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="birthday" label={t('birthday')}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="idNumber"
              label={t('idNumber')}
              rules={phoneLocked ? [] : [{ pattern: ID_NUMBER_RE, message: t('idNumberInvalid') }]}
            >
              <Input maxLength={32} autoComplete="off" disabled={phoneLocked} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="homeStoreId" label={t('homeStore')} rules={[requiredRule(t, t('homeStore'), true)]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={storeOptions} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t('address')} rules={[maxRule(t, t('address'), 200)]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="tags"
              label={t('tags')}
              tooltip={t('tagsHelp')}
              rules={[
                {
                  validator: (_, v: string[] | undefined) =>
                    (v ?? []).length <= 20 && (v ?? []).every((x) => x.trim().length <= 20)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('tagsInvalid'))),
                },
              ]}
            >
              <Select mode="tags" tokenSeparators={[',', '，']} open={false} suffixIcon={null} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="referrerId" label={t('referrer')}>
              <ReferrerSelect excludeId={member?.id} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="notes" label={t('notes')} rules={[maxRule(t, t('notes'), 500)]}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
            </Form.Item>
          </Col>
        </Row>
        {(fields.data ?? []).some((f) => f.status === 'active') ? (
          <Divider titlePlacement="start" plain>
            <Typography.Text strong>{t('customSection')}</Typography.Text>
          </Divider>
        ) : null}
        <CustomFieldsFormItems fields={fields.data} />
        {canIssue ? (
          <>
            <Divider titlePlacement="start" plain>
              <Typography.Text strong>{t('cardSection')}</Typography.Text>
            </Divider>
            <Form.Item name="issueCard" label={t('issueCardToo')} valuePropName="checked">
              <Switch data-testid="member-form-issue-card" />
            </Form.Item>
            {issueCard ? (
              <Row gutter={16}>
                <Col xs={24} sm={12}>
                  <Form.Item name="cardTypeId" label={t('cardType')} rules={[requiredRule(t, t('cardType'), true)]}>
                    <Select
                      options={(cardTypes.data ?? [])
                        .filter((c) => c.status === 'active')
                        .map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item
                    name="cardNo"
                    label={t('cardNo')}
                    tooltip={t('cardNoHelp')}
                    rules={[{ pattern: CARD_NO_RE, message: t('cardNoInvalid') }]}
                  >
                    <CardNoInput data-testid="member-form-card-no" />
                  </Form.Item>
                </Col>
              </Row>
            ) : null}
          </>
        ) : null}
      </Form>
    </Drawer>
  );
}
