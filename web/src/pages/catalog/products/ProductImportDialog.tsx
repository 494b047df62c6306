import { useState } from 'react';
import { Alert, App, Button, Flex, Modal, Space, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import i18n, { currentLang } from '../../../app/i18n';
import { ApiError, buildQuery, readCookie } from '../../../app/api';
import { downloadCsv, timestampForFile } from '../../../app/csv';
import { useApiError } from '../../../app/errors';
import { CATEGORIES_KEY, IMPORT_FIELDS, PRODUCTS_KEY, type ImportField, type ImportRowError } from './catalog';

/** The file goes up as its raw bytes with the session's CSRF token (the JSON client cannot send a file). */
async function postFile<T>(file: File): Promise<T> {
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream', Accept: 'application/json', 'Accept-Language': currentLang() };
  const csrf = readCookie('csrf');
  if (csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(`/api/products/import${buildQuery({ fileName: file.name })}`, { method: 'POST', headers, body: file, credentials: 'same-origin' });
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

function rowErrorsOf(e: unknown): ImportRowError[] | null {
  if (!(e instanceof ApiError) || e.code !== 'CATALOG_IMPORT_INVALID') return null;
  const errors = e.details?.errors;
  return Array.isArray(errors) ? (errors as ImportRowError[]) : null;
}

/** Server export of the catalog (xlsx or CSV), in the import file's columns. */
export function exportProductsUrl(format: 'xlsx' | 'csv') {
  return `/api/products/export${buildQuery({ format })}`;
}

/** One step, all or nothing: choose a .xlsx/.csv file, import; a refused file lists its row problems. */
export function ProductImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation(['catalog.products', 'common']);
  const { message } = App.useApp();
  const showError = useApiError();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<ImportRowError[] | null>(null);
  const [busy, setBusy] = useState(false);

  const fieldLabel = (f: string) => ((IMPORT_FIELDS as readonly string[]).includes(f) ? t(`importFields.${f as ImportField}`) : f);

  const close = () => {
    setFile(null);
    setErrors(null);
    onClose();
  };

  const run = async () => {
    if (!file) return;
    setBusy(true);
    setErrors(null);
    try {
      const r = await postFile<{ created: number; updated: number }>(file);
      void message.success(t('imported', { created: r.created, updated: r.updated }));
      await qc.invalidateQueries({ queryKey: [PRODUCTS_KEY] });
      await qc.invalidateQueries({ queryKey: [CATEGORIES_KEY] });
      close();
    } catch (e) {
      const rows = rowErrorsOf(e);
      if (rows) setErrors(rows);
      else showError(e);
    } finally {
      setBusy(false);
    }
  };

  const exportErrors = () => {
    if (!errors) return;
    downloadCsv(
      `${t('errorsFile')}-${timestampForFile()}.csv`,
      [
        { title: t('row'), value: (e: ImportRowError) => e.row },
        { title: t('field'), value: (e: ImportRowError) => fieldLabel(e.field) },
        { title: t('reason'), value: (e: ImportRowError) => e.message },
      ],
      errors,
    );
  };

  const columns: TableColumnsType<ImportRowError> = [
    { title: t('row'), dataIndex: 'row', width: 80 },
    { title: t('field'), dataIndex: 'field', width: 130, render: (f: string) => fieldLabel(f) },
    { title: t('reason'), dataIndex: 'message' },
  ];

  return (
    <Modal
      open={open}
      title={t('importTitle')}
      width={760}
      onCancel={close}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={close}>{t('common:actions.cancel')}</Button>
          <Button type="primary" icon={<UploadOutlined />} disabled={!file} loading={busy} onClick={() => void run()} data-testid="product-import-submit">
            {t('importRun')}
          </Button>
        </Flex>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="info" showIcon title={t('importHelp')} description={t('importColumns')} />
        <Space wrap>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            showUploadList={false}
            beforeUpload={(f) => {
              setFile(f);
              setErrors(null);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} data-testid="product-import-choose">
              {t('chooseFile')}
            </Button>
          </Upload>
          <Typography.Text data-testid="product-import-file">{file ? file.name : t('noFile')}</Typography.Text>
          <Button type="link" icon={<DownloadOutlined />} href={exportProductsUrl('xlsx')}>
            {t('templateHint')}
          </Button>
        </Space>
        {errors ? (
          <>
            <Alert
              type="error"
              showIcon
              title={t('importRefused', { count: errors.length, rows: new Set(errors.map((e) => e.row)).size })}
              action={
                <Button size="small" icon={<DownloadOutlined />} onClick={exportErrors}>
                  {t('exportErrors')}
                </Button>
              }
            />
            <Table<ImportRowError>
              rowKey={(e) => `${e.row}-${e.field}-${e.code}`}
              size="small"
              columns={columns}
              dataSource={errors}
              pagination={errors.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              data-testid="product-import-errors"
            />
          </>
        ) : null}
      </Space>
    </Modal>
  );
}
