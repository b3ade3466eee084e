/** Reading and writing .xlsx (exceljs) and .csv (papaparse) tables of strings. */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';

/** `rowNumbers[i]` is the spreadsheet row of `rows[i]` (the header is row 1; blank rows are skipped). */
export type Table = { headers: string[]; rows: string[][]; rowNumbers?: number[] };

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

export async function readTable(buffer: Buffer, format: 'xlsx' | 'csv'): Promise<Table> {
  if (format === 'csv') {
    const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
    const [headers = [], ...lines] = parsed.data;
    const rows: string[][] = [];
    const rowNumbers: number[] = [];
    lines.forEach((line, index) => {
      const cells = line.map((cell) => cell.trim());
      if (cells.some((cell) => cell !== '')) {
        rows.push(cells);
        rowNumbers.push(index + 2);
      }
    });
    return { headers: headers.map((h) => h.trim()), rows, rowNumbers };
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as never);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  const headerRow = sheet.getRow(1);
  const width = headerRow.cellCount;
  const headers = Array.from({ length: width }, (_, index) => cellText(headerRow.getCell(index + 1).value).trim());
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = Array.from({ length: width }, (_, index) => cellText(row.getCell(index + 1).value).trim());
    if (cells.some((cell) => cell !== '')) {
      rows.push(cells);
      rowNumbers.push(r);
    }
  }
  return { headers, rows, rowNumbers };
}

export async function writeTable(table: Table, format: 'xlsx' | 'csv', sheetName: string): Promise<Buffer> {
  if (format === 'csv') {
    // The BOM makes Excel open UTF-8 Chinese text correctly.
    return Buffer.from(`\uFEFF${Papa.unparse([table.headers, ...table.rows])}`, 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(table.headers).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  sheet.columns.forEach((column, index) => {
    const longest = Math.max(
      ...[table.headers[index], ...table.rows.slice(0, 200).map((row) => row[index] ?? '')].map(
        (text) => (text ?? '').length,
      ),
    );
    column.width = Math.min(40, Math.max(10, longest * 2));
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
