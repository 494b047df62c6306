import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { Alert, App, Button, Col, DatePicker, Flex, Form, Input, InputNumber, Modal, Radio, Result, Row, Select, Space, Typography } from 'antd';
import { CopyOutlined, PrinterOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, isApiError } from '../../app/api';
import { useMe } from '../../app/auth';
import { ScanMarks } from '../../app/components/ScanMarks';
import { fieldToNamePath, useApiError } from '../../app/errors';
import { useAllStores, useMemberLevels } from '../../app/lookups';
import { MEMBERS_KEY } from '../../app/members';
import { useDebounced } from '../../app/useDebounced';
import { useIdempotentSubmit } from '../../app/useIdempotentSubmit';
import { usePrint } from '../../app/usePrint';
import { formatNumber } from '../../app/format';
import {
  COUPONS_KEY,
  NS,
  TEMPLATES_KEY,
  lastValidDay,
  useCouponTemplates,
  valueText,
  type CouponTemplate,
  type IssueInput,
  type IssuePreview,
  type IssueResult,
  type IssueTarget,
} from './coupons';
import { MemberMultiSelect } from './MemberMultiSelect';
import './coupon-codes.css';

type TargetKind = IssueTarget['kind'];
interface IssueForm {
  templateId?: string;
  targetKind: TargetKind;
  memberIds?: string[];
  levelId?: string;
  storeId?: string;
  tag?: string;
  birthdayMonth?: number;
  lastVisit?: [Dayjs | null, Dayjs | null] | null;
  count?: number | null;
  perMember?: number | null;
}

const MAX_MEMBERS = 1000;
const PRINT_CLASS = 'printing-coupon-codes';
const PREVIEW_KEY = '/coupons/issue/preview';
const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

/** The request the form describes now, or null while it is incomplete. */
function bodyOf(v: Partial<IssueForm>, fixedMemberId: string | undefined): IssueInput | null {
  if (!v.templateId) return null;
  const perMember = v.perMember ?? 1;
  if (!Number.isInteger(perMember) || perMember < 1 || perMember > 10) return null;
  if (fixedMemberId) return { templateId: v.templateId, target: { kind: 'members', memberIds: [fixedMemberId] }, perMember };
  switch (v.targetKind) {
    case 'members':
      if (!v.memberIds?.length || v.memberIds.length > MAX_MEMBERS) return null;
      return { templateId: v.templateId, target: { kind: 'members', memberIds: v.memberIds }, perMember };
    case 'filter': {
      const tag = v.tag?.trim();
      const target: IssueTarget = {
        kind: 'filter',
        levelId: v.levelId || undefined,
        storeId: v.storeId || undefined,
        tag: tag || undefined,
        birthdayMonth: v.birthdayMonth || undefined,
        lastVisitFrom: day(v.lastVisit?.[0]),
        lastVisitTo: day(v.lastVisit?.[1]),
      };
      return { templateId: v.templateId, target, perMember };
    }
    case 'codes':
      if (!v.count || !Number.isInteger(v.count) || v.count < 1 || v.count > 10_000) return null;
      return { templateId: v.templateId, target: { kind: 'codes', count: v.count }, perMember: 1 };
    default:
      return null;
  }
}

/** An API field of the issue request → the dialog's form field. */
function formField(field: string): keyof IssueForm | null {
  const path = fieldToNamePath(field);
  if (path[0] === 'templateId' || path[0] === 'perMember') return path[0];
  if (path[0] !== 'target') return null;
  const f = String(path[1] ?? '');
  if (f === 'lastVisitFrom' || f === 'lastVisitTo') return 'lastVisit';
  const fields: (keyof IssueForm)[] = ['memberIds', 'levelId', 'storeId', 'tag', 'birthdayMonth', 'count'];
  return fields.find((x) => x === f) ?? null;
}

/** The codes laid out on A4 for cutting: rendered outside the app, shown only while printing. */
function CodesSheet({ codes, template }: { codes: string[]; template: CouponTemplate }) {
  const { t } = useTranslation(NS);
  const me = useMe();
  const value = valueText(t, template);
  const until = lastValidDay(template.validity);
  return createPortal(
    <div className="coupon-codes-print" data-testid="coupon-codes-sheet">
      {codes.map((c) => (
        <div key={c} className="coupon-codes-card">
          <div className="coupon-codes-merchant">{me.merchant.name}</div>
          <div className="coupon-codes-name">{template.name}</div>
          <div className="coupon-codes-value">{value}</div>
          <ScanMarks value={c} height={36} testId={`coupon-qr-${c}`} />
          <div className="coupon-codes-code">{c}</div>
          <div className="coupon-codes-foot">
            {t('issue.sheetValid', { day: until })} · {t('issue.sheetHint')}
          </div>
        </div>
      ))}
    </div>,
    document.body,
  );
}

function IssueResultView({ result, template, onAgain }: { result: IssueResult; template: CouponTemplate | undefined; onAgain: () => void }) {
  const { t } = useTranslation(NS);
  const { message } = App.useApp();
  const print = usePrint(PRINT_CLASS);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(result.codes.join('\n'));
      void message.success(t('issue.copied', { count: result.codes.length }));
    } catch {
      /* clipboard needs a secure context; the codes are on screen to select */
    }
  };
  const codes = result.codes.length > 0;
  return (
    <div data-testid="coupon-issue-result">
      <Result
        status={result.issued > 0 ? 'success' : 'warning'}
        style={{ padding: '16px 0' }}
        title={result.issued > 0 ? t('issue.done') : t('issue.noneIssued')}
        subTitle={
          <Space orientation="vertical" size={2}>
            <span data-testid="coupon-issue-result-text">
              {codes ? t('issue.doneCodes', { issued: formatNumber(result.issued) }) : t('issue.doneText', { issued: formatNumber(result.issued), members: formatNumber(result.members - result.skippedAtLimit) })}
            </span>
            {result.skippedAtLimit > 0 ? (
              <Typography.Text type="warning" data-testid="coupon-issue-skipped">
                {t('issue.skipped', { count: result.skippedAtLimit })}
              </Typography.Text>
            ) : null}
          </Space>
        }
        extra={
          <Space wrap>
            {codes ? (
              <>
                <Button type="primary" icon={<PrinterOutlined />} onClick={print} data-testid="coupon-codes-print">
                  {t('issue.print')}
                </Button>
                <Button icon={<CopyOutlined />} onClick={() => void copy()}>
                  {t('issue.copy')}
                </Button>
              </>
            ) : null}
            <Button onClick={onAgain} data-testid="coupon-issue-again">
              {t('issue.again')}
            </Button>
          </Space>
        }
      />
      {codes ? (
        <div className="coupon-codes-grid" data-testid="coupon-codes">
          {result.codes.map((c) => (
            <span key={c} className="coupon-codes-screen">
              {c}
            </span>
          ))}
        </div>
      ) : null}
      {codes && template ? <CodesSheet codes={result.codes} template={template} /> : null}
    </div>
  );
}

/**
 * 发券: a template to chosen members, to every member matching a filter, or as N printable codes.
 * The count is previewed before confirming; one confirmation carries one Idempotency-Key, so a
 * double click or a retry after a lost answer issues once. With `member` it issues to that member.
 */
export function IssueDialog({
  open,
  template: fixedTemplate,
  member,
  onClose,
}: {
  open: boolean;
  template?: CouponTemplate;
  member?: { id: string; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation([NS, 'common']);
  const qc = useQueryClient();
  const showError = useApiError();
  const [form] = Form.useForm<IssueForm>();
  const templates = useCouponTemplates('active', open);
  const levels = useMemberLevels(open && !member);
  const { stores } = useAllStores();
  const { submitting, uncertain, locked, send, discard } = useIdempotentSubmit();
  const [result, setResult] = useState<IssueResult | null>(null);

  const start = () => {
    // counts and what is left changed with any issue: preview afresh
    qc.removeQueries({ queryKey: [PREVIEW_KEY] });
    discard();
    setResult(null);
    form.resetFields();
    form.setFieldsValue({ templateId: fixedTemplate?.id, targetKind: 'members', perMember: 1, count: 10, memberIds: [] });
  };
  useEffect(() => {
    if (open) start();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, fixedTemplate?.id, member?.id]);

  const watched = Form.useWatch([], form) as Partial<IssueForm> | undefined;
  const targetKind = watched?.targetKind ?? 'members';
  const body = bodyOf(watched ?? {}, member?.id);
  const typed = body ? JSON.stringify(body) : '';
  const debounced = useDebounced(typed, 350);
  const preview = useQuery({
    queryKey: [PREVIEW_KEY, debounced],
    queryFn: ({ signal }) => api.post<IssuePreview>('/coupons/issue/preview', JSON.parse(debounced) as IssueInput, { signal }),
    enabled: open && !!debounced && !result,
    retry: false,
    gcTime: 0,
  });
  // the preview shown belongs to exactly what the form says now
  const current = preview.data && debounced === typed ? preview.data : null;
  const template = fixedTemplate ?? templates.data?.find((x) => x.id === watched?.templateId);
  const notEnough = !!current && current.left !== null && current.coupons > current.left;
  const canConfirm = uncertain || (!!current && current.coupons > 0 && !notEnough);

  const previewText = (p: IssuePreview) =>
    (targetKind === 'codes' && !member ? t('issue.previewCodes', { coupons: formatNumber(p.coupons) }) : t('issue.preview', { members: formatNumber(p.members), coupons: formatNumber(p.coupons) })) +
    (p.left === null ? t('issue.leftUnlimited') : t('issue.left', { left: formatNumber(p.left) }));

  const confirm = async () => {
    if (!uncertain) {
      try {
        await form.validateFields();
      } catch {
        return;
      }
    }
    const r = await send(
      () => bodyOf(form.getFieldsValue(true) as IssueForm, member?.id),
      (b, key) => api.post<IssueResult>('/coupons/issue', b, { headers: { 'Idempotency-Key': key } }),
    );
    if (!r) return;
    if (r.ok) {
      setResult(r.answer);
      qc.removeQueries({ queryKey: [PREVIEW_KEY] });
      void qc.invalidateQueries({ queryKey: [COUPONS_KEY] });
      void qc.invalidateQueries({ queryKey: [TEMPLATES_KEY] });
      void qc.invalidateQueries({ queryKey: [MEMBERS_KEY] });
      return;
    }
    if (r.unknown) return; // the alert asks to send the same again
    const e = r.error;
    const f = isApiError(e) && e.field ? formField(e.field) : null;
    if (f && isApiError(e)) form.setFields([{ name: f, errors: [e.message] }]);
    showError(e);
    void preview.refetch();
  };

  const title = member ? t('issue.titleMember', { name: member.name }) : t('issue.title', { name: fixedTemplate?.name ?? '' });
  const templateOptions = (templates.data ?? []).map((x) => ({ value: x.id, label: `${x.name} · ${valueText(t, x)}` }));

  return (
    <Modal
      open={open}
      title={title}
      width={640}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        result ? (
          <Button onClick={onClose}>{t('common:actions.close')}</Button>
        ) : (
          <Flex justify="space-between" gap={8} wrap>
            <span>
              {uncertain ? (
                <Button danger onClick={discard} data-testid="coupon-issue-discard">
                  {t('issue.discard')}
                </Button>
              ) : null}
            </span>
            <Space>
              <Button onClick={onClose}>{t('common:actions.cancel')}</Button>
              <Button type="primary" loading={submitting} disabled={!canConfirm} onClick={() => void confirm()} data-testid="coupon-issue-confirm">
                {t('issue.confirm')}
              </Button>
            </Space>
          </Flex>
        )
      }
    >
      {result ? (
        <IssueResultView result={result} template={template} onAgain={start} />
      ) : (
        <Form form={form} layout="vertical" name="coupon-issue" disabled={locked} onFinish={() => void confirm()} initialValues={{ targetKind: 'members', perMember: 1, count: 10 }}>
          {fixedTemplate ? (
            <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`${fixedTemplate.name} · ${valueText(t, fixedTemplate)}`} />
          ) : null}
          <Form.Item name="templateId" label={t('issue.template')} hidden={!!fixedTemplate} rules={[{ required: true, message: t('issue.templatePlaceholder') }]}>
            <Select
              data-testid="coupon-issue-template"
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('issue.templatePlaceholder')}
              loading={templates.isPending}
              options={templateOptions}
              notFoundContent={t('issue.noTemplates')}
            />
          </Form.Item>
          {member ? null : (
            <Form.Item name="targetKind" label={t('issue.target')}>
              <Radio.Group
                data-testid="coupon-issue-target"
                optionType="button"
                options={(['members', 'filter', 'codes'] as const).map((k) => ({ value: k, label: t(`issue.targets.${k}`) }))}
              />
            </Form.Item>
          )}
          {!member && targetKind === 'members' ? (
            <Form.Item
              name="memberIds"
              label={t('issue.members')}
              rules={[
                { required: true, type: 'array', min: 1, message: t('issue.membersRequired') },
                { type: 'array', max: MAX_MEMBERS, message: t('issue.membersMax', { max: MAX_MEMBERS }) },
              ]}
            >
              <MemberMultiSelect testId="coupon-issue-members" max={MAX_MEMBERS} />
            </Form.Item>
          ) : null}
          {!member && targetKind === 'filter' ? (
            <>
              <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
                {t('issue.filterHelp')}
              </Typography.Paragraph>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="levelId" label={t('issue.level')}>
                    <Select allowClear placeholder={t('issue.allLevels')} data-testid="coupon-issue-level" options={[...(levels.data ?? [])].sort((a, b) => a.rank - b.rank).map((l) => ({ value: l.id, label: l.name }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="storeId" label={t('issue.store')}>
                    <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('issue.allStores')} options={stores.map((s) => ({ value: s.id, label: s.name }))} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="tag" label={t('issue.tag')} rules={[{ max: 20, message: t('common:validation.maxLength', { field: t('issue.tag'), max: 20 }) }]}>
                    <Input allowClear maxLength={20} placeholder={t('issue.tagPlaceholder')} />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="birthdayMonth" label={t('issue.birthdayMonth')}>
                    <Select allowClear placeholder={t('issue.anyMonth')} options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: t('issue.month', { month: i + 1 }) }))} />
                  </Form.Item>
                </Col>
                <Col span={24}>
                  <Form.Item name="lastVisit" label={t('issue.lastVisit')}>
                    <DatePicker.RangePicker style={{ width: '100%' }} allowEmpty={[true, true]} placeholder={[t('issue.lastVisitFrom'), t('issue.lastVisitTo')]} />
                  </Form.Item>
                </Col>
              </Row>
            </>
          ) : null}
          {!member && targetKind === 'codes' ? (
            <Form.Item name="count" label={t('issue.count')} rules={[{ required: true, type: 'number', min: 1, max: 10_000, message: t('issue.count') }]}>
              <InputNumber min={1} max={10_000} precision={0} suffix={t('issue.countUnit')} style={{ width: 200 }} data-testid="coupon-issue-count" />
            </Form.Item>
          ) : (
            <Form.Item name="perMember" label={t('issue.perMember')} rules={[{ required: true, type: 'number', min: 1, max: 10, message: t('issue.perMember') }]}>
              <InputNumber min={1} max={10} precision={0} suffix={t('issue.perMemberUnit')} style={{ width: 200 }} data-testid="coupon-issue-per-member" />
            </Form.Item>
          )}
          {template?.perMemberLimit && targetKind !== 'codes' ? (
            <Typography.Paragraph type="secondary">{t('issue.limitNote', { limit: template.perMemberLimit })}</Typography.Paragraph>
          ) : null}
          {uncertain ? (
            <Alert type="warning" showIcon title={t('issue.uncertain')} data-testid="coupon-issue-uncertain" />
          ) : body ? (
            <Alert
              data-testid="coupon-issue-preview"
              type={notEnough || (current && current.coupons === 0) ? 'warning' : 'info'}
              showIcon
              title={
                current ? (current.members === 0 && targetKind !== 'codes' ? t('issue.noMembers') : previewText(current)) : preview.isError ? (preview.error as Error).message : t('issue.previewing')
              }
              description={notEnough ? t('issue.notEnough') : undefined}
            />
          ) : null}
          <button type="submit" hidden />
        </Form>
      )}
    </Modal>
  );
}
