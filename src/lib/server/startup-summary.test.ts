import { describe, expect, it } from 'vitest';
import { modeLine } from './startup-summary';

describe('the start-up mode line', () => {
	it('names the demo clinic and where SQLite keeps it', () => {
		expect(modeLine({ clinic: { isDemo: true }, dialect: 'sqlite', dataDir: './data' })).toBe(
			'clinic: the demo clinic (fictional people; CLINIC_DEMO=off for a real clinic), SQLite in ./data'
		);
	});

	it('names a real clinic on PostgreSQL without printing the database URL', () => {
		expect(modeLine({ clinic: { isDemo: false }, dialect: 'postgres', dataDir: './data' })).toBe(
			'clinic: a real clinic, PostgreSQL (DATABASE_URL)'
		);
	});

	it('says when the clinic is not set up yet', () => {
		expect(modeLine({ clinic: null, dialect: 'sqlite', dataDir: '/srv/clinic' })).toBe(
			'clinic: a new clinic, not set up yet, SQLite in /srv/clinic'
		);
	});
});
