import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { APIError } from 'better-auth/api';
import { symmetricDecrypt } from 'better-auth/crypto';
import type { Temporal } from 'temporal-polyfill';
import { renderSVG } from 'uqr';
import {
	absoluteTimeoutSeconds,
	clientAddressHeader,
	createStaffAuth,
	enrolmentTimeoutSeconds,
	type StaffAuth,
	type StaffAuthOptions,
	type StaffRole
} from './config';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { findActiveEmergencyGrant } from '../db/repositories/emergency-access-repository';
import { isDeactivated } from '../db/repositories/staff-repository';
import { claimTotpStep } from '../db/repositories/totp-step-repository';
import { cookiesFrom, readCookie, withCookies, type CookieToSet } from './cookies';
import { knownDeviceCookieName, knownDeviceFor, rememberDevice } from './known-device';
import { checkPassword, passwordProblemMessages, type PasswordProblem } from './password-policy';
import {
	accountAddressKey,
	accountAlarmFailures,
	accountKey,
	addressKey,
	clearFailures,
	countFailures,
	deviceKey,
	nowInstant,
	recordFailure,
	secondsUntilAllowed,
	underAttackRule
} from './throttle';
import { matchingTotpStep } from './totp-step';

/** Who is signed in, as hooks put it in `event.locals.staff`. */
export interface StaffSession {
	userId: string;
	email: string;
	name: string;
	role: StaffRole;
	/** 'enrol': password accepted, no second factor yet; only the enrolment page may be used. */
	stage: 'enrol' | 'signed_in';
	/** When 30 idle minutes run out (moves on with every request). */
	idleExpiresAt: Date;
	/** When the session ends whatever happens. */
	endsAt: Date;
	/** An owner's break-glass grant in force now, read afresh with every request. */
	emergencyAccess: { until: Date } | null;
}

export interface TotpEnrolment {
	/** `otpauth://totp/...`: the QR code's content; also a link for phone browsers. */
	otpauthUri: string;
	/** The base32 secret, for typing into an app by hand. */
	secret: string;
	/** The QR code as an SVG document (no script, no style: fine under our CSP). */
	qrSvg: string;
	/** The same as a `data:` URI for `<img src>` (CSP img-src allows data:), no {@html}. */
	qrDataUri: string;
}

export type SignInResult =
	| { kind: 'second_factor'; cookies: CookieToSet[] }
	| { kind: 'enrol'; cookies: CookieToSet[]; enrolment: TotpEnrolment }
	| { kind: 'refused'; message: string }
	| { kind: 'throttled'; retryAfterSeconds: number; message: string };

export type SecondFactorResult =
	| { kind: 'signed_in'; cookies: CookieToSet[] }
	| { kind: 'invalid'; message: string }
	| { kind: 'expired'; cookies: CookieToSet[]; message: string }
	| { kind: 'throttled'; retryAfterSeconds: number; message: string };

export type EnrolResult =
	| { kind: 'enrolled'; cookies: CookieToSet[]; recoveryCodes: string[] }
	| { kind: 'invalid'; message: string }
	| { kind: 'no_session' };

export type SetPasswordResult =
	| { kind: 'done' }
	| { kind: 'weak'; problem: PasswordProblem; message: string }
	| { kind: 'invalid_link' };

export const messages = {
	refused: 'That email and password do not match an account. Check both and try again.',
	throttled: (seconds: number) =>
		`Too many failed attempts. Wait ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''} and try again.`,
	invalidCode: 'That code is not right. Enter the current 6-digit code from your app.',
	usedCode: 'That code has been used already. Wait for the next code in your app and enter it.',
	invalidRecoveryCode: 'That recovery code is not right, or it has been used already.',
	expired: 'Your sign-in took too long or had too many wrong codes. Please sign in again.'
} as const;

export interface StaffAuthServiceOptions extends StaffAuthOptions {
	/** The clinic's name and similar words a password must not be built on. */
	passwordContext?: string[];
	now?: () => Temporal.Instant;
}

/**
 * Staff sign-in for routes and hooks. Every function takes the request's headers (for its
 * cookies) and returns the cookies to set, so a form action does
 * `for (const c of result.cookies) cookies.set(c.name, c.value, c.options)`.
 */
export function createStaffAuthService(options: StaffAuthServiceOptions) {
	const auth: StaffAuth = createStaffAuth(options);
	const { db } = options;
	const now = options.now ?? nowInstant;
	const https = options.origin.protocol === 'https:';
	const devices = { cookieName: knownDeviceCookieName(https), secret: options.secret };
	const seconds = (instant: Temporal.Instant) => Math.floor(instant.epochMilliseconds / 1000);

	/**
	 * What a sign-in attempt must wait, and which counts a failure adds to (ADR 0032). A browser
	 * that has signed in to this account before is counted on its own; anyone else on the
	 * address, and, while the account is under attack, on the account and address together.
	 */
	async function throttleFor(email: string, address: string, headers: Headers) {
		const at = now();
		const device = knownDeviceFor(devices, headers, email, seconds(at));
		const account = accountKey(email);
		if (device) {
			const keys = [deviceKey(device)];
			return { wait: await secondsUntilAllowed(db, keys, at), failureKeys: [...keys, account] };
		}
		const pair = accountAddressKey(email, address);
		let wait = await secondsUntilAllowed(db, [addressKey(address)], at);
		if ((await countFailures(db, account, at)) >= accountAlarmFailures) {
			wait = Math.max(wait, await secondsUntilAllowed(db, [pair], at, underAttackRule));
		}
		return { wait, failureKeys: [addressKey(address), pair, account] };
	}

	/**
	 * The account a sign-in waiting for its second factor belongs to, read from better-auth's
	 * signed challenge cookie; null when there is none or it is not genuine.
	 */
	async function pendingSignIn(headers: Headers): Promise<{ id: string; email: string } | null> {
		const context = await auth.$context;
		const raw = readCookie(headers, context.createAuthCookie('two_factor').name);
		const at = raw?.lastIndexOf('.') ?? -1;
		if (!raw || at < 1) return null;
		const value = raw.slice(0, at);
		const expected = Buffer.from(
			createHmac('sha256', context.secret).update(value).digest('base64')
		);
		const given = Buffer.from(raw.slice(at + 1));
		if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
		const challenge = await context.internalAdapter.findVerificationValue(value);
		if (!challenge || challenge.expiresAt.getTime() < Date.now()) return null;
		const user = await context.internalAdapter.findUserById(challenge.value);
		return user ? { id: user.id, email: user.email } : null;
	}

	/**
	 * Claims the time step of a right TOTP code for the account, so that the same code (or an
	 * earlier one) is refused from now on (ASVS 5.0 6.5.1). 'wrong' leaves the refusal to
	 * better-auth, which counts it. Clock: better-auth's own (Date.now), so both agree.
	 */
	async function claimTotpCode(
		userId: string,
		code: string
	): Promise<'claimed' | 'used' | 'wrong'> {
		const row = await db
			.selectFrom('staff_two_factor')
			.select('secret')
			.where('user_id', '=', userId)
			.executeTakeFirst();
		if (!row) return 'wrong';
		const context = await auth.$context;
		const secret = await symmetricDecrypt({ key: context.secretConfig, data: row.secret });
		// Secrets imported from elsewhere ("base32:...") do not occur: we only generate them.
		const step = matchingTotpStep(Buffer.from(secret, 'utf8'), code, Date.now());
		if (step === null) return 'wrong';
		return (await claimTotpStep(db, userId, step)) ? 'claimed' : 'used';
	}

	/** The request's headers without anything a browser could use to pick its address. */
	function requestHeaders(headers: Headers, address: string | null): Headers {
		const result = new Headers();
		const cookie = headers.get('cookie');
		if (cookie) result.set('cookie', cookie);
		const agent = headers.get('user-agent');
		if (agent) result.set('user-agent', agent.slice(0, 300));
		if (address) result.set(clientAddressHeader, address);
		return result;
	}

	async function startTotpEnrolment(headers: Headers, password: string): Promise<TotpEnrolment> {
		const { response } = await auth.api.enableTwoFactor({
			body: { password, method: 'totp' },
			headers,
			returnHeaders: true
		});
		const otpauthUri = response.method === 'totp' ? response.totpURI : '';
		const secret = new URL(otpauthUri).searchParams.get('secret') ?? '';
		const qrSvg = renderSVG(otpauthUri, { border: 2 });
		const qrDataUri = `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString('base64')}`;
		return { otpauthUri, secret, qrSvg, qrDataUri };
	}

	/** Sign-ins and their failures go to the audit log (no passwords, no codes). */
	async function auditSignIn(action: string, label: string, address: string, userId?: string) {
		await appendAuditEvent(db, {
			at: now(),
			actor: { type: 'staff', id: userId ?? null, label },
			action,
			ip: address
		});
	}

	async function signIn(input: {
		email: string;
		password: string;
		address: string;
		headers: Headers;
	}): Promise<SignInResult> {
		const email = input.email.trim().toLowerCase();
		const { wait, failureKeys: keys } = await throttleFor(email, input.address, input.headers);
		if (wait > 0) {
			await auditSignIn('staff.sign_in.throttled', email, input.address);
			return { kind: 'throttled', retryAfterSeconds: wait, message: messages.throttled(wait) };
		}
		const headers = requestHeaders(input.headers, input.address);
		// A deactivated account gets the same answer as a wrong password: no hint either way,
		// not even in the time taken (the password is hashed, as better-auth does for an
		// unknown email and as checking a real password costs).
		if (await isDeactivated(db, { email })) {
			await (await auth.$context).password.hash(input.password);
			await recordFailure(db, keys, now());
			await auditSignIn('staff.sign_in.deactivated', email, input.address);
			return { kind: 'refused', message: messages.refused };
		}
		let result;
		try {
			result = await auth.api.signInEmail({
				body: { email, password: input.password, rememberMe: true },
				headers,
				returnHeaders: true
			});
		} catch (error) {
			if (!isApiError(error, 'UNAUTHORIZED') && !isApiError(error, 'BAD_REQUEST')) throw error;
			await recordFailure(db, keys, now());
			await auditSignIn('staff.sign_in.password_refused', email, input.address);
			return { kind: 'refused', message: messages.refused };
		}
		await auditSignIn('staff.sign_in.password_accepted', email, input.address);
		const cookies = cookiesFrom(result.headers);
		if ((result.response as { twoFactorRedirect?: boolean }).twoFactorRedirect) {
			return { kind: 'second_factor', cookies };
		}
		// First sign-in: the session it made only lets this person enrol a second factor.
		const enrolment = await startTotpEnrolment(withCookies(headers, cookies), input.password);
		return { kind: 'enrol', cookies, enrolment };
	}

	async function verifySecondFactor(input: {
		code: string;
		method: 'totp' | 'recovery';
		address: string;
		headers: Headers;
	}): Promise<SecondFactorResult> {
		const pending = await pendingSignIn(input.headers);
		const device = pending
			? knownDeviceFor(devices, input.headers, pending.email, seconds(now()))
			: null;
		// A known device is counted on its own here too: other people's failures on a shared
		// address must not keep its owner from entering the code.
		const keys = device ? [deviceKey(device)] : [addressKey(input.address)];
		const wait = await secondsUntilAllowed(db, keys, now());
		if (wait > 0)
			return { kind: 'throttled', retryAfterSeconds: wait, message: messages.throttled(wait) };
		const headers = requestHeaders(input.headers, input.address);
		const code = input.code.replace(/\s+/g, '');
		if (pending && input.method === 'totp') {
			if ((await claimTotpCode(pending.id, code)) === 'used') {
				await recordFailure(db, keys, now());
				await auditSignIn('staff.sign_in.code_reused', pending.email, input.address, pending.id);
				return { kind: 'invalid', message: messages.usedCode };
			}
		}
		try {
			const result =
				input.method === 'totp'
					? await auth.api.verifyTOTP({
							body: { code, trustDevice: false },
							headers,
							returnHeaders: true
						})
					: await auth.api.verifyBackupCode({
							body: { code, trustDevice: false },
							headers,
							returnHeaders: true
						});
			const user = (result.response as { user?: { email?: string; id?: string } }).user;
			const email = user?.email;
			const cookies = cookiesFrom(result.headers);
			if (email) {
				await clearFailures(
					db,
					accountKey(email),
					accountAddressKey(email, input.address),
					...(device ? [deviceKey(device)] : [])
				);
				// This browser is known to this account from now on (ADR 0032).
				cookies.push(rememberDevice(devices, input.headers, email, seconds(now()), https));
			}
			await auditSignIn('staff.sign_in', email ?? 'unknown', input.address, user?.id);
			return { kind: 'signed_in', cookies };
		} catch (error) {
			if (!(error instanceof APIError)) throw error;
			const code = errorCode(error);
			if (code === 'INVALID_CODE' || code === 'INVALID_BACKUP_CODE') {
				await recordFailure(db, keys, now());
				await auditSignIn('staff.sign_in.code_refused', 'unknown', input.address);
				const message =
					input.method === 'totp' ? messages.invalidCode : messages.invalidRecoveryCode;
				return { kind: 'invalid', message };
			}
			if (code === 'ACCOUNT_TEMPORARILY_LOCKED') {
				return {
					kind: 'throttled',
					retryAfterSeconds: 15 * 60,
					message: messages.throttled(15 * 60)
				};
			}
			// INVALID_TWO_FACTOR_COOKIE, TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE, TOTP_NOT_ENABLED...
			return {
				kind: 'expired',
				cookies: cookiesFrom(error.headers ?? null),
				message: messages.expired
			};
		}
	}

	/** Raw better-auth session, refreshed (sliding expiry) when due. */
	async function readSession(headers: Headers) {
		const result = await auth.api.getSession({ headers, returnHeaders: true });
		return { data: result.response, cookies: cookiesFrom(result.headers) };
	}

	async function signOut(headers: Headers): Promise<CookieToSet[]> {
		try {
			const result = await auth.api.signOut({ headers, returnHeaders: true });
			return cookiesFrom(result.headers);
		} catch (error) {
			if (error instanceof APIError) return cookiesFrom(error.headers ?? null);
			throw error;
		}
	}

	/**
	 * The signed-in staff member, or null. Ends sessions past their limit: 12 hours after
	 * the second factor, 15 minutes for one still enrolling. Hooks set the returned cookies
	 * (a refreshed expiry, or their removal).
	 */
	async function getStaffSession(
		headers: Headers
	): Promise<{ session: StaffSession | null; cookies: CookieToSet[] }> {
		const { data, cookies } = await readSession(headers);
		if (!data) return { session: null, cookies };
		if (await isDeactivated(db, { id: data.user.id })) {
			return { session: null, cookies: await signOut(withCookies(headers, cookies)) };
		}
		const enrolled = Boolean(data.user.twoFactorEnabled);
		const createdAt = new Date(data.session.createdAt);
		const limit = enrolled ? absoluteTimeoutSeconds : enrolmentTimeoutSeconds;
		const endsAt = new Date(createdAt.getTime() + limit * 1000);
		if (endsAt.getTime() <= now().epochMilliseconds) {
			return { session: null, cookies: await signOut(withCookies(headers, cookies)) };
		}
		// Only a fully signed-in member can use a grant; revoking it takes effect at once.
		const grant = enrolled ? await findActiveEmergencyGrant(db, data.user.id, now()) : null;
		const session: StaffSession = {
			userId: data.user.id,
			email: data.user.email,
			name: data.user.name,
			role: data.user.role as StaffRole,
			stage: enrolled ? 'signed_in' : 'enrol',
			idleExpiresAt: new Date(data.session.expiresAt),
			endsAt,
			emergencyAccess: grant ? { until: new Date(grant.endsAt.epochMilliseconds) } : null
		};
		return { session, cookies };
	}

	/** Shows a fresh QR code for a session that is still enrolling (e.g. after a reload). */
	async function restartTotpEnrolment(
		headers: Headers,
		password: string
	): Promise<TotpEnrolment | null> {
		try {
			return await startTotpEnrolment(headers, password);
		} catch (error) {
			if (isApiError(error, 'BAD_REQUEST') || isApiError(error, 'UNAUTHORIZED')) return null;
			throw error;
		}
	}

	/** Checks the first code from the new authenticator; then shows the recovery codes once. */
	async function confirmTotpEnrolment(headers: Headers, code: string): Promise<EnrolResult> {
		const { data } = await readSession(headers);
		if (!data || data.user.twoFactorEnabled) return { kind: 'no_session' };
		const digits = code.replace(/\s+/g, '');
		// The code that confirmed the app is used up: it cannot also open the next sign-in.
		if ((await claimTotpCode(data.user.id, digits)) === 'used') {
			return { kind: 'invalid', message: messages.usedCode };
		}
		try {
			const result = await auth.api.verifyTOTP({
				body: { code: digits },
				headers,
				returnHeaders: true
			});
			await clearFailures(db, accountKey(data.user.email));
			const codes = await auth.api.viewBackupCodes({ body: { userId: data.user.id } });
			// Enrolment ends with the second factor accepted: this browser is known from now on.
			const device = rememberDevice(devices, headers, data.user.email, seconds(now()), https);
			return {
				kind: 'enrolled',
				cookies: [...cookiesFrom(result.headers), device],
				recoveryCodes: codes.backupCodes
			};
		} catch (error) {
			if (error instanceof APIError && errorCode(error) === 'INVALID_CODE') {
				return { kind: 'invalid', message: messages.invalidCode };
			}
			throw error;
		}
	}

	/** A new set of ten recovery codes (the old ones stop working); needs the password. */
	async function regenerateRecoveryCodes(
		headers: Headers,
		password: string
	): Promise<string[] | null> {
		try {
			const result = await auth.api.generateBackupCodes({ body: { password }, headers });
			return result.backupCodes;
		} catch (error) {
			if (isApiError(error, 'BAD_REQUEST')) return null;
			throw error;
		}
	}

	/** Adds a staff member without a password; they choose it through a setup link. */
	async function createStaffMember(input: {
		email: string;
		name: string;
		role: StaffRole;
	}): Promise<string> {
		const context = await auth.$context;
		const user = await context.internalAdapter.createUser(
			{
				email: input.email.trim().toLowerCase(),
				name: input.name,
				role: input.role,
				emailVerified: true
			},
			{ method: 'admin' }
		);
		return user.id;
	}

	/** A one-time token for `/admin/setup/<token>`: choose a password, then enrol TOTP. */
	async function createSetupToken(userId: string, validSeconds = 72 * 3600): Promise<string> {
		const context = await auth.$context;
		const token = randomBytes(32).toString('base64url');
		await context.internalAdapter.createVerificationValue({
			identifier: `reset-password:${token}`,
			value: userId,
			expiresAt: new Date(now().epochMilliseconds + validSeconds * 1000)
		});
		return token;
	}

	/** Sets the password of a setup (or reset) link, which then stops working. */
	async function completeSetup(token: string, password: string): Promise<SetPasswordResult> {
		const context = await auth.$context;
		const link = await context.internalAdapter.findVerificationValue(`reset-password:${token}`);
		if (!link || link.expiresAt.getTime() < now().epochMilliseconds)
			return { kind: 'invalid_link' };
		const user = await context.internalAdapter.findUserById(link.value);
		if (!user) return { kind: 'invalid_link' };
		const problem = checkPassword(password, [
			user.email,
			user.name,
			...(options.passwordContext ?? [])
		]);
		if (problem) return { kind: 'weak', problem, message: passwordProblemMessages[problem] };
		try {
			await auth.api.resetPassword({ body: { token, newPassword: password } });
		} catch (error) {
			if (isApiError(error, 'BAD_REQUEST')) return { kind: 'invalid_link' };
			throw error;
		}
		return { kind: 'done' };
	}

	/** Sets a password directly (demo accounts, tests); the policy still applies. */
	async function setPassword(userId: string, password: string): Promise<PasswordProblem | null> {
		const context = await auth.$context;
		const user = await context.internalAdapter.findUserById(userId);
		if (!user) throw new Error(`no staff member ${userId}`);
		const problem = checkPassword(password, [user.email, user.name]);
		if (problem) return problem;
		const hash = await context.password.hash(password);
		const account = await context.internalAdapter.findCredentialAccount(userId);
		if (account) await context.internalAdapter.updatePassword(userId, hash);
		else {
			await context.internalAdapter.linkAccount({
				userId,
				providerId: 'credential',
				accountId: userId,
				password: hash
			});
		}
		return null;
	}

	/**
	 * A one-time link for the first owner of a real clinic (no account exists yet): whoever
	 * opens it names the owner, chooses the password, then enrols a second factor at sign-in.
	 * It stops working once any owner exists.
	 */
	async function createOwnerSetupToken(validSeconds = 72 * 3600): Promise<string> {
		const context = await auth.$context;
		const token = randomBytes(32).toString('base64url');
		await context.internalAdapter.createVerificationValue({
			identifier: `owner-setup:${token}`,
			value: 'owner',
			expiresAt: new Date(now().epochMilliseconds + validSeconds * 1000)
		});
		return token;
	}

	/** What a setup link is for: the first owner, an existing staff member, or nothing. */
	async function describeSetupToken(token: string): Promise<'owner' | 'staff' | null> {
		if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
		const context = await auth.$context;
		const live = (value: { expiresAt: Date } | null) =>
			value !== null && value.expiresAt.getTime() >= now().epochMilliseconds;
		if (live(await context.internalAdapter.findVerificationValue(`owner-setup:${token}`))) {
			return (await hasOwner()) ? null : 'owner';
		}
		if (live(await context.internalAdapter.findVerificationValue(`reset-password:${token}`))) {
			return 'staff';
		}
		return null;
	}

	/** Creates the first owner from an owner setup link, which then stops working. */
	async function completeOwnerSetup(
		token: string,
		input: { name: string; email: string; password: string }
	): Promise<SetPasswordResult> {
		if ((await describeSetupToken(token)) !== 'owner') return { kind: 'invalid_link' };
		const problem = checkPassword(input.password, [
			input.email,
			input.name,
			...(options.passwordContext ?? [])
		]);
		if (problem) return { kind: 'weak', problem, message: passwordProblemMessages[problem] };
		const context = await auth.$context;
		await context.internalAdapter.deleteVerificationByIdentifier(`owner-setup:${token}`);
		const userId = await createStaffMember({ email: input.email, name: input.name, role: 'owner' });
		return completeSetup(await createSetupToken(userId, 600), input.password);
	}

	/** Whether a staff account uses this email already. */
	async function staffEmailExists(email: string): Promise<boolean> {
		const row = await db
			.selectFrom('staff_user')
			.select('id')
			.where('email', '=', email.trim().toLowerCase())
			.executeTakeFirst();
		return row !== undefined;
	}

	async function hasOwner(): Promise<boolean> {
		const row = await db
			.selectFrom('staff_user')
			.select('id')
			.where('role', '=', 'owner')
			.executeTakeFirst();
		return row !== undefined;
	}

	/** Deletes expired sessions and tokens (run now and then, like the rate-limit purge). */
	async function purgeExpired(): Promise<void> {
		// ISO text with milliseconds: what better-auth writes on SQLite; PostgreSQL parses it.
		const stamp = new Date(now().epochMilliseconds).toISOString();
		await db.deleteFrom('staff_session').where('expires_at', '<', stamp).execute();
		await db.deleteFrom('staff_verification').where('expires_at', '<', stamp).execute();
	}

	return {
		auth,
		signIn,
		verifySecondFactor,
		getStaffSession,
		signOut,
		restartTotpEnrolment,
		confirmTotpEnrolment,
		regenerateRecoveryCodes,
		createStaffMember,
		createSetupToken,
		completeSetup,
		setPassword,
		hasOwner,
		staffEmailExists,
		createOwnerSetupToken,
		describeSetupToken,
		completeOwnerSetup,
		purgeExpired
	};
}

export type StaffAuthService = ReturnType<typeof createStaffAuthService>;

function errorCode(error: APIError): string | undefined {
	return (error.body as { code?: string } | undefined)?.code;
}

function isApiError(error: unknown, status: string): boolean {
	return error instanceof APIError && error.status === status;
}
