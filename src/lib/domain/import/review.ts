import { fieldsFor, mappingProblems, type ImportKind } from './columns';
import type { DuplicateRow } from './patient-rows';
import type { ImportTable, RowError } from './table';

/*
 * What the owner sees before confirming: the mapping, the counts, an error per row and the
 * duplicates found. An import goes ahead only from a review without errors, for the mapping
 * that was reviewed and the count that was shown (ADR 0035).
 */

/** Most errors and duplicates listed on the page; the counts always cover all of them. */
export const listedProblems = 300;

export interface ImportCounts {
	rows: number;
	create: number;
	skip: number;
	warn: number;
	/** Rows with at least one error. */
	errorRows: number;
}

export interface ImportReview {
	kind: ImportKind;
	headers: string[];
	/** The first rows of each column, to help choose the mapping. */
	samples: string[][];
	mapping: string[];
	mappingProblems: string[];
	errors: RowError[];
	duplicates: DuplicateRow[];
	counts: ImportCounts;
	/** Whether the import may be confirmed as it stands. */
	ready: boolean;
	/** The reviewed mapping, carried by the confirm form. */
	checked: string;
}

/** The mapping a form posted: `column-N` for each column, a known field or '' for none. */
export function readPostedMapping(
	form: Record<string, string>,
	columns: number,
	kind: ImportKind
): string[] {
	const known = new Set(fieldsFor(kind).map((field) => field.key));
	return Array.from({ length: columns }, (_, index) => {
		const value = form[`column-${index}`] ?? '';
		return known.has(value) ? value : '';
	});
}

/** The mapping as the confirm form carries it, to tell whether it changed since the review. */
export function mappingFingerprint(mapping: readonly string[]): string {
	return mapping.join('|');
}

/** Puts the review together from the file's read errors and the plan of its rows. */
export function reviewImport(input: {
	kind: ImportKind;
	table: ImportTable;
	mapping: string[];
	locations: number;
	readErrors: RowError[];
	plan: { create: unknown[]; duplicates: DuplicateRow[]; errors: RowError[] } | null;
}): ImportReview {
	const { kind, table, mapping } = input;
	const problems = mappingProblems(mapping, kind, { locations: input.locations });
	const readRows = new Set(input.readErrors.map((error) => error.row));
	// A row the reader could not read cleanly is reported once, as read, not checked further.
	const planErrors = (input.plan?.errors ?? []).filter((error) => !readRows.has(error.row));
	const errors = [...input.readErrors, ...planErrors].sort((a, b) => a.row - b.row);
	const duplicates = input.plan?.duplicates ?? [];
	const errorRows = new Set(errors.map((error) => error.row)).size;
	const create = input.plan ? input.plan.create.length : 0;
	return {
		kind,
		headers: table.headers,
		samples: table.headers.map((_, column) =>
			table.rows.slice(0, 3).map((row) => row.cells[column] ?? '')
		),
		mapping,
		mappingProblems: problems,
		errors: errors.slice(0, listedProblems),
		duplicates: duplicates.slice(0, listedProblems),
		counts: {
			rows: table.rows.length,
			create,
			skip: duplicates.filter((entry) => entry.outcome === 'skip').length,
			warn: duplicates.filter((entry) => entry.outcome === 'warn').length,
			errorRows
		},
		ready: problems.length === 0 && errors.length === 0 && input.plan !== null && create > 0,
		checked: mappingFingerprint(mapping)
	};
}
