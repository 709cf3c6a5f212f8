import type { ParsedCsv } from './csv';

/*
 * An upload as the import works on it: the header and the data rows, each row numbered as a
 * spreadsheet shows it (the header is row 1, so the first patient is row 2), which is the
 * number every error and duplicate names.
 */

export interface ImportRow {
	row: number;
	cells: string[];
}

export interface ImportTable {
	headers: string[];
	rows: ImportRow[];
}

/** One problem with one row (or the file, row 1 being the header), for the preview. */
export interface RowError {
	row: number;
	/** The column's header as in the file, or null for the row as a whole. */
	column: string | null;
	message: string;
}

/** Most rows one file may hold; larger exports are split and imported one after the other. */
export const maxImportRows = 10_000;

/** The header and rows of a parsed file, with the rows the reader could not read cleanly. */
export function importTable(parsed: ParsedCsv): { table: ImportTable; errors: RowError[] } {
	const [header = [], ...data] = parsed.records;
	const headers = header.map((name) => name.trim());
	const errors: RowError[] = [];
	if (headers.length === 0 || headers.every((name) => name === '')) {
		errors.push({ row: 1, column: null, message: 'The file is empty: it needs a header row.' });
	}
	const rowOfLine = new Map(parsed.lines.map((line, index) => [line, index + 1]));
	for (const problem of parsed.problems) {
		errors.push({ row: rowOfLine.get(problem.line) ?? 1, column: null, message: problem.message });
	}
	const rows = data.map((cells, index) => {
		const row = index + 2;
		const extra = cells.slice(headers.length).filter((cell) => cell.trim() !== '');
		if (extra.length > 0) {
			errors.push({
				row,
				column: null,
				message: `This row has ${cells.length} fields but the header has ${headers.length}: check for an unquoted comma or semicolon.`
			});
		}
		return { row, cells: headers.map((_, column) => (cells[column] ?? '').trim()) };
	});
	if (rows.length > maxImportRows) {
		errors.push({
			row: 1,
			column: null,
			message: `The file has ${rows.length} rows; import at most ${maxImportRows} at a time (split the file).`
		});
	}
	return { table: { headers, rows }, errors };
}

/** A row's values by field key, through the mapping (column index -> field key or ''). */
export function rowValues(cells: readonly string[], mapping: readonly string[]) {
	const values: Record<string, string> = {};
	mapping.forEach((key, column) => {
		if (key) values[key] = cells[column] ?? '';
	});
	return values;
}

/** The header of the column mapped to a field, for an error's column. */
export function columnOf(table: ImportTable, mapping: readonly string[], key: string): string {
	const index = mapping.indexOf(key);
	return index === -1 ? key : (table.headers[index] ?? key);
}
