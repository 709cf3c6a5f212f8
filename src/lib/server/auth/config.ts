import { betterAuth } from 'better-auth';
import { staffRoles, type StaffRole } from '$lib/domain/staff/roles';
import { twoFactor } from 'better-auth/plugins';
import type { Kysely } from 'kysely';
import type { DialectName } from '../db/connection';
import type { Database } from '../db/schema';
import { hashPassword, verifyPassword } from './password-hash';
import { hashedVerificationPrefixes } from './setup-link';
import { maxPasswordLength, minPasswordLength } from './password-policy';

export { staffRoles, type StaffRole };

/** Log-off after this long without a request. */
export const idleTimeoutSeconds = 30 * 60;
/** Log-off this long after the second factor was accepted, whatever happens. */
export const absoluteTimeoutSeconds = 12 * 60 * 60;
/** A session that has not enrolled its second factor yet lives this long at most. */
export const enrolmentTimeoutSeconds = 15 * 60;
/** How long a sign-in may wait for its TOTP code. */
export const secondFactorTimeoutSeconds = 10 * 60;
/** The header our service puts the client address in (never the browser's own headers). */
export const clientAddressHeader = 'x-clinic-client-address';

export interface StaffAuthOptions {
	db: Kysely<Database>;
	dialect: DialectName;
	/** At least 32 random characters; signs cookies and encrypts TOTP secrets and codes. */
	secret: string;
	/** The public URL (ORIGIN): https makes the cookies `__Host-` and Secure. */
	origin: URL;
	/** Shown in authenticator apps as the account's issuer. */
	issuer: string;
}

/**
 * better-auth configured for the clinic's staff: our Kysely instance and tables (migration
 * 0004), argon2id, no self-sign-up, mandatory TOTP with recovery codes, sliding 30-minute
 * sessions. It is only ever called from our own server code (`auth.api.*`): no
 * `/api/auth/*` route is mounted, so its HTTP router, client and rate limiter are unused.
 */
export function createStaffAuth(options: StaffAuthOptions) {
	const https = options.origin.protocol === 'https:';
	return betterAuth({
		appName: options.issuer,
		baseURL: options.origin.origin,
		secret: options.secret,
		database: { db: options.db, type: options.dialect, transaction: true },
		telemetry: { enabled: false },
		// Its warnings name the reason of each failed sign-in ("User not found"): not for logs.
		logger: { level: 'error' },
		// Counted by our own throttle (database-backed, per account and per address).
		rateLimit: { enabled: false },
		emailAndPassword: {
			enabled: true,
			disableSignUp: true,
			minPasswordLength,
			maxPasswordLength,
			autoSignIn: false,
			revokeSessionsOnPasswordReset: true,
			password: { hash: hashPassword, verify: verifyPassword }
		},
		user: {
			modelName: 'staff_user',
			fields: {
				emailVerified: 'email_verified',
				createdAt: 'created_at',
				updatedAt: 'updated_at'
			},
			additionalFields: {
				role: { type: [...staffRoles], required: true, input: false }
			}
		},
		session: {
			modelName: 'staff_session',
			fields: {
				userId: 'user_id',
				expiresAt: 'expires_at',
				ipAddress: 'ip_address',
				userAgent: 'user_agent',
				createdAt: 'created_at',
				updatedAt: 'updated_at'
			},
			// Sliding: every request more than a minute after the last refresh moves expiry to
			// now + 30 minutes, so 30 idle minutes end it. The 12-hour cap is ours (service.ts).
			expiresIn: idleTimeoutSeconds,
			updateAge: 60,
			freshAge: 10 * 60,
			cookieCache: { enabled: false }
		},
		account: {
			modelName: 'staff_account',
			fields: {
				userId: 'user_id',
				accountId: 'account_id',
				providerId: 'provider_id',
				accessToken: 'access_token',
				refreshToken: 'refresh_token',
				idToken: 'id_token',
				accessTokenExpiresAt: 'access_token_expires_at',
				refreshTokenExpiresAt: 'refresh_token_expires_at',
				createdAt: 'created_at',
				updatedAt: 'updated_at'
			},
			accountLinking: { enabled: false }
		},
		verification: {
			modelName: 'staff_verification',
			fields: { expiresAt: 'expires_at', createdAt: 'created_at', updatedAt: 'updated_at' },
			// Setup links are stored as hashes only (ADR 0031, auth/setup-link.ts).
			storeIdentifier: {
				default: 'plain',
				overrides: Object.fromEntries(
					hashedVerificationPrefixes.map((prefix) => [prefix, 'hashed' as const])
				)
			}
		},
		advanced: {
			// `__Host-` needs Secure, which a browser refuses on plain http: there the cookies
			// go without the prefix and without Secure (development and tests only).
			cookiePrefix: https ? '__Host-clinic' : 'clinic',
			useSecureCookies: false,
			defaultCookieAttributes: { secure: https, httpOnly: true, sameSite: 'lax', path: '/' },
			ipAddress: { ipAddressHeaders: [clientAddressHeader] }
		},
		plugins: [
			twoFactor({
				issuer: options.issuer,
				totpOptions: { digits: 6, period: 30 },
				backupCodeOptions: { amount: 10, length: 10, storeBackupCodes: 'encrypted' },
				twoFactorCookieMaxAge: secondFactorTimeoutSeconds,
				// We never pass `trustDevice`, so no device skips the code; keep any stray
				// trust record short-lived all the same.
				trustDeviceMaxAge: 60,
				accountLockout: { enabled: true, maxFailedAttempts: 10, durationSeconds: 15 * 60 },
				schema: {
					user: { fields: { twoFactorEnabled: 'two_factor_enabled' } },
					twoFactor: {
						modelName: 'staff_two_factor',
						fields: {
							userId: 'user_id',
							backupCodes: 'backup_codes',
							failedVerificationCount: 'failed_verification_count',
							lockedUntil: 'locked_until'
						}
					}
				}
			})
		]
	});
}

export type StaffAuth = ReturnType<typeof createStaffAuth>;
