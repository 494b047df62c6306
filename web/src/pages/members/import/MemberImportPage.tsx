import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Col, Flex, Form, Progress, Radio, Result, Row, Select, Space, Steps, Table, Typography, Upload } from 'antd';
import type { TableColumnsType, UploadProps } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, readCookie } from '../../../app/api';
import { useApiError } from '../../../app/errors';
import { currentLang } from '../../../app/i18n';
import { useAllStores, useCustomFields } from '../../../app/lookups';
import { PageContainer } from '../../../app/components/PageContainer';

export const IMPORT_FIELDS = ['name', 'phone', 'gender', 'birthday', 'idNumber', 'address', 'tags', 'storeCode', 'levelCode', 'cardNo', 'cardTypeCode', 'notes'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
const REQUIRED: readonly ImportField[] = ['name', 'phone'];
/** standard fields → column, and custom field key → column (扩展字段) */
type Mapping = Record<ImportField, number | null> & { custom: Record<string, number | null> };
type Mode = 'all_or_nothing' | 'valid_only';

interface UploadResult {
  id: string;
  fileName: string;
  fileFormat: 'xlsx' | 'csv';
  headers: string[];
  preview: { row: number; cells: string[] }[];
  suggestedMapping: Mapping;
  totalRows: number;
}

interface RowError {
  row: number;
  field: string;
  code: string;
  message: string;
}

interface ImportStatus {
  id: string;
  status: 'uploaded' | 'validating' | 'validated' | 'importing' | 'completed' | 'failed';
  mode: Mode;
  totalRows: number;
  progress: { done: number; total: number };
  errorRows: number;
  importedRows: number;
  errors: RowError[];
  errorCount: number;
  failureCode: string | null;
}

const RUNNING = new Set<ImportStatus['status']>(['validating', 'importing']);

/** The file goes up as raw bytes (XHR, for upload progress), with the session's CSRF token. */
function uploadFile(file: File, onProgress: (percent: number) => void): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/member-imports?fileName=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', currentLang());
    const csrf = readCookie('csrf');
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () => reject(new ApiError('NETWORK_ERROR', 'network error', undefined, 0));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as UploadResult);
      const err = (body as { error?: { code: string; message: string; field?: string; details?: Record<string, unknown> } } | undefined)?.error;
      reject(new ApiError(err?.code ?? `HTTP_${xhr.status}`, err?.message ?? `HTTP ${xhr.status}`, err?.field, xhr.status, err?.details));
    };
    xhr.send(file);
  });
}

export default function MemberImportPage() {
  const { t } = useTranslation(['members.import', 'common']);
  const showError = useApiError();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { stores } = useAllStores();
  const customFields = (useCustomFields('member').data ?? []).filter((f) => f.status === 'active');
  const [step, setStep] = useState(0);
  const [upload, setUpload] = useState<UploadResult | null>(null);
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [mode, setMode] = useState<Mode>('all_or_nothing');
  const [defaultStoreId, setDefaultStoreId] = useState<string | null>(null);
  const [mappingError, setMappingError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const importId = upload?.id ?? null;
  const statusQuery = useQuery({
    queryKey: ['member-imports', importId],
    queryFn: () => api.get<ImportStatus>(`/member-imports/${importId}`),
    enabled: importId !== null && step >= 2,
    refetchInterval: (q) => (q.state.data && !RUNNING.has(q.state.data.status) ? false : 500),
  });
  const status = statusQuery.data;

  // a refused import (new conflicts found at import time) comes back as a fresh validation result
  useEffect(() => {
    if (step === 3 && status?.status === 'validated') setStep(2);
  }, [step, status?.status]);

  const reset = () => {
    setStep(0);
    setUpload(null);
    setMapping(null);
    setMode('all_or_nothing');
    setDefaultStoreId(null);
    setMappingError(null);
    setUploadPercent(null);
  };

  const customRequest: UploadProps['customRequest'] = ({ file, onError, onSuccess }) => {
    setUploadPercent(0);
    uploadFile(file as File, setUploadPercent)
      .then((result) => {
        onSuccess?.(result);
        setUpload(result);
        setMapping(result.suggestedMapping);
        setStep(1);
      })
      .catch((e: unknown) => {
        onError?.(e as Error);
        showError(e);
      })
      .finally(() => setUploadPercent(null));
  };

  const fieldLabel = (field: string) => (IMPORT_FIELDS as readonly string[]).includes(field) ? t(`fields.${field as ImportField}`) : field;

  const startValidation = async () => {
    if (!upload || !mapping) return;
    const missing = REQUIRED.find((f) => mapping[f] === null);
    if (missing) return setMappingError(t('mappingMissing', { field: fieldLabel(missing) }));
    const used = [...IMPORT_FIELDS.map((f) => mapping[f]), ...Object.values(mapping.custom)].filter((i) => i !== null);
    if (new Set(used).size !== used.length) return setMappingError(t('mappingDuplicate'));
    setMappingError(null);
    setBusy(true);
    try {
      const s = await api.post<ImportStatus>(`/member-imports/${upload.id}/validate`, { mapping, mode, defaultStoreId });
      queryClient.setQueryData(['member-imports', upload.id], s);
      setStep(2);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const startImport = async () => {
    if (!upload) return;
    setBusy(true);
    try {
      const s = await api.post<ImportStatus>(`/member-imports/${upload.id}/commit`, {});
      queryClient.setQueryData(['member-imports', upload.id], s);
      setStep(3);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const headerOptions = useMemo(
    () => (upload?.headers ?? []).map((header, i) => ({ value: i, label: t('columnOption', { header: header || '—', n: i + 1 }) })),
    [upload, t],
  );

  const errorColumns: TableColumnsType<RowError> = [
    { title: t('row'), dataIndex: 'row', width: 90 },
    { title: t('field'), dataIndex: 'field', width: 140, render: (f: string) => fieldLabel(f) },
    { title: t('message'), dataIndex: 'message' },
  ];

  const percent = status && status.progress.total > 0 ? Math.floor((status.progress.done / status.progress.total) * 100) : 0;
  const running = status ? RUNNING.has(status.status) : true;

  return (
    <PageContainer title={t('title')} subTitle={t('subtitle')}>
      <Steps
        current={step}
        style={{ marginBottom: 24 }}
        items={[{ title: t('steps.upload') }, { title: t('steps.mapping') }, { title: t('steps.validate') }, { title: t('steps.import') }]}
      />

      {step === 0 && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Upload.Dragger accept=".xlsx,.csv" multiple={false} showUploadList={false} customRequest={customRequest} disabled={uploadPercent !== null}>
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{uploadPercent !== null ? t('uploading') : t('dragger')}</p>
            <p className="ant-upload-hint">{t('draggerHint')}</p>
            {uploadPercent !== null && <Progress percent={uploadPercent} style={{ maxWidth: 360 }} />}
          </Upload.Dragger>
          <Button type="link" icon={<DownloadOutlined />} href="/api/member-imports/template.xlsx">
            {t('template')}
          </Button>
        </Space>
      )}

      {step === 1 && upload && mapping && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Alert type="info" showIcon title={t('fileRead', { fileName: upload.fileName, total: upload.totalRows })} description={t('mappingHelp')} />
          <Form layout="vertical">
            <Row gutter={16}>
              {IMPORT_FIELDS.map((field) => (
                <Col key={field} xs={24} sm={12} lg={8} xl={6}>
                  <Form.Item label={REQUIRED.includes(field) ? `${t(`fields.${field}`)}（${t('required')}）` : t(`fields.${field}`)} required={REQUIRED.includes(field)}>
                    <Select
                      allowClear
                      placeholder={t('notImported')}
                      value={mapping[field] ?? undefined}
                      options={headerOptions}
                      onChange={(v?: number) => setMapping({ ...mapping, [field]: v ?? null })}
                      data-testid={`mapping-${field}`}
                    />
                  </Form.Item>
                </Col>
              ))}
              {customFields.map((f) => (
                <Col key={`custom-${f.key}`} xs={24} sm={12} lg={8} xl={6}>
                  <Form.Item label={f.required ? `${f.label}（${t('required')}）` : f.label} tooltip={t('customFieldHelp')}>
                    <Select
                      allowClear
                      placeholder={t('notImported')}
                      value={mapping.custom[f.key] ?? undefined}
                      options={headerOptions}
                      onChange={(v?: number) => setMapping({ ...mapping, custom: { ...mapping.custom, [f.key]: v ?? null } })}
                      data-testid={`mapping-custom-${f.key}`}
                    />
                  </Form.Item>
                </Col>
              ))}
            </Row>
            <Row gutter={16}>
              <Col xs={24} lg={12}>
                <Form.Item label={t('mode')} extra={t(`modeHelp.${mode}`)}>
                  <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
                    <Radio value="all_or_nothing">{t('modes.all_or_nothing')}</Radio>
                    <Radio value="valid_only">{t('modes.valid_only')}</Radio>
                  </Radio.Group>
                </Form.Item>
              </Col>
              <Col xs={24} lg={12}>
                <Form.Item label={t('defaultStore')} extra={t('defaultStoreHelp')}>
                  <Select
                    allowClear
                    showSearch
                    optionFilterProp="label"
                    placeholder={t('defaultStorePlaceholder')}
                    value={defaultStoreId ?? undefined}
                    onChange={(v?: string) => setDefaultStoreId(v ?? null)}
                    options={stores.map((s) => ({ value: s.id, label: `${s.code} ${s.name}` }))}
                  />
                </Form.Item>
              </Col>
            </Row>
          </Form>
          {mappingError && <Alert type="error" showIcon title={mappingError} />}
          <div>
            <Typography.Title level={5}>{t('preview')}</Typography.Title>
            <Table
              size="small"
              pagination={false}
              scroll={{ x: 'max-content' }}
              rowKey="row"
              dataSource={upload.preview}
              columns={[
                { title: t('row'), dataIndex: 'row', width: 70, fixed: 'left' },
                ...upload.headers.map((h, i) => ({ title: h || `#${i + 1}`, key: String(i), render: (_: unknown, r: { cells: string[] }) => r.cells[i] })),
              ]}
            />
          </div>
          <Flex gap={8}>
            <Button onClick={reset}>{t('restart')}</Button>
            <Button type="primary" loading={busy} onClick={() => void startValidation()}>
              {t('startValidate')}
            </Button>
          </Flex>
        </Space>
      )}

      {step === 2 && upload && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {(!status || running) && (
            <div>
              <Progress percent={percent} status="active" />
              <Typography.Text type="secondary">{t('validating', { done: status?.progress.done ?? 0, total: status?.progress.total ?? upload.totalRows })}</Typography.Text>
            </div>
          )}
          {status && status.status === 'failed' && <Alert type="error" showIcon title={t('importFailed', { code: status.failureCode ?? '' })} />}
          {status && status.status === 'validated' && (
            <>
              {status.failureCode === 'IMPORT_HAS_ERRORS' && <Alert type="warning" showIcon title={t('importRefused')} />}
              {status.errorRows === 0 ? (
                <Alert type="success" showIcon title={t('validatedOk', { total: status.totalRows })} />
              ) : (
                <Alert
                  type={status.mode === 'all_or_nothing' ? 'error' : 'warning'}
                  showIcon
                  title={t('validatedErrors', { errorRows: status.errorRows, total: status.totalRows })}
                  description={status.mode === 'all_or_nothing' ? t('blockedByErrors') : t('willImport', { count: status.totalRows - status.errorRows })}
                  action={
                    <Space>
                      <Button size="small" icon={<DownloadOutlined />} href={`/api/member-imports/${upload.id}/errors.xlsx`}>
                        {t('downloadErrors')}
                      </Button>
                      <Button size="small" href={`/api/member-imports/${upload.id}/errors.csv`}>
                        {t('downloadErrorsCsv')}
                      </Button>
                    </Space>
                  }
                />
              )}
              {status.errors.length > 0 && (
                <>
                  {status.errorCount > status.errors.length && <Typography.Text type="secondary">{t('errorsShown', { shown: status.errors.length, count: status.errorCount })}</Typography.Text>}
                  <Table size="small" rowKey={(r) => `${r.row}-${r.field}-${r.code}`} columns={errorColumns} dataSource={status.errors} pagination={{ pageSize: 20, showSizeChanger: false }} />
                </>
              )}
            </>
          )}
          <Flex gap={8}>
            <Button disabled={running} onClick={() => setStep(1)}>
              {t('back')}
            </Button>
            <Button disabled={running} onClick={reset}>
              {t('restart')}
            </Button>
            <Button
              type="primary"
              loading={busy}
              disabled={!status || status.status !== 'validated' || (status.mode === 'all_or_nothing' && status.errorRows > 0) || status.errorRows >= status.totalRows}
              onClick={() => void startImport()}
            >
              {t('startImport')}
            </Button>
          </Flex>
        </Space>
      )}

      {step === 3 && upload && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {(!status || running) && (
            <div>
              <Progress percent={percent} status="active" />
              <Typography.Text type="secondary">{t('importing', { done: status?.progress.done ?? 0, total: status?.progress.total ?? upload.totalRows })}</Typography.Text>
            </div>
          )}
          {status?.status === 'completed' && (
            <Result
              status="success"
              title={t('importDone')}
              subTitle={t('importDoneDetail', { imported: status.importedRows, skipped: status.errorRows })}
              extra={[
                <Button key="members" type="primary" onClick={() => navigate('/members')}>
                  {t('viewMembers')}
                </Button>,
                <Button key="again" onClick={reset}>
                  {t('another')}
                </Button>,
                ...(status.errorRows > 0
                  ? [
                      <Button key="errors" icon={<DownloadOutlined />} href={`/api/member-imports/${upload.id}/errors.xlsx`}>
                        {t('downloadErrors')}
                      </Button>,
                    ]
                  : []),
              ]}
            />
          )}
          {status?.status === 'failed' && (
            <Result
              status="error"
              title={t('importFailed', { code: status.failureCode ?? '' })}
              extra={
                <Button type="primary" onClick={reset}>
                  {t('another')}
                </Button>
              }
            />
          )}
        </Space>
      )}
    </PageContainer>
  );
}
