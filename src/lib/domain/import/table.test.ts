import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { importTable, maxImportRows } from './table';

describe('importTable', () => {
	it('numbers rows as a spreadsheet does, the header being row 1', () => {
		const { table, errors } = importTable(
			parseCsv('name,email\n Ann ,a@x.org\n"B\nC",b@x.org\nD\n')
		);
		expect(errors).toEqual([]);
		expect(table.headers).toEqual(['name', 'email']);
		expect(table.rows).toEqual([
			{ row: 2, cells: ['Ann', 'a@x.org'] },
			{ row: 3, cells: ['B\nC', 'b@x.org'] },
			{ row: 4, cells: ['D', ''] }
		]);
	});

	it('reports a row with more fields than the header, and a broken quote by its row', () => {
		const { errors } = importTable(parseCsv('name,email\nSmith, Ann,a@x.org\n"B,b@x.org\n'));
		expect(errors).toEqual([
			{ row: 3, column: null, message: expect.stringContaining('never closed') },
			{ row: 2, column: null, message: expect.stringContaining('has 3 fields') }
		]);
	});

	it('refuses an empty file and one with too many rows', () => {
		expect(importTable(parseCsv('')).errors[0]?.message).toContain('empty');
		const big = 'name\n' + 'x\n'.repeat(maxImportRows + 1);
		expect(importTable(parseCsv(big)).errors[0]?.message).toContain('at most');
	});
});
