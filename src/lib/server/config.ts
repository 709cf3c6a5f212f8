import { z } from 'zod';

/** The application's configuration, read once from the environment at start-up. */
export interface Config {
	port: number;
	host: string;
	origin: URL;
	dataDir: string;
	databaseUrl: string | null;
	smtpUrl: string | null;
	clinicDemo: boolean;
	/** Booking requests one address may make per window (spam defence). */
	bookingRateLimit: { limit: number; windowSeconds: number };
	/**
	 * Posts one address (and one emailed link) may make to one public form that writes per
	 * window: the back pain check, feedback, check-in, intake, consent, the kiosk (ADR 0033).
	 */
	formRateLimit: { limit: number; windowSeconds: number };
}

// Zod runs later checks even after the URL check failed, so these must not throw.
const parseUrl = (value: string): URL | null => (URL.canParse(value) ? new URL(value) : null);

const schema = z.object({
	PORT: z.coerce
		.number({ error: 'must be a whole number from 1 to 65535' })
		.int('must be a whole number from 1 to 65535')
		.min(1, 'must be a whole number from 1 to 65535')
		.max(65535, 'must be a whole number from 1 to 65535')
		.default(3000),
	HOST: z.string().min(1, 'must not be empty').default('0.0.0.0'),
	ORIGIN: z
		.url({ error: 'must be a URL such as https://clinic.example' })
		.refine((value) => /^https?:$/.test(parseUrl(value)?.protocol ?? 'http:'), {
			message: 'must start with http:// or https://',
			abort: true
		})
		.refine((value) => (parseUrl(value)?.pathname ?? '/') === '/', {
			message: 'must not have a path (only scheme, host and port)'
		})
		.optional(),
	DATA_DIR: z.string().min(1, 'must not be empty').default('./data'),
	DATABASE_URL: z
		.string()
		.regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// URL (leave it unset for SQLite)')
		.optional(),
	SMTP_URL: z
		.string()
		.regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL (leave it unset for .eml files)')
		.optional(),
	CLINIC_DEMO: z.enum(['on', 'off'], { error: 'must be "on" or "off"' }).default('on'),
	BOOKING_RATE_LIMIT: z
		.string()
		.regex(/^\d{1,6}\/\d{1,6}$/, 'must be COUNT/SECONDS, e.g. 10/600')
		.default('10/600'),
	FORM_RATE_LIMIT: z
		.string()
		.regex(/^\d{1,6}\/\d{1,6}$/, 'must be COUNT/SECONDS, e.g. 60/600')
		.default('60/600')
});

/** `COUNT/SECONDS` as a rule; the schema has checked the shape. */
const rateRule = (value: string) => {
	const [limit, windowSeconds] = value.split('/').map(Number);
	return { limit: limit ?? 0, windowSeconds: windowSeconds ?? 0 };
};

/** Thrown with a one-line message naming the variable and what is wrong with it. */
export class ConfigError extends Error {
	override name = 'ConfigError';
}

/**
 * Parses the environment into a {@link Config}. Empty strings count as unset, because
 * `VAR= npm start` is how people usually "unset" something in a shell.
 * @throws {ConfigError} naming the first invalid variable.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
	const cleaned = Object.fromEntries(
		Object.keys(schema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]])
	);
	const result = schema.safeParse(cleaned);
	if (!result.success) {
		const issue = result.error.issues[0];
		const variable = String(issue?.path[0] ?? 'environment');
		throw new ConfigError(`${variable} ${issue?.message ?? 'is invalid'} (got "${env[variable]}")`);
	}
	const value = result.data;
	return {
		port: value.PORT,
		host: value.HOST,
		origin: new URL(value.ORIGIN ?? `http://localhost:${value.PORT}`),
		dataDir: value.DATA_DIR,
		databaseUrl: value.DATABASE_URL ?? null,
		smtpUrl: value.SMTP_URL ?? null,
		clinicDemo: value.CLINIC_DEMO === 'on',
		bookingRateLimit: {
			limit: Number(value.BOOKING_RATE_LIMIT.split('/')[0]),
			windowSeconds: Number(value.BOOKING_RATE_LIMIT.split('/')[1])
		},
		formRateLimit: rateRule(value.FORM_RATE_LIMIT)
	};
}
