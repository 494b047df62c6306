import { Select } from 'antd';

/**
 * A list toolbar's status filter for rows that can be archived: the active ones only (the default), or all.
 * The texts are the page's: some pages say 已停用 where others say 已归档.
 */
export function ArchivedFilter({
  showArchived,
  onChange,
  texts,
}: {
  showArchived: boolean;
  onChange: (showArchived: boolean) => void;
  texts: { label: string; onlyActive: string; includeArchived: string };
}) {
  return (
    <Select
      aria-label={texts.label}
      style={{ width: 160 }}
      value={showArchived ? 'all' : 'active'}
      onChange={(v) => onChange(v === 'all')}
      options={[
        { value: 'active', label: texts.onlyActive },
        { value: 'all', label: texts.includeArchived },
      ]}
    />
  );
}
