import { useCallback, useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Button, Input } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { TablePaginationConfig, TableProps } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { api, fetchAllPages, EXPORT_MAX_ROWS, type Paged, type QueryParams } from './api';
import { downloadCsv, timestampForFile, type CsvColumn } from './csv';
import { useApiError } from './errors';

export interface ServerTableState<F> {
  page: number;
  pageSize: number;
  sort?: string;
  order?: 'asc' | 'desc';
  filters: F;
}

/**
 * Server-side paged list: page/pageSize/sort/order + filters → GET path.
 * Column filters from antd are merged into the filters when `columnFilterKeys` names them.
 */
export function useServerTable<T, F extends QueryParams>(
  path: string,
  initialFilters: F,
  opts: { pageSize?: number; columnFilterKeys?: (keyof F & string)[]; enabled?: boolean } = {},
) {
  const [state, setState] = useState<ServerTableState<F>>({
    page: 1,
    pageSize: opts.pageSize ?? 20,
    filters: initialFilters,
  });
  const params: QueryParams = useMemo(
    () => ({ ...state.filters, page: state.page, pageSize: state.pageSize, sort: state.sort, order: state.order }),
    [state],
  );
  const query = useQuery({
    queryKey: [path, 'list', params],
    queryFn: ({ signal }) => api.get<Paged<T>>(path, params, { signal }),
    placeholderData: keepPreviousData,
    enabled: opts.enabled ?? true,
  });

  const setFilters = useCallback((next: Partial<F>) => {
    setState((s) => ({ ...s, page: 1, filters: { ...s.filters, ...next } }));
  }, []);
  const resetFilters = useCallback(() => {
    setState((s) => ({ ...s, page: 1, filters: initialFilters }));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const columnFilterKeys = opts.columnFilterKeys;
  const onChange: NonNullable<TableProps<T>['onChange']> = useCallback(
    (pagination: TablePaginationConfig, tableFilters, sorter) => {
      const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<T> | undefined;
      const field = s?.order ? String(s.columnKey ?? s.field ?? '') : undefined;
      setState((prev) => {
        const filters = { ...prev.filters };
        for (const k of columnFilterKeys ?? []) {
          const v = tableFilters[k];
          (filters as Record<string, unknown>)[k] = v && v.length > 0 ? String(v[0]) : undefined;
        }
        const filtersChanged = JSON.stringify(filters) !== JSON.stringify(prev.filters);
        return {
          page: filtersChanged ? 1 : (pagination.current ?? 1),
          pageSize: pagination.pageSize ?? prev.pageSize,
          sort: field || undefined,
          order: s?.order === 'ascend' ? 'asc' : s?.order === 'descend' ? 'desc' : undefined,
          filters,
        };
      });
    },
    [columnFilterKeys],
  );

  return { state, params, query, setFilters, resetFilters, onChange };
}

/**
 * The free-text search box of a list: typing edits it, Enter or the button applies it, clearing
 * it drops the filter, and a reset of the table's filters (value → undefined) empties it.
 */
export function TableSearch({
  value,
  onSearch,
  placeholder,
  width = 240,
  testId,
  autoFocus,
}: {
  value: string | undefined;
  onSearch: (q: string | undefined) => void;
  placeholder: string;
  width?: number;
  testId?: string;
  /** focus the box on mount (a scanner's input goes straight in) */
  autoFocus?: boolean;
}) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => {
    if (value === undefined) setText('');
  }, [value]);
  return (
    <Input.Search
      allowClear
      data-testid={testId}
      autoFocus={autoFocus}
      placeholder={placeholder}
      aria-label={placeholder}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (!e.target.value) onSearch(undefined);
      }}
      onSearch={(v) => onSearch(v.trim() || undefined)}
      style={{ width }}
    />
  );
}

export function usePagination(total: number | undefined, page: number, pageSize: number): TablePaginationConfig {
  const { t } = useTranslation();
  return {
    current: page,
    pageSize,
    total: total ?? 0,
    showSizeChanger: true,
    pageSizeOptions: [10, 20, 50, 100],
    showTotal: (n) => t('table.total', { total: n }),
  };
}

/** antd sortOrder for a column from the table state. */
export function sortOrderOf(state: { sort?: string; order?: 'asc' | 'desc' }, key: string) {
  if (state.sort !== key) return null;
  return state.order === 'asc' ? ('ascend' as const) : state.order === 'desc' ? ('descend' as const) : null;
}

/** "Export CSV" of the current filtered list: all pages, up to 10,000 rows. */
export function ExportCsvButton<T>({
  path,
  query,
  columns,
  filename,
  rows,
}: {
  path?: string;
  query?: QueryParams;
  columns: CsvColumn<T>[];
  filename: string;
  /** for non-paged lists: export these rows directly */
  rows?: T[];
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      let items: T[];
      let truncated = false;
      if (rows) {
        items = rows.slice(0, EXPORT_MAX_ROWS);
        truncated = rows.length > EXPORT_MAX_ROWS;
      } else if (path) {
        const q = { ...(query ?? {}) };
        delete q.page;
        delete q.pageSize;
        const r = await fetchAllPages<T>(path, q);
        items = r.items;
        truncated = r.truncated;
      } else {
        items = [];
      }
      downloadCsv(`${filename}-${timestampForFile()}.csv`, columns, items);
      if (truncated) void message.warning(t('common.exportTruncated', { max: EXPORT_MAX_ROWS }));
      else void message.success(t('common.exported', { count: items.length }));
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={run}>
      {t('actions.export')}
    </Button>
  );
}
