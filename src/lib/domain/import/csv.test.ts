import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, formatCsv, parseCsv } from './csv';

describe('parseCsv', () => {
	it('reads plain comma-separated records with or without a final line break', () => {
		expect(parseCsv('a,b\n1,2\n').records).toEqual([
			['a', 'b'],
			['1', '2']
		]);
		expect(parseCsv('a,b\n1,2').records).toEqual([
			['a', 'b'],
			['1', '2']
		]);
	});

	it('reads CRLF, LF and lone CR line endings alike', () => {
		const expected = [
			['a', 'b'],
			['1', '2'],
			['3', '4']
		];
		expect(parseCsv('a,b\r\n1,2\r\n3,4\r\n').records).toEqual(expected);
		expect(parseCsv('a,b\r1,2\r3,4').records).toEqual(expected);
	});

	it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
		const parsed = parseCsv('name,note\r\n"Smith, Ann","She said ""hi""\r\nthen left"\r\nBo,x\r\n');
		expect(parsed.records).toEqual([
			['name', 'note'],
			['Smith, Ann', 'She said "hi"\r\nthen left'],
			['Bo', 'x']
		]);
		expect(parsed.problems).toEqual([]);
		// The record after a two-line field starts on line 4.
		expect(parsed.lines).toEqual([1, 2, 4]);
	});

	it('keeps empty fields, a trailing empty field included', () => {
		expect(parseCsv('a,,c,\n').records).toEqual([['a', '', 'c', '']]);
		expect(parseCsv('"",x\n').records).toEqual([['', 'x']]);
	});

	it('skips blank lines', () => {
		expect(parseCsv('a\n\n\nb\n').records).toEqual([['a'], ['b']]);
	});

	it('reads semicolon-separated files when the header has more semicolons than commas', () => {
		expect(detectDelimiter('name;email;note\n')).toBe(';');
		expect(detectDelimiter('"a;b",c\n')).toBe(',');
		const parsed = parseCsv('name;price\n"Lee; Jo";12,50\n');
		expect(parsed.delimiter).toBe(';');
		expect(parsed.records[1]).toEqual(['Lee; Jo', '12,50']);
	});

	it('reports a quoted field that is never closed, on the line where its record starts', () => {
		const parsed = parseCsv('a,b\n1,"open\n2,3\n');
		expect(parsed.problems).toEqual([
			{ line: 2, message: expect.stringContaining('never closed') }
		]);
	});

	it('reports text after a closing quote once for its record', () => {
		const parsed = parseCsv('a,b\n"x"y"z",2\n3,4\n');
		expect(parsed.problems).toHaveLength(1);
		expect(parsed.problems[0]?.line).toBe(2);
		expect(parsed.records[2]).toEqual(['3', '4']);
	});

	it('keeps a quote in the middle of an unquoted field as it is', () => {
		expect(parseCsv('5" needle,b\n').records).toEqual([['5" needle', 'b']]);
	});
});

describe('formatCsv and parseCsv', () => {
	const field = fc.string({
		unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\n', '\r', 'é', '€', '😀', '\t'),
		maxLength: 8
	});
	const record = fc
		.array(field, { minLength: 1, maxLength: 5 })
		.filter((cells) => !(cells.length === 1 && cells[0] === ''));

	it('round-trips any records, whatever their quotes, delimiters and line breaks', () => {
		fc.assert(
			fc.property(
				fc.array(record, { maxLength: 6 }),
				fc.constantFrom(',' as const, ';' as const),
				(records, delimiter) => {
					const parsed = parseCsv(formatCsv(records, delimiter), delimiter);
					expect(parsed.problems).toEqual([]);
					expect(parsed.records).toEqual(records);
				}
			),
			{ numRuns: 500 }
		);
	});
});
