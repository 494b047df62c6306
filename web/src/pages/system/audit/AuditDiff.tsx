import { useState } from 'react';
import { Empty, Space, Switch, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

type Json = unknown;

/** Flatten nested objects to dotted paths: {a:{b:1}} → {'a.b': 1}; arrays stay whole. */
export function flatten(value: Json, prefix = '', out: Record<string, Json> = {}): Record<string, Json> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, Json>);
    if (entries.length === 0 && prefix) out[prefix] = {};
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = value;
  }
  return out;
}

function show(v: Json): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

interface Row {
  field: string;
  before: Json;
  after: Json;
  changed: boolean;
}

/** Before/after of an audit entry as a readable field table; changed rows highlighted. */
export function AuditDiff({ before, after }: { before?: Json; after?: Json }) {
  const { t } = useTranslation('system.audit');
  const [changedOnly, setChangedOnly] = useState(before !== undefined && after !== undefined);
  const b = flatten(before ?? {});
  const a = flatten(after ?? {});
  const fields = Array.from(new Set([...Object.keys(b), ...Object.keys(a)]));
  const rows: Row[] = fields.map((f) => ({ field: f, before: b[f], after: a[f], changed: show(b[f]) !== show(a[f]) }));
  const visible = changedOnly ? rows.filter((r) => r.changed) : rows;
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noChanges')} />;
  return (
    <div>
      {before !== undefined && after !== undefined ? (
        <Space style={{ marginBottom: 8 }}>
          <Switch size="small" checked={changedOnly} onChange={setChangedOnly} aria-label={t('changedOnly')} />
          <Typography.Text type="secondary">{t('changedOnly')}</Typography.Text>
        </Space>
      ) : null}
      <Table<Row>
        size="small"
        rowKey="field"
        pagination={false}
        dataSource={visible}
        rowClassName={(r) => (r.changed && before !== undefined && after !== undefined ? 'diff-changed' : '')}
        columns={[
          { title: t('field'), dataIndex: 'field', width: 220, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          {
            title: t('before'),
            dataIndex: 'before',
            render: (v: Json, r) => (
              <Typography.Text delete={r.changed && v !== undefined && after !== undefined} type={r.changed ? 'danger' : undefined}>
                {show(v)}
              </Typography.Text>
            ),
          },
          {
            title: t('after'),
            dataIndex: 'after',
            render: (v: Json, r) => <Typography.Text type={r.changed ? 'success' : undefined}>{show(v)}</Typography.Text>,
          },
        ]}
      />
    </div>
  );
}
