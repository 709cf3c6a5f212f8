import type { DialectName } from './db/connection';

/**
 * The line `npm start` prints about what is starting: the demo or a real clinic (or one not
 * set up yet), and which database holds it (ADR 0036).
 */
export function modeLine(options: {
	clinic: { isDemo: boolean } | null;
	dialect: DialectName;
	dataDir: string;
}): string {
	const clinic = !options.clinic
		? 'a new clinic, not set up yet'
		: options.clinic.isDemo
			? 'the demo clinic (fictional people; CLINIC_DEMO=off for a real clinic)'
			: 'a real clinic';
	const database =
		options.dialect === 'sqlite' ? `SQLite in ${options.dataDir}` : 'PostgreSQL (DATABASE_URL)';
	return `clinic: ${clinic}, ${database}`;
}
