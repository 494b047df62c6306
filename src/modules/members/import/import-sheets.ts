import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { IMPORT_FIELDS, TEMPLATE_HEADERS } from './import-fields';

export type SheetFormat = 'xlsx' | 'csv';
export const CONTENT_TYPES: Record<SheetFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** A CSV cell; text starting with = + - @ gets a leading ' so spreadsheets never run it as a formula (the import strips it). */
export function csvCell(value: string): string {
  let s = value;
  if (/^[=+\-@]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** Writes rows of text to an xlsx or CSV stream as they come (an export of 100,000 members never sits in memory). */
export class SheetStream {
  readonly stream: Readable;
  private readonly out = new PassThrough();
  private workbook: ExcelJS.stream.xlsx.WorkbookWriter | null = null;
  private sheet: ExcelJS.Worksheet | null = null;

  constructor(
    private readonly format: SheetFormat,
    sheetName: string,
    headers: readonly string[],
  ) {
    this.stream = this.out;
    if (format === 'xlsx') {
      this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: this.out, useSharedStrings: false, useStyles: true });
      this.sheet = this.workbook.addWorksheet(sheetName);
      this.sheet.columns = headers.map((h) => ({ header: h, width: Math.max(10, h.length * 2 + 4), style: { numFmt: '@' } }));
      this.sheet.getRow(1).font = { bold: true };
      this.sheet.getRow(1).commit();
    } else {
      this.out.write('\uFEFF'); // so Excel opens UTF-8 Chinese text correctly
      this.out.write(csvLine(headers));
    }
  }

  addRow(values: readonly string[]): void {
    if (this.sheet) this.sheet.addRow([...values]).commit();
    else this.out.write(csvLine(values));
  }

  async end(): Promise<void> {
    if (this.workbook && this.sheet) {
      this.sheet.commit();
      await this.workbook.commit();
    } else {
      this.out.end();
    }
  }

  /** Everything written, as one buffer (for small sheets such as an error report). */
  static async collect(sheet: SheetStream, fill: () => void | Promise<void>): Promise<Buffer> {
    const chunks: Buffer[] = [];
    sheet.stream.on('data', (c: Buffer | string) => chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c)));
    const done = new Promise<void>((resolve, reject) => {
      sheet.stream.on('end', resolve);
      sheet.stream.on('error', reject);
    });
    await fill();
    await sheet.end();
    await done;
    return Buffer.concat(chunks);
  }
}

/** The import template: the headers every export also uses, and a sheet explaining each column. */
export async function buildTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('会员');
  sheet.columns = IMPORT_FIELDS.map((f) => ({ header: TEMPLATE_HEADERS[f], key: f, width: 16, style: { numFmt: '@' } }));
  sheet.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('说明');
  help.columns = [
    { header: '列', width: 14 },
    { header: '说明', width: 80 },
  ];
  const notes: [string, string][] = [
    ['姓名', '必填，最多 64 个字'],
    ['手机号', '必填，11 位大陆手机号；同一商户内不能重复'],
    ['性别', '男 / 女，可留空'],
    ['生日', 'YYYY-MM-DD（也可用 Excel 日期），不能晚于今天，可留空'],
    ['证件号', '6–32 位字母或数字，可留空'],
    ['地址', '最多 200 个字'],
    ['标签', '多个标签用 , ， ; 或 | 分隔，最多 20 个'],
    ['门店编码', '会员所属门店的编码；留空时使用导入时选择的默认门店'],
    ['等级编码', '会员等级的编码（作为等级下限），可留空'],
    ['卡号', '4–32 位字母或数字，不能与已用过的卡号重复；填写卡号时须填写卡种编码'],
    ['卡种编码', '发卡的卡种编码；只填卡种不填卡号时自动生成卡号'],
    ['备注', '最多 500 个字'],
  ];
  for (const row of notes) help.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
