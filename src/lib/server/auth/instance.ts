import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config';
import type { DatabaseHandle } from '../db/connection';
import { runtime } from '../runtime';
import type { CookieToSet } from './cookies';
import { createStaffAuthService, type StaffAuthService } from './service';

let service: StaffAuthService | null = null;

/**
 * The secret that signs staff cookies and encrypts TOTP secrets: AUTH_SECRET when set
 * (required with several app instances), otherwise one made at first start and kept in
 * DATA_DIR/auth-secret (mode 0600). Losing it signs everyone out and voids every TOTP.
 */
export function resolveAuthSecret(
	env: Record<string, string | undefined>,
	dataDir: string
): string {
	const given = env.AUTH_SECRET?.trim();
	if (given) {
		if (given.length < 32) throw new Error('AUTH_SECRET must be at least 32 characters');
		return given;
	}
	const file = join(dataDir, 'auth-secret');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	mkdirSync(dataDir, { recursive: true });
	const secret = randomBytes(48).toString('base64url');
	writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
	return secret;
}

/** A staff sign-in service over an open database (the server's, or the command line's). */
export function staffAuthFor(database: DatabaseHandle, config: Config): StaffAuthService {
	return createStaffAuthService({
		db: database.db,
		dialect: database.dialect,
		secret: resolveAuthSecret(process.env, config.dataDir),
		origin: config.origin,
		issuer: 'Clinic staff'
	});
}

/** The staff sign-in service of the running application. */
export function staffAuth(): StaffAuthService {
	if (service) return service;
	const { config, database } = runtime();
	service = staffAuthFor(database, config);
	return service;
}

/** Applies what a staff-auth call returned to SvelteKit's cookies. */
export function setAuthCookies(
	target: { set(name: string, value: string, options: CookieToSet['options']): void },
	cookies: CookieToSet[]
): void {
	for (const cookie of cookies) target.set(cookie.name, cookie.value, cookie.options);
}
