import { listAuditEvents } from '../db/repositories/audit-repository';
import { getMigrations } from 'better-auth/db/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	createTestDatabase,
	schemaShapes,
	testDialects,
	type TestDatabase
} from '../../../../tests/support/databases';
import { cookiesFrom, isRemoval, withCookies, type CookieToSet } from './cookies';
import { createStaffAuthService, messages, type StaffAuthService } from './service';
import { totpFromUri } from './totp.test-support';

const dialects = await testDialects();
const secret = 'spike-secret-3f9a1c0e7b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f';
const password = 'quiet lantern orbit 47';

/** A browser's cookie jar: what the service set, sent back on the next request. */
class Browser {
	headers = new Headers({ 'user-agent': 'vitest' });
	receive(cookies: CookieToSet[]) {
		this.headers = withCookies(this.headers, cookies);
	}
	cookieNames(): string[] {
		return (this.headers.get('cookie') ?? '')
			.split(';')
			.map((part) => part.split('=')[0]?.trim() ?? '')
			.filter(Boolean);
	}
}

describe('staff auth schema', () => {
	it('is the same on every dialect', async () => {
		const shapes = await schemaShapes(dialects, (name) => name.startsWith('staff_'));
		expect(Object.keys(shapes[0] ?? {})).toEqual([
			'staff_account',
			'staff_deactivation',
			'staff_practitioner',
			'staff_session',
			'staff_totp_step',
			'staff_two_factor',
			'staff_user',
			'staff_verification'
		]);
		for (const shape of shapes.slice(1)) expect(shape).toEqual(shapes[0]);
	});
});

describe.each(dialects)('staff sign-in on %s', (dialect) => {
	let database: TestDatabase;
	let service: StaffAuthService;
	let ownerId: string;
	let otpauthUri = '';
	let recoveryCodes: string[] = [];

	/**
	 * The authenticator's current code, as if the last sign-in were long past: each code is
	 * accepted once (ADR 0032), and these tests sign in more often than every 30 seconds.
	 */
	async function freshCode(): Promise<string> {
		await database.handle.db.updateTable('staff_totp_step').set({ last_step: 0 }).execute();
		return totpFromUri(otpauthUri);
	}

	/** Signs the owner in completely from `address` in `browser`. */
	async function signInFully(browser: Browser, address: string) {
		const first = await service.signIn({
			email: 'owner@example.org',
			password,
			address,
			headers: browser.headers
		});
		if (first.kind !== 'second_factor') throw new Error(`expected code, got ${first.kind}`);
		browser.receive(first.cookies);
		const ok = await service.verifySecondFactor({
			code: await freshCode(),
			method: 'totp',
			address,
			headers: browser.headers
		});
		if (ok.kind !== 'signed_in') throw new Error(`expected signed in, got ${ok.kind}`);
		browser.receive(ok.cookies);
		return ok;
	}

	beforeAll(async () => {
		database = await createTestDatabase(dialect);
		service = createStaffAuthService({
			db: database.handle.db,
			dialect,
			secret,
			origin: new URL('http://127.0.0.1:3000'),
			issuer: 'Willow Acupuncture',
			passwordContext: ['Willow Acupuncture']
		});
	});
	afterAll(async () => {
		await database?.dispose();
	});

	it('leaves better-auth nothing to migrate (our migration 0004 covers its schema)', async () => {
		const plan = await getMigrations(service.auth.options);
		expect(plan.toBeCreated).toEqual([]);
		expect(plan.toBeAdded).toEqual([]);
		expect(plan.toBeAddedIndexes).toEqual([]);
		expect(plan.schemaProblems).toEqual([]);
	});

	it('has no owner and no self-sign-up', async () => {
		expect(await service.hasOwner()).toBe(false);
		await expect(
			service.auth.api.signUpEmail({
				body: { email: 'x@example.org', password, name: 'X', role: 'owner' } as never
			})
		).rejects.toThrow();
	});

	it('sets up the owner through a one-time link, refusing weak passwords', async () => {
		ownerId = await service.createStaffMember({
			email: 'Owner@Example.org',
			name: 'Olive Owner',
			role: 'owner'
		});
		expect(await service.hasOwner()).toBe(true);
		const token = await service.createSetupToken(ownerId);
		expect(await service.completeSetup(token, 'short')).toMatchObject({ problem: 'too_short' });
		expect(await service.completeSetup(token, 'password1234')).toMatchObject({ problem: 'common' });
		expect(await service.completeSetup(token, 'qwertyuiop123')).toMatchObject({
			problem: 'common'
		});
		expect(await service.completeSetup(token, 'Dragon2024!!!')).toMatchObject({
			problem: 'common'
		});
		expect(await service.completeSetup(token, 'abcabcabcabcabc')).toMatchObject({
			problem: 'common'
		});
		expect(await service.completeSetup(token, 'willow-acupuncture')).toMatchObject({
			problem: 'personal'
		});
		expect(await service.completeSetup(token, password)).toEqual({ kind: 'done' });
		expect(await service.completeSetup(token, password)).toEqual({ kind: 'invalid_link' });
		const account = await database.handle.db
			.selectFrom('staff_account')
			.select(['password', 'provider_id'])
			.where('user_id', '=', ownerId)
			.executeTakeFirstOrThrow();
		expect(account.provider_id).toBe('credential');
		expect(account.password).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
	});

	it('refuses a wrong password with the same message as an unknown email', async () => {
		const browser = new Browser();
		const wrong = await service.signIn({
			email: 'owner@example.org',
			password: 'not the password at all',
			address: '192.0.2.1',
			headers: browser.headers
		});
		const unknown = await service.signIn({
			email: 'nobody@example.org',
			password,
			address: '192.0.2.1',
			headers: browser.headers
		});
		expect(wrong).toEqual({ kind: 'refused', message: messages.refused });
		expect(unknown).toEqual(wrong);
		// Both failures are in the audit log, with the address and the email tried.
		const refused = (await listAuditEvents(database.handle.db)).filter(
			(event) => event.action === 'staff.sign_in.password_refused'
		);
		expect(refused.map((event) => event.actor.label).sort()).toEqual([
			'nobody@example.org',
			'owner@example.org'
		]);
		expect(refused.every((event) => event.ip === '192.0.2.1')).toBe(true);
	});

	it('enrols TOTP at the first sign-in, then shows recovery codes once', async () => {
		const browser = new Browser();
		const result = await service.signIn({
			email: ' OWNER@example.org ',
			password,
			address: '192.0.2.2',
			headers: browser.headers
		});
		if (result.kind !== 'enrol') throw new Error(`expected enrolment, got ${result.kind}`);
		browser.receive(result.cookies);
		expect(browser.cookieNames()).toEqual(['clinic.session_token']);
		const uri = new URL(result.enrolment.otpauthUri);
		expect(uri.protocol).toBe('otpauth:');
		expect(uri.searchParams.get('issuer')).toBe('Willow Acupuncture');
		expect(decodeURIComponent(uri.pathname)).toContain('owner@example.org');
		expect(result.enrolment.secret).toMatch(/^[A-Z2-7]{32,}=*$/);
		expect(result.enrolment.qrSvg).toMatch(/^<svg[^>]*>/);
		expect(result.enrolment.qrSvg).not.toMatch(/style|script/i);
		otpauthUri = result.enrolment.otpauthUri;

		const enrolling = await service.getStaffSession(browser.headers);
		expect(enrolling.session).toMatchObject({ stage: 'enrol', role: 'owner' });

		const wrong = await service.confirmTotpEnrolment(browser.headers, '000000');
		expect(wrong.kind).toBe('invalid');
		const before = browser.headers.get('cookie');
		const done = await service.confirmTotpEnrolment(browser.headers, totpFromUri(otpauthUri));
		if (done.kind !== 'enrolled') throw new Error(`expected enrolled, got ${done.kind}`);
		expect(done.recoveryCodes).toHaveLength(10);
		recoveryCodes = done.recoveryCodes;
		browser.receive(done.cookies);
		expect(browser.headers.get('cookie')).not.toBe(before);
		const signedIn = await service.getStaffSession(browser.headers);
		expect(signedIn.session).toMatchObject({
			stage: 'signed_in',
			role: 'owner',
			email: 'owner@example.org',
			name: 'Olive Owner'
		});
		// The enrolment session was replaced, not kept.
		const sessions = await database.handle.db
			.selectFrom('staff_session')
			.select('id')
			.where('user_id', '=', ownerId)
			.execute();
		expect(sessions).toHaveLength(1);
	});

	it('asks for the code at the next sign-in and issues a new session token', async () => {
		const browser = new Browser();
		const first = await service.signIn({
			email: 'owner@example.org',
			password,
			address: '192.0.2.3',
			headers: browser.headers
		});
		if (first.kind !== 'second_factor') throw new Error(`expected code, got ${first.kind}`);
		browser.receive(first.cookies);
		expect(browser.cookieNames()).toEqual(['clinic.two_factor']);
		expect((await service.getStaffSession(browser.headers)).session).toBeNull();

		const wrong = await service.verifySecondFactor({
			code: '000000',
			method: 'totp',
			address: '192.0.2.3',
			headers: browser.headers
		});
		expect(wrong).toEqual({ kind: 'invalid', message: messages.invalidCode });
		const ok = await service.verifySecondFactor({
			code: await freshCode(),
			method: 'totp',
			address: '192.0.2.3',
			headers: browser.headers
		});
		if (ok.kind !== 'signed_in') throw new Error(`expected signed in, got ${ok.kind}`);
		browser.receive(ok.cookies);
		expect(browser.cookieNames()).toEqual(['clinic.session_token', 'clinic.known_device']);
		const sessionCookie = ok.cookies.find((c) => c.name === 'clinic.session_token');
		expect(sessionCookie?.options).toMatchObject({
			httpOnly: true,
			secure: false,
			sameSite: 'lax',
			path: '/',
			maxAge: 1800
		});
		const { session } = await service.getStaffSession(browser.headers);
		expect(session?.stage).toBe('signed_in');
		expect(session!.endsAt.getTime() - Date.now()).toBeGreaterThan(11.9 * 3600 * 1000);
		expect(session!.idleExpiresAt.getTime() - Date.now()).toBeLessThanOrEqual(1800 * 1000);

		// The challenge cookie was used up with the sign-in.
		const again = await service.verifySecondFactor({
			code: totpFromUri(otpauthUri),
			method: 'totp',
			address: '192.0.2.3',
			headers: withCookies(new Headers(), first.cookies)
		});
		expect(again.kind).toBe('expired');
	});

	it('accepts a recovery code once', async () => {
		const code = recoveryCodes[0]!;
		for (const expected of ['signed_in', 'invalid']) {
			const browser = new Browser();
			const first = await service.signIn({
				email: 'owner@example.org',
				password,
				address: '192.0.2.4',
				headers: browser.headers
			});
			if (first.kind !== 'second_factor') throw new Error(first.kind);
			browser.receive(first.cookies);
			const result = await service.verifySecondFactor({
				code,
				method: 'recovery',
				address: '192.0.2.4',
				headers: browser.headers
			});
			expect(result.kind).toBe(expected);
		}
	});

	it('ends a session after 30 idle minutes, or 12 hours after sign-in', async () => {
		const db = database.handle.db;
		// ISO text suits both: PostgreSQL reads it into timestamptz, SQLite stores what better-auth does.
		const stamp = (date: Date) => date.toISOString();
		const signIn = async () => {
			const browser = new Browser();
			const first = await service.signIn({
				email: 'owner@example.org',
				password,
				address: '192.0.2.5',
				headers: browser.headers
			});
			if (first.kind !== 'second_factor') throw new Error(first.kind);
			browser.receive(first.cookies);
			const ok = await service.verifySecondFactor({
				code: await freshCode(),
				method: 'totp',
				address: '192.0.2.5',
				headers: browser.headers
			});
			if (ok.kind !== 'signed_in') throw new Error(ok.kind);
			browser.receive(ok.cookies);
			const { session } = await service.getStaffSession(browser.headers);
			const row = await db
				.selectFrom('staff_session')
				.select(['id', 'token'])
				.orderBy('created_at', 'desc')
				.executeTakeFirstOrThrow();
			return { browser, session: session!, row };
		};

		// Activity more than a minute after the last refresh slides the expiry on.
		const active = await signIn();
		const lastSeen = new Date(Date.now() - 10 * 60 * 1000);
		await db
			.updateTable('staff_session')
			.set({
				updated_at: stamp(lastSeen),
				expires_at: stamp(new Date(lastSeen.getTime() + 1800 * 1000))
			})
			.where('id', '=', active.row.id)
			.execute();
		const refreshed = await service.getStaffSession(active.browser.headers);
		expect(refreshed.session!.idleExpiresAt.getTime()).toBeGreaterThan(Date.now() + 1790 * 1000);
		expect(refreshed.cookies.map((c) => [c.name, c.options.maxAge])).toEqual([
			['clinic.session_token', 1800]
		]);

		// Idle past its expiry: gone, and the cookie is removed.
		const idle = await signIn();
		await db
			.updateTable('staff_session')
			.set({ expires_at: stamp(new Date(Date.now() - 1000)) })
			.where('id', '=', idle.row.id)
			.execute();
		const expired = await service.getStaffSession(idle.browser.headers);
		expect(expired.session).toBeNull();
		expect(expired.cookies.some((c) => c.name === 'clinic.session_token' && isRemoval(c))).toBe(
			true
		);

		// Busy all day: still ended 12 hours after sign-in.
		const long = await signIn();
		await db
			.updateTable('staff_session')
			.set({ created_at: stamp(new Date(Date.now() - 12 * 3600 * 1000 - 1000)) })
			.where('id', '=', long.row.id)
			.execute();
		const capped = await service.getStaffSession(long.browser.headers);
		expect(capped.session).toBeNull();
		expect(capped.cookies.some((c) => c.name === 'clinic.session_token' && isRemoval(c))).toBe(
			true
		);
		const left = await db
			.selectFrom('staff_session')
			.select('id')
			.where('id', '=', long.row.id)
			.execute();
		expect(left).toHaveLength(0);
	});

	it('signs out', async () => {
		const browser = new Browser();
		const first = await service.signIn({
			email: 'owner@example.org',
			password,
			address: '192.0.2.6',
			headers: browser.headers
		});
		if (first.kind !== 'second_factor') throw new Error(first.kind);
		browser.receive(first.cookies);
		const ok = await service.verifySecondFactor({
			code: await freshCode(),
			method: 'totp',
			address: '192.0.2.6',
			headers: browser.headers
		});
		if (ok.kind !== 'signed_in') throw new Error(ok.kind);
		browser.receive(ok.cookies);
		const stale = new Headers(browser.headers);
		const cookies = await service.signOut(browser.headers);
		expect(cookies.every(isRemoval)).toBe(true);
		browser.receive(cookies);
		expect((await service.getStaffSession(browser.headers)).session).toBeNull();
		// A copy of the old cookie is worthless too.
		expect((await service.getStaffSession(stale)).session).toBeNull();
	});

	it('accepts a TOTP code once, and never an earlier one', async () => {
		const db = database.handle.db;
		const signInWith = async (code: string) => {
			const browser = new Browser();
			const first = await service.signIn({
				email: 'owner@example.org',
				password,
				address: '192.0.2.8',
				headers: browser.headers
			});
			if (first.kind !== 'second_factor') throw new Error(first.kind);
			browser.receive(first.cookies);
			return service.verifySecondFactor({
				code,
				method: 'totp',
				address: '192.0.2.8',
				headers: browser.headers
			});
		};
		const code = await freshCode();
		expect((await signInWith(code)).kind).toBe('signed_in');
		const step = await db
			.selectFrom('staff_totp_step')
			.select('last_step')
			.where('user_id', '=', ownerId)
			.executeTakeFirstOrThrow();
		expect(step.last_step).toBeGreaterThanOrEqual(Math.floor(Date.now() / 30_000) - 1);
		// The same code again, even seconds later and with the right password: refused.
		expect(await signInWith(code)).toEqual({ kind: 'invalid', message: messages.usedCode });
		// So is the code of the step before, which the window would otherwise accept.
		const used = Number(step.last_step);
		const earlier = totpFromUri(otpauthUri, (used - 1) * 30_000);
		if (used - 1 >= Math.floor(Date.now() / 30_000) - 1) {
			expect((await signInWith(earlier)).kind).toBe('invalid');
		}
		const reused = (await listAuditEvents(db)).filter(
			(event) => event.action === 'staff.sign_in.code_reused'
		);
		expect(reused.length).toBeGreaterThanOrEqual(1);
		// The next step's code works (an app shows it 30 seconds later).
		const next = totpFromUri(otpauthUri, (used + 1) * 30_000);
		if (used + 1 <= Math.floor(Date.now() / 30_000) + 1) {
			expect((await signInWith(next)).kind).toBe('signed_in');
		}
	});

	it('lets the owner in after wrong passwords from 12 addresses (ADR 0032)', async () => {
		// A browser that signed in before keeps a signed "known device" cookie.
		const known = new Browser();
		const signedIn = await signInFully(known, '192.0.2.20');
		const deviceCookie = signedIn.cookies.find((c) => c.name === 'clinic.known_device');
		expect(deviceCookie?.options).toMatchObject({
			httpOnly: true,
			sameSite: 'strict',
			path: '/',
			maxAge: 180 * 24 * 3600
		});

		for (const email of ['owner@example.org', 'ghost@example.org']) {
			const results = [];
			for (let attempt = 0; attempt < 12; attempt++) {
				results.push(
					await service.signIn({
						email,
						password: 'wrong password here',
						address: `198.51.100.${attempt}`,
						headers: new Headers()
					})
				);
			}
			// Refused, never locked: an unknown email is answered the same way.
			expect(results.every((r) => r.kind === 'refused')).toBe(true);
		}
		// The right password from a new address reaches the second factor, and signs in.
		const fresh = new Browser();
		await signInFully(fresh, '203.0.113.50');

		// Another attack of 12, then the known browser, from an address that others' failures
		// have blocked (a shared office): it still reaches the second factor.
		for (let attempt = 0; attempt < 12; attempt++) {
			await service.signIn({
				email: 'owner@example.org',
				password: 'wrong password here',
				address: `198.51.100.${attempt}`,
				headers: new Headers()
			});
		}
		const office = '203.0.113.77';
		for (let attempt = 0; attempt < 10; attempt++) {
			await service.signIn({
				email: `colleague${attempt}@example.org`,
				password: 'wrong password here',
				address: office,
				headers: new Headers()
			});
		}
		const stranger = await service.signIn({
			email: 'owner@example.org',
			password,
			address: office,
			headers: new Headers()
		});
		expect(stranger).toMatchObject({ kind: 'throttled' });
		const fromKnown = await service.signIn({
			email: 'owner@example.org',
			password,
			address: office,
			headers: known.headers
		});
		expect(fromKnown.kind).toBe('second_factor');
		if (fromKnown.kind !== 'second_factor') return;
		known.receive(fromKnown.cookies);
		const ok = await service.verifySecondFactor({
			code: await freshCode(),
			method: 'totp',
			address: office,
			headers: known.headers
		});
		expect(ok.kind).toBe('signed_in');
		// A forged or foreign device cookie counts for nothing.
		const forged = new Headers({ cookie: 'clinic.known_device=abc.1.xyz.bad' });
		const fromForged = await service.signIn({
			email: 'owner@example.org',
			password,
			address: office,
			headers: forged
		});
		expect(fromForged).toMatchObject({ kind: 'throttled' });
	});

	it('still slows an attacker down on each address while the account is under attack', async () => {
		// Ten failures from ten addresses put the account under attack...
		for (let attempt = 0; attempt < 10; attempt++) {
			const result = await service.signIn({
				email: 'owner@example.org',
				password: 'wrong password here',
				address: `198.51.101.${attempt}`,
				headers: new Headers()
			});
			expect(result.kind).toBe('refused');
		}
		// ...then each of them has one more guess at it, and waits 5 minutes after that.
		const attacker = '198.51.101.0';
		const second = await service.signIn({
			email: 'owner@example.org',
			password: 'still wrong here',
			address: attacker,
			headers: new Headers()
		});
		expect(second.kind).toBe('refused');
		const third = await service.signIn({
			email: 'owner@example.org',
			password,
			address: attacker,
			headers: new Headers()
		});
		expect(third).toMatchObject({ kind: 'throttled', retryAfterSeconds: 300 });
		// The address may still try other accounts (its own limit is not reached)...
		const elsewhere = await service.signIn({
			email: 'someone-else@example.org',
			password: 'wrong password here',
			address: attacker,
			headers: new Headers()
		});
		expect(elsewhere.kind).toBe('refused');
		// ...and the owner from a new address is not held up.
		await signInFully(new Browser(), '203.0.113.51');
	});

	it('limits failures per address, and the delay grows', async () => {
		const address = '203.0.113.9';
		const results = [];
		for (let attempt = 0; attempt < 11; attempt++) {
			results.push(
				await service.signIn({
					email: `someone${attempt}@example.org`,
					password: 'wrong password here',
					address,
					headers: new Headers()
				})
			);
		}
		expect(results[10]).toMatchObject({ kind: 'throttled', retryAfterSeconds: 60 });
		// One more failure after the wait doubles it.
		await database.handle.db
			.insertInto('rate_limit_event')
			.values({ bucket: `staff-sign-in:address:${address}`, occurred_at: new Date().toISOString() })
			.execute();
		const later = await service.signIn({
			email: 'someone@example.org',
			password: 'wrong password here',
			address,
			headers: new Headers()
		});
		expect(later).toMatchObject({ kind: 'throttled', retryAfterSeconds: 120 });
	});
});

describe('cookies over https', () => {
	it('are __Host- prefixed, Secure, HttpOnly, SameSite=Lax, Path=/ and without Domain', async () => {
		const database = await createTestDatabase('sqlite');
		try {
			const service = createStaffAuthService({
				db: database.handle.db,
				dialect: 'sqlite',
				secret,
				origin: new URL('https://clinic.example'),
				issuer: 'Willow Acupuncture'
			});
			const id = await service.createStaffMember({
				email: 'fd@example.org',
				name: 'Frank Desk',
				role: 'front_desk'
			});
			expect(await service.setPassword(id, password)).toBeNull();
			const result = await service.auth.api.signInEmail({
				body: { email: 'fd@example.org', password },
				headers: new Headers(),
				returnHeaders: true
			});
			const raw = result.headers.getSetCookie();
			expect(raw).toHaveLength(1);
			expect(raw[0]).toMatch(/^__Host-clinic\.session_token=/);
			expect(raw[0]).toMatch(/; Secure/);
			expect(raw[0]).toMatch(/; HttpOnly/);
			expect(raw[0]).toMatch(/; SameSite=Lax/);
			expect(raw[0]).toMatch(/; Path=\//);
			expect(raw[0]).not.toMatch(/Domain=/i);
			const [cookie] = cookiesFrom(result.headers);
			expect(cookie?.options).toMatchObject({ secure: true, httpOnly: true, path: '/' });
			// A front-desk account, freshly signed in, may only enrol.
			const { session } = await service.getStaffSession(
				withCookies(new Headers(), cookiesFrom(result.headers))
			);
			expect(session).toMatchObject({ role: 'front_desk', stage: 'enrol' });
		} finally {
			await database.dispose();
		}
	});
});
