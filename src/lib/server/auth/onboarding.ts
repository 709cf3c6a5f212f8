import type { Kysely } from 'kysely';
import type { StaffRole } from '$lib/domain/staff/roles';
import { listPractitioners } from '../db/repositories/practitioner-repository';
import { linkPractitioner } from '../db/repositories/staff-repository';
import type { Database } from '../db/schema';
import type { StaffAuthService } from './service';

/**
 * The demo clinic's staff accounts, one per role, printed at every demo start. Each still
 * enrols an authenticator at first sign-in, like any real account. Never used with
 * CLINIC_DEMO=off.
 */
export const demoStaff: {
	role: StaffRole;
	name: string;
	email: string;
	password: string;
	/** The demo practitioner this account is, so their workspace opens on their day. */
	practitionerSlug?: string;
}[] = [
	{
		role: 'owner',
		name: 'Demo Owner',
		email: 'owner@harborlantern.example',
		password: 'quiet-cedar-owner-2718'
	},
	{
		role: 'practitioner',
		name: 'Mei Lin Okafor',
		email: 'meilin@harborlantern.example',
		password: 'steady-willow-needle-3141',
		practitionerSlug: 'mei-lin-okafor'
	},
	{
		role: 'front_desk',
		name: 'Front Desk',
		email: 'frontdesk@harborlantern.example',
		password: 'bright-maple-desk-1618'
	}
];

/**
 * Makes sure someone can sign in to the staff workspace, and says how: in demo mode the demo
 * accounts (created once); for a real clinic without an owner, a one-time setup link valid for
 * 72 hours. Returns the lines to print.
 */
export async function prepareStaffAccess(
	service: StaffAuthService,
	options: { demo: boolean; origin: URL; db: Kysely<Database> }
): Promise<string[]> {
	if (options.demo) {
		if (!(await service.hasOwner())) {
			const practitioners = await listPractitioners(options.db);
			for (const account of demoStaff) {
				const id = await service.createStaffMember(account);
				const problem = await service.setPassword(id, account.password);
				if (problem) throw new Error(`demo password for ${account.role} refused: ${problem}`);
				const record = practitioners.find((entry) => entry.slug === account.practitionerSlug);
				if (record) await linkPractitioner(options.db, id, record.id);
			}
		}
		return [
			`Demo staff accounts (sign in at ${new URL('/admin/sign-in', options.origin).href}; each sets up an authenticator app at first sign-in):`,
			...demoStaff.map(
				(account) => `  ${account.role.padEnd(12)} ${account.email}  password: ${account.password}`
			)
		];
	}
	if (await service.hasOwner()) return [];
	const token = await service.createOwnerSetupToken();
	return [
		'No owner account exists yet. Open this one-time link within 72 hours to create it:',
		`  ${new URL(`/admin/setup/${token}`, options.origin).href}`,
		'(or run: npm run clinic -- create-owner --email you@example.com --name "Your Name")'
	];
}
