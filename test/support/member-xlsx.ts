import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';

/** The member import template's headers, in the order the generated files use. */
export const MEMBER_IMPORT_HEADERS = ['姓名', '手机号', '性别', '生日', '证件号', '地址', '标签', '门店编码', '等级编码', '卡号', '卡种编码', '备注'];

/**
 * A member import file of `rows` rows written with exceljs's streaming writer (used by the
 * import test and by `npm run bench`). Row i: phone 155 + i, stores SA/SB alternately, every
 * tenth row with a card BIG… of card type `year`, every fifth with two tags; `bad` replaces the
 * row at a sheet line. Other prefixes make a second file whose phones and cards do not clash.
 */
export async function bigXlsx(rows: number, bad: Map<number, unknown[]> = new Map(), prefixes = { phone: '155', card: 'BIG' }): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((r) => out.on('end', r));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('会员');
  ws.addRow(MEMBER_IMPORT_HEADERS).commit();
  for (let i = 0; i < rows; i++) {
    const line = i + 2;
    const row = bad.get(line) ?? [
      `批量${i}`,
      `${prefixes.phone}${String(i).padStart(8, '0')}`,
      i % 2 ? '男' : '女',
      i % 3 ? '1988-08-08' : '',
      '',
      '',
      i % 5 ? '' : '批量,测试',
      i % 2 ? 'SA' : 'SB',
      '',
      i % 10 ? '' : `${prefixes.card}${String(i).padStart(8, '0')}`,
      i % 10 ? '' : 'year',
      '',
    ];
    ws.addRow(row).commit();
  }
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
