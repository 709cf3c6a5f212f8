/*
 * A small CSV reader and writer (RFC 4180 with the variations exports really have): fields
 * separated by commas or semicolons, quoted with double quotes, quotes doubled inside quotes,
 * line breaks (CRLF, LF or CR) inside quoted fields, and a last line with or without a break.
 * It is written here rather than taken from npm (ADR 0035): about a hundred lines, no
 * dependency, and it reports where a file is broken instead of guessing silently.
 */

export type Delimiter = ',' | ';';

export interface CsvProblem {
	/** The 1-based line of the file where the record starts. */
	line: number;
	message: string;
}

export interface ParsedCsv {
	/** Every record, the header first, each a list of fields. */
	records: string[][];
	/** The 1-based file line each record starts on (records can span lines). */
	lines: number[];
	delimiter: Delimiter;
	problems: CsvProblem[];
}

/**
 * The delimiter of the first line: a semicolon when it has more semicolons than commas outside
 * quotes (as spreadsheets write CSV where the comma is the decimal sign), otherwise a comma.
 */
export function detectDelimiter(text: string): Delimiter {
	let commas = 0;
	let semicolons = 0;
	let quoted = false;
	for (const char of text) {
		if (char === '"') quoted = !quoted;
		else if (!quoted && (char === '\n' || char === '\r')) break;
		else if (!quoted && char === ',') commas++;
		else if (!quoted && char === ';') semicolons++;
	}
	return semicolons > commas ? ';' : ',';
}

/** Reads CSV text into records. Blank lines are skipped; problems name their line. */
export function parseCsv(text: string, delimiter: Delimiter = detectDelimiter(text)): ParsedCsv {
	const records: string[][] = [];
	const lines: number[] = [];
	const problems: CsvProblem[] = [];
	let record: string[] = [];
	let field = '';
	let quoted = false;
	// Whether the current field was quoted and its closing quote is behind us.
	let closed = false;
	// Whether nothing of the current field has been read yet (only then may a quote open it).
	let atStart = true;
	let line = 1;
	let recordLine = 1;
	let recordProblem = false;

	const endField = () => {
		record.push(field);
		field = '';
		closed = false;
		atStart = true;
	};
	const endRecord = () => {
		endField();
		const blank = record.length === 1 && record[0] === '';
		if (!blank) {
			records.push(record);
			lines.push(recordLine);
		}
		record = [];
		recordProblem = false;
	};
	const problem = (message: string) => {
		if (!recordProblem) problems.push({ line: recordLine, message });
		recordProblem = true;
	};

	for (let index = 0; index < text.length; index++) {
		const char = text[index] as string;
		if (quoted) {
			if (char === '"' && text[index + 1] === '"') {
				field += '"';
				index++;
			} else if (char === '"') {
				quoted = false;
				closed = true;
			} else {
				if (char === '\n' || (char === '\r' && text[index + 1] !== '\n')) line++;
				field += char;
			}
		} else if (char === delimiter) {
			endField();
		} else if (char === '\r' || char === '\n') {
			if (char === '\r' && text[index + 1] === '\n') index++;
			endRecord();
			line++;
			recordLine = line;
		} else if (char === '"' && atStart) {
			quoted = true;
			atStart = false;
		} else {
			if (closed)
				problem('Text after a closing quote: a quote inside a field must be doubled ("").');
			field += char;
			atStart = false;
		}
	}
	if (quoted) problem('A quoted field is never closed: check for a missing quote (").');
	if (field !== '' || record.length > 0 || closed || quoted) endRecord();
	return { records, lines, delimiter, problems };
}

/** Writes records as CSV, quoting only the fields that need it, lines ending in CRLF. */
export function formatCsv(
	records: readonly (readonly string[])[],
	delimiter: Delimiter = ','
): string {
	const needsQuotes = new RegExp(`["\\r\\n${delimiter}]|^\\s|\\s$`);
	return records
		.map((record) =>
			record
				.map((field) => (needsQuotes.test(field) ? `"${field.replace(/"/g, '""')}"` : field))
				.join(delimiter)
		)
		.join('\r\n')
		.concat(records.length > 0 ? '\r\n' : '');
}
