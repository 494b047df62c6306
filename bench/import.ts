import { performance } from 'node:perf_hooks';
import type { System } from '../src/server';
import { bigXlsx } from '../test/support/member-xlsx';
import { BenchApi } from './lib/api';
import { log, makeTarget, round2, type BenchOptions } from './lib/common';
import { BENCH_ADMIN, BENCH_MERCHANT } from './lib/shop';
import { openSystem } from './lib/system';

export interface ImportResult {
  dialect: 'sqlite' | 'postgres';
  rows: number;
  fileMb: number;
  /** upload (parse) + validate + commit, as the API runs them; generating the file is not counted */
  totalSeconds: number;
  uploadSeconds: number;
  validateSeconds: number;
  commitSeconds: number;
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function waitFor(api: BenchApi, id: string): Promise<{ status: string; importedRows?: number; errorRows?: number }> {
  for (;;) {
    const res = await api.get<{ status: string; importedRows?: number; errorRows?: number }>(`/api/member-imports/${id}`);
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    if (res.body.status !== 'validating' && res.body.status !== 'importing') return res.body;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The 100,000-row XLSX import of test/member-import.test.ts, through the API in-process (app.inject). */
export async function benchImport(dialect: 'sqlite' | 'postgres', opts: BenchOptions): Promise<ImportResult> {
  const target = await makeTarget(dialect, opts, 'import');
  let system: System | undefined;
  try {
    system = await openSystem(target);
    const api = BenchApi.inject(system);
    await api.login(BENCH_MERCHANT, BENCH_ADMIN.username, BENCH_ADMIN.password);
    await api.ok('/api/stores', { code: 'SA', name: 'A店', kind: 'direct' });
    await api.ok('/api/stores', { code: 'SB', name: 'B店', kind: 'direct' });
    await api.ok('/api/card-types', { code: 'year', name: '年卡', validityKind: 'year' });
    const file = await bigXlsx(opts.importRows);
    log(`${dialect} import: ${opts.importRows.toLocaleString('en')} rows, ${(file.length / 1e6).toString().slice(0, 5)} MB generated`);

    let t = performance.now();
    const up = await api.request<{ id: string; suggestedMapping: unknown; totalRows: number }>('POST', `/api/member-imports?fileName=bench.xlsx`, file, {}, XLSX_TYPE);
    if (up.status !== 201) throw new Error(`upload: ${JSON.stringify(up.body)}`);
    const uploadSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    await api.ok(`/api/member-imports/${up.body.id}/validate`, { mapping: up.body.suggestedMapping, mode: 'all_or_nothing', defaultStoreId: null });
    const checked = await waitFor(api, up.body.id);
    if (checked.errorRows !== 0) throw new Error(`validation found ${checked.errorRows} bad rows`);
    const validateSeconds = (performance.now() - t) / 1000;
    t = performance.now();
    await api.ok(`/api/member-imports/${up.body.id}/commit`, {});
    const done = await waitFor(api, up.body.id);
    const commitSeconds = (performance.now() - t) / 1000;
    if (done.status !== 'completed' || done.importedRows !== opts.importRows) throw new Error(`import ended ${JSON.stringify(done)}`);
    return {
      dialect,
      rows: opts.importRows,
      fileMb: round2(file.length / 1e6),
      totalSeconds: round2(uploadSeconds + validateSeconds + commitSeconds),
      uploadSeconds: round2(uploadSeconds),
      validateSeconds: round2(validateSeconds),
      commitSeconds: round2(commitSeconds),
    };
  } finally {
    await system?.close();
    await target.drop();
  }
}
