import { useMemo } from 'react';
import { Tree, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export interface PermissionGroup {
  code: string;
  name: string;
  permissions: { code: string; name: string }[];
}

const GROUP_PREFIX = 'group:';

/** Checkable, grouped permission tree usable as a Form.Item control (value = codes). */
export function PermissionTree({
  groups,
  value,
  onChange,
  disabled,
}: {
  groups: PermissionGroup[];
  value?: string[];
  onChange?: (v: string[]) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation('staff.roles');
  const known = useMemo(() => new Set(groups.flatMap((g) => g.permissions.map((p) => p.code))), [groups]);
  const treeData = useMemo(
    () =>
      groups.map((g) => ({
        key: `${GROUP_PREFIX}${g.code}`,
        title: <Typography.Text strong>{g.name}</Typography.Text>,
        children: g.permissions.map((p) => ({
          key: p.code,
          title: (
            <span>
              {p.name} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{p.code}</Typography.Text>
            </span>
          ),
        })),
      })),
    [groups],
  );
  const checked = (value ?? []).filter((c) => known.has(c));
  // keep codes the tree doesn't know (e.g. from modules not listed) untouched
  const unknown = (value ?? []).filter((c) => !known.has(c));
  return (
    <div>
      <Typography.Text type="secondary">{t('permissionsSelected', { count: checked.length })}</Typography.Text>
      <Tree
        checkable
        selectable={false}
        disabled={disabled}
        defaultExpandAll
        treeData={treeData}
        checkedKeys={checked}
        onCheck={(keys) => {
          const list = (Array.isArray(keys) ? keys : keys.checked).map(String).filter((k) => !k.startsWith(GROUP_PREFIX));
          onChange?.([...unknown, ...list]);
        }}
        style={{ marginTop: 8, padding: 8, border: '1px solid rgba(5,5,5,0.06)', borderRadius: 6 }}
      />
    </div>
  );
}
