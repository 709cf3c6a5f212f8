// Signs the demo clinic's staff in through the real forms into a given cookie jar (so a test
// can plant a cookie first), remembering each account's authenticator for later sign-ins.
import { demoStaff } from '../../../src/lib/server/auth/onboarding';
import { Authenticator } from '../../../src/lib/server/auth/totp.test-support';
import type { StaffRole } from '../../../src/lib/domain/staff/roles';
import { FormClient } from '../../support/form-client';

export class StaffAccounts {
	private authenticators = new Map<StaffRole, Authenticator>();
	constructor(private base: string) {}

	account(role: StaffRole) {
		const account = demoStaff.find((entry) => entry.role === role);
		if (!account) throw new Error(`no demo ${role}`);
		return account;
	}

	/** The password step only: the client then holds what the browser would between steps. */
	async passwordStep(role: StaffRole, client: FormClient) {
		const account = this.account(role);
		return client.request('/admin/sign-in', { email: account.email, password: account.password });
	}

	/** Signs `role` in completely (enrolling an authenticator the first time). */
	async signIn(role: StaffRole, client = new FormClient(this.base)): Promise<FormClient> {
		const first = await this.passwordStep(role, client);
		const known = this.authenticators.get(role);
		if (known) {
			if (first.response.headers.get('location') !== '/admin/code') {
				throw new Error(
					`sign-in of ${role} answered ${first.response.status}: ${first.html.slice(0, 200)}`
				);
			}
			const code = await client.request('/admin/code', { code: await known.nextCode() });
			if (code.response.headers.get('location') !== '/admin') {
				throw new Error(`the code of ${role} answered ${code.response.status}`);
			}
			return client;
		}
		const uri = /href="(otpauth:[^"]+)"/.exec(first.html)?.[1]?.replaceAll('&amp;', '&');
		if (!uri) throw new Error(`no enrolment for ${role}: ${first.response.status}`);
		const authenticator = new Authenticator(uri);
		this.authenticators.set(role, authenticator);
		const enrolled = await client.request('/admin/enrol?/confirm', {
			code: await authenticator.nextCode()
		});
		if (enrolled.response.status !== 200)
			throw new Error(`enrolment of ${role} answered ${enrolled.response.status}`);
		return client;
	}
}
