import { useState } from 'react';
import { Alert, App, Button, Flex, Space, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckCircleOutlined, CloudUploadOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import i18n, { currentLang } from '../../../app/i18n';
import { ApiError, buildQuery, readCookie } from '../../../app/api';
import { downloadCsv, timestampForFile } from '../../../app/csv';
import { useApiError } from '../../../app/errors';
import { formatDateTime, formatNumber } from '../../../app/format';
import { MEMBERS_KEY } from '../../../app/members';
import { usePagination, useServerTable } from '../../../app/table';
import { PageContainer } from '../../../app/components/PageContainer';
import { useIdempotencyKey } from '../../members/detail/wallet';

/** The API's shapes (src/modules/wallet/points-import.schemas.ts). */
const FIELDS = ['phone', 'cardNo', 'points', 'expiresOn', 'note'] as const;
type Field = (typeof FIELDS)[number];
interface RowError {
  row: number;
  field: Field;
  code: string;
  message: string;
}
interface Summary {
  totalRows: number;
  totalPoints: number;
  members: number;
}
interface ImportResult {
  id: string;
  totalRows: number;
  totalPoints: number;
}
interface PointsImport {
  id: string;
  fileName: string;
  totalRows: number;
  totalPoints: number;
  txnId: string;
  createdBy: string | null;
  createdByName: string;
  createdAt: string;
}

const POINTS_IMPORTS_KEY = '/points-imports';
/** The template's headers: the server also reads English ones (phone, cardNo, points, expiresOn, note). */
const TEMPLATE_HEADERS: Record<Field, string> = { phone: '手机号', cardNo: '卡号', points: '积分', expiresOn: '到期日', note: '备注' };

/** The file goes up as its raw bytes with the session's CSRF token (the JSON client cannot send a file). */
async function postFile<T>(file: File, dryRun: boolean, headers: Record<string, string> = {}): Promise<T> {
  const all: Record<string, string> = { 'Content-Type': 'application/octet-stream', Accept: 'application/json', 'Accept-Language': currentLang(), ...headers };
  const csrf = readCookie('csrf');
  if (csrf) all['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(`/api/points-imports${buildQuery({ fileName: file.name, dryRun: String(dryRun) })}`, { method: 'POST', headers: all, body: file, credentials: 'same-origin' });
  } catch {
    throw new ApiError('NETWORK_ERROR', i18n.t('errors.network'), undefined, 0);
  }
  let body: unknown;
  try {
    body = JSON.parse(await res.text());
  } catch {
    body = undefined;
  }
  if (res.ok) return body as T;
  const err = (body as { error?: { code: string; message: string; field?: string; details?: Record<string, unknown> } } | undefined)?.error;
  throw new ApiError(err?.code ?? `HTTP_${res.status}`, err?.message ?? i18n.t('errors.unknown', { status: res.status }), err?.field, res.status, err?.details);
}

/** The row problems of a refused file, or null for any other error. */
function rowErrorsOf(e: unknown): RowError[] | null {
  if (!(e instanceof ApiError) || e.code !== 'POINTS_IMPORT_INVALID') return null;
  const errors = e.details?.errors;
  return Array.isArray(errors) ? (errors as RowError[]) : null;
}

export default function PointsImportPage() {
  const { t } = useTranslation(['wallet.points-import', 'common']);
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const queryClient = useQueryClient();
  const idem = useIdempotencyKey();
  const [file, setFile] = useState<File | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [errors, setErrors] = useState<RowError[] | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);

  const history = useServerTable<PointsImport, Record<string, never>>(POINTS_IMPORTS_KEY, {});
  const pagination = usePagination(history.query.data?.total, history.state.page, history.state.pageSize);

  const fieldLabel = (f: string) => ((FIELDS as readonly string[]).includes(f) ? t(`fields.${f as Field}`) : f);

  const choose = (f: File) => {
    setFile(f);
    setSummary(null);
    setErrors(null);
    idem.reset();
    return false; // kept in the page, sent by Check and Import
  };

  const downloadTemplate = () => {
    downloadCsv(
      t('templateFile'),
      FIELDS.map((f) => ({ title: TEMPLATE_HEADERS[f], value: () => '' })),
      [],
    );
  };

  const exportErrors = () => {
    if (!errors) return;
    downloadCsv(
      `${t('errorsFile')}-${timestampForFile()}.csv`,
      [
        { title: t('row'), value: (e: RowError) => e.row },
        { title: t('field'), value: (e: RowError) => fieldLabel(e.field) },
        { title: t('reason'), value: (e: RowError) => e.message },
      ],
      errors,
    );
  };

  const check = async () => {
    if (!file) return;
    setBusy('check');
    setSummary(null);
    setErrors(null);
    try {
      setSummary(await postFile<Summary>(file, true));
    } catch (e) {
      const rows = rowErrorsOf(e);
      if (rows) setErrors(rows);
      else showError(e);
    } finally {
      setBusy(null);
    }
  };

  const runImport = async (chosen: File) => {
    setBusy('import');
    try {
      // the same key on a retry of this file, so a lost response never imports twice
      const result = await postFile<ImportResult>(chosen, false, idem.headers());
      idem.reset();
      void message.success(t('imported', { totalRows: formatNumber(result.totalRows), totalPoints: formatNumber(result.totalPoints) }));
      setFile(null);
      setSummary(null);
      await queryClient.invalidateQueries({ queryKey: [POINTS_IMPORTS_KEY] });
      await queryClient.invalidateQueries({ queryKey: [MEMBERS_KEY] });
    } catch (e) {
      const rows = rowErrorsOf(e);
      if (rows) {
        // something changed since the check (e.g. a member was erased): nothing was imported
        idem.reset();
        setSummary(null);
        setErrors(rows);
      } else showError(e);
    } finally {
      setBusy(null);
    }
  };

  const confirmImport = () => {
    if (!file || !summary) return;
    const checked = summary;
    const chosen = file;
    modal.confirm({
      title: t('confirmTitle'),
      content: t('confirmContent', { members: formatNumber(checked.members), totalPoints: formatNumber(checked.totalPoints), fileName: chosen.name }),
      okText: t('import'),
      cancelText: t('common:actions.cancel'),
      okButtonProps: { 'data-testid': 'points-import-ok' },
      onOk: () => runImport(chosen),
    });
  };

  const errorColumns: TableColumnsType<RowError> = [
    { title: t('row'), dataIndex: 'row', width: 90 },
    { title: t('field'), dataIndex: 'field', width: 120, render: (f: string) => fieldLabel(f) },
    { title: t('reason'), dataIndex: 'message' },
  ];

  const historyColumns: TableColumnsType<PointsImport> = [
    { title: t('columns.createdAt'), dataIndex: 'createdAt', width: 180, render: (v: string) => formatDateTime(v) },
    { title: t('columns.fileName'), dataIndex: 'fileName', ellipsis: true },
    { title: t('columns.totalRows'), dataIndex: 'totalRows', width: 110, align: 'right', render: (n: number) => formatNumber(n) },
    { title: t('columns.totalPoints'), dataIndex: 'totalPoints', width: 160, align: 'right', render: (n: number) => formatNumber(n) },
    { title: t('columns.createdByName'), dataIndex: 'createdByName', width: 140 },
  ];

  const errorRows = errors ? new Set(errors.map((e) => e.row)).size : 0;

  return (
    <PageContainer title={t('title')} subTitle={t('subtitle')}>
      <Space orientation="vertical" size="large" style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          title={t('rulesTitle')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {(['member', 'points', 'expiresOn', 'note', 'limits'] as const).map((k) => (
                <li key={k}>{t(`rules.${k}`)}</li>
              ))}
            </ul>
          }
        />

        <Flex gap={8} wrap align="center">
          <Button icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="points-import-template">
            {t('template')}
          </Button>
          <Upload accept=".xlsx,.csv" multiple={false} showUploadList={false} beforeUpload={choose} disabled={busy !== null}>
            <Button icon={<UploadOutlined />} data-testid="points-import-choose">
              {t('chooseFile')}
            </Button>
          </Upload>
          <Typography.Text type={file ? undefined : 'secondary'} data-testid="points-import-file">
            {file ? t('chosen', { fileName: file.name }) : t('noFile')}
          </Typography.Text>
        </Flex>

        <Flex gap={8}>
          <Button icon={<CheckCircleOutlined />} disabled={!file || busy === 'import'} loading={busy === 'check'} onClick={() => void check()} data-testid="points-import-check">
            {t('check')}
          </Button>
          <Button type="primary" icon={<CloudUploadOutlined />} disabled={!file || !summary || busy === 'check'} loading={busy === 'import'} onClick={confirmImport} data-testid="points-import-submit">
            {t('import')}
          </Button>
        </Flex>

        {summary && (
          <Alert
            type="success"
            showIcon
            data-testid="points-import-summary"
            title={t('checkOk', { totalRows: formatNumber(summary.totalRows), members: formatNumber(summary.members), totalPoints: formatNumber(summary.totalPoints) })}
            description={t('checkOkHint')}
          />
        )}

        {errors && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Alert
              type="error"
              showIcon
              title={t('checkErrors', { errorRows: formatNumber(errorRows) })}
              action={
                <Button size="small" icon={<DownloadOutlined />} onClick={exportErrors} data-testid="points-import-export-errors">
                  {t('exportErrors')}
                </Button>
              }
            />
            <Table
              size="small"
              data-testid="points-import-errors"
              rowKey={(r) => `${r.row}-${r.field}-${r.code}`}
              columns={errorColumns}
              dataSource={errors}
              pagination={{ pageSize: 20, showSizeChanger: false }}
            />
          </Space>
        )}

        <div>
          <Typography.Title level={5}>{t('history')}</Typography.Title>
          <Table<PointsImport>
            size="small"
            rowKey="id"
            loading={history.query.isFetching}
            columns={historyColumns}
            dataSource={history.query.data?.items ?? []}
            pagination={pagination}
            onChange={history.onChange}
            data-testid="points-import-history"
          />
        </div>
      </Space>
    </PageContainer>
  );
}
