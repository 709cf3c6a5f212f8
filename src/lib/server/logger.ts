import pino from 'pino';

/**
 * The application's JSON logger. Log lines carry ids, counts and durations, never a patient's
 * name, contact details or health information.
 */
export const logger = pino({
	level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
	base: undefined
});
