// CSV as spreadsheets read and write it: one writer (formula-looking cells defused), one reader.
import { unprocessable } from '../../lib/errors';

/** Cells a spreadsheet would run as a formula get a leading apostrophe on export, removed on import. */
const FORMULA_START = /^[=+\-@\t\r]/;

function detectDelimiter(text: string): string {
  let inQuotes = false;
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && ch in counts) counts[ch]++;
  }
  // French spreadsheets write semicolons; take whichever separates the header best.
  const [best, count] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return count > 0 ? best : ',';
}

/**
 * Parses CSV text into rows of cells: quoted cells ("" for a quote, line breaks allowed inside),
 * CRLF or LF line ends, a UTF-8 byte order mark, and a comma, semicolon or tab delimiter found
 * from the header line. Blank lines are dropped. Each row remembers its 1-based record number.
 */
export function parseCsv(input: string, delimiter?: string): { cells: string[]; row: number }[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const sep = delimiter ?? detectDelimiter(text);
  const rows: { cells: string[]; row: number }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  let record = 1;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    wasQuoted = false;
  };
  const endRow = () => {
    endCell();
    if (cells.some((c) => c !== '')) rows.push({ cells, row: record });
    record++;
    cells = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += ch;
      continue;
    }
    if (ch === '"' && cell === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
    } else if (ch === sep) endCell();
    else if (ch === '\r') {
      if (text[i + 1] === '\n') i++;
      endRow();
    } else if (ch === '\n') endRow();
    else cell += ch;
  }
  if (quoted)
    throw unprocessable('invalid_csv', `Row ${record}: a quoted cell is never closed (a " is missing)`, {
      row: record,
    });
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a delimiter, a quote, a line break or edge spaces;
 * a cell a spreadsheet would run as a formula (= + - @ tab or CR first) gets a leading apostrophe.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",;\r\n\t]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes rows as CSV (comma-separated, CRLF, UTF-8 byte order mark so spreadsheets read accents). */
export function toCsv(rows: unknown[][]): string {
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** UTF-8 (with or without BOM); Windows-1252 when the bytes are not valid UTF-8 (older spreadsheets). */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export const unformula = (text: string) =>
  text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
