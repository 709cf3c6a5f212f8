import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { planPatientImport } from './patient-rows';
import { mappingFingerprint, readPostedMapping, reviewImport } from './review';
import { importTable } from './table';

function review(csv: string, mapping: string[]) {
	const { table, errors } = importTable(parseCsv(csv));
	return reviewImport({
		kind: 'patients',
		table,
		mapping,
		locations: 1,
		readErrors: errors,
		plan: planPatientImport(table, mapping, [])
	});
}

describe('reviewImport', () => {
	it('is ready when every row is clean and something is left to import', () => {
		const result = review('name,email\nAnn Lee,a@x.org\n', ['name', 'email']);
		expect(result.ready).toBe(true);
		expect(result.counts).toEqual({ rows: 1, create: 1, skip: 0, warn: 0, errorRows: 0 });
		expect(result.samples).toEqual([['Ann Lee'], ['a@x.org']]);
	});

	it('is not ready with a mapping problem or an error, and reports a badly read row once', () => {
		expect(review('name,email\nAnn Lee,a@x.org\n', ['name', '']).ready).toBe(false);
		const broken = review('name,email\n"Ann" Lee,a@x.org\nBo Ng,nope\n', ['name', 'email']);
		expect(broken.ready).toBe(false);
		expect(broken.errors.map((error) => [error.row, error.column])).toEqual([
			[2, null],
			[3, 'email']
		]);
		expect(broken.counts.errorRows).toBe(2);
	});
});

describe('readPostedMapping', () => {
	it('keeps known fields only, one per column', () => {
		const mapping = readPostedMapping(
			{ 'column-0': 'email', 'column-1': 'password', 'column-3': 'name' },
			4,
			'patients'
		);
		expect(mapping).toEqual(['email', '', '', 'name']);
		expect(mappingFingerprint(mapping)).toBe('email|||name');
	});
});
