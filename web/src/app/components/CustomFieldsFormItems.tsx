import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CustomField } from '../lookups';
import { maxRule, requiredRule } from '../validators';

/** Form values of custom fields: dates as Dayjs, the rest as the API has them. */
export type CustomFieldFormValues = Record<string, string | number | string[] | Dayjs | null | undefined>;

export function activeFields(defs: readonly CustomField[] | undefined): CustomField[] {
  return (defs ?? []).filter((d) => d.status === 'active').sort((a, b) => a.sort - b.sort || a.key.localeCompare(b.key));
}

/** Stored values → form values (only active definitions; dates become Dayjs). */
export function customFieldsToForm(values: Record<string, unknown> | undefined, defs: readonly CustomField[] | undefined): CustomFieldFormValues {
  const out: CustomFieldFormValues = {};
  for (const d of activeFields(defs)) {
    const v = values?.[d.key];
    if (v === undefined || v === null) continue;
    if (d.type === 'date' && typeof v === 'string') out[d.key] = dayjs(v);
    else if (d.type === 'multi' && Array.isArray(v)) out[d.key] = v.map(String);
    else if (d.type === 'number' && typeof v === 'number') out[d.key] = v;
    else if (typeof v === 'string') out[d.key] = v;
  }
  return out;
}

/**
 * Form values → the `customFields` body: only active definitions (the server refuses unknown
 * keys), empty values left out, dates as YYYY-MM-DD, text trimmed.
 */
export function customFieldsFromForm(values: CustomFieldFormValues | undefined, defs: readonly CustomField[] | undefined): Record<string, string | number | string[]> {
  const out: Record<string, string | number | string[]> = {};
  for (const d of activeFields(defs)) {
    const v = values?.[d.key];
    if (v === undefined || v === null || v === '') continue;
    if (dayjs.isDayjs(v)) out[d.key] = v.format('YYYY-MM-DD');
    else if (Array.isArray(v)) {
      if (v.length > 0) out[d.key] = v;
    } else if (typeof v === 'string') {
      if (v.trim()) out[d.key] = v.trim();
    } else out[d.key] = v;
  }
  return out;
}

/**
 * Form items for the merchant's custom fields (扩展字段) of one entity, rendered by type.
 * Values live under `customFields.<key>`, so server errors naming `customFields.<key>` land on the item.
 */
export function CustomFieldsFormItems({ fields, name = 'customFields' }: { fields: readonly CustomField[] | undefined; name?: string }) {
  const { t } = useTranslation();
  const list = activeFields(fields);
  if (list.length === 0) return null;
  return (
    <Row gutter={16}>
      {list.map((f) => {
        const select = f.type === 'single' || f.type === 'multi' || f.type === 'date';
        const rules = [
          ...(f.required ? [requiredRule(t, f.label, select || f.type === 'number')] : []),
          ...(f.type === 'text' ? [maxRule(t, f.label, 500)] : []),
        ];
        const options = f.options.map((o) => ({ value: o, label: o }));
        let input;
        switch (f.type) {
          case 'number':
            input = <InputNumber style={{ width: '100%' }} />;
            break;
          case 'date':
            input = <DatePicker style={{ width: '100%' }} />;
            break;
          case 'single':
            input = <Select allowClear options={options} />;
            break;
          case 'multi':
            input = <Select mode="multiple" allowClear options={options} />;
            break;
          default:
            input = <Input maxLength={500} />;
        }
        return (
          <Col xs={24} sm={12} key={f.key}>
            <Form.Item name={[name, f.key]} label={f.label} rules={rules}>
              {input}
            </Form.Item>
          </Col>
        );
      })}
    </Row>
  );
}
