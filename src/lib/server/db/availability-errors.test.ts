import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './availability-errors';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
	it.each([
		withCode('ECONNREFUSED'),
		withCode('57P03'),
		withCode('55000'),
		new Error('timeout exceeded when trying to connect'),
		new Error('Connection terminated unexpectedly'),
		withCode('3D000', 'database "x" does not allow connections'),
		// better-auth wraps the database's error in its own.
		Object.assign(new Error('Failed to get session'), { cause: withCode('ECONNREFUSED') })
	])('recognises %s as the database being unavailable', (error) => {
		expect(isDatabaseUnavailable(error)).toBe(true);
	});

	it.each([
		new Error('syntax error'),
		withCode('23505'),
		'a string',
		null,
		Object.assign(new Error('Failed to get session'), { cause: new Error('syntax error') })
	])('does not hide other errors (%s)', (error) => {
		expect(isDatabaseUnavailable(error)).toBe(false);
	});
});
