/*
 * The staff workspace's pages as the home page lists them, each with the permission that
 * opens it, so that nobody is shown a link they would be refused.
 */
import { can, type Permission, type PermissionHolder } from './roles';

export interface WorkspacePage {
	href: string;
	title: string;
	description: string;
	permission: Permission;
	group: 'day' | 'clinic' | 'oversight';
}

export const workspacePages: readonly WorkspacePage[] = [
	{
		href: '/admin/calendar',
		title: 'Calendar',
		description: 'The day by practitioner or by room, and each practitioner’s week.',
		permission: 'schedule.view',
		group: 'day'
	},
	{
		href: '/admin/book',
		title: 'Book for a caller',
		description: 'Find a free time and book it with the caller’s details.',
		permission: 'schedule.manage',
		group: 'day'
	},
	{
		href: '/admin/patients',
		title: 'Patients',
		description: 'Search by name, phone or email; contact details and appointments.',
		permission: 'patients.contact',
		group: 'day'
	},
	{
		href: '/admin/setup-clinic',
		title: 'Setting up the clinic',
		description: 'Every step from an empty clinic to online booking, and what is still missing.',
		permission: 'settings.manage',
		group: 'clinic'
	},
	{
		href: '/admin/settings',
		title: 'Settings',
		description: 'Booking policy, services, the clinic, locations, rooms and practitioners.',
		permission: 'settings.manage',
		group: 'clinic'
	},
	{
		href: '/admin/import',
		title: 'Import from another system',
		description: 'Patients and future appointments from a CSV file, checked before saving.',
		permission: 'settings.manage',
		group: 'clinic'
	},
	{
		href: '/admin/hours',
		title: 'Working hours',
		description: 'Each practitioner’s weekly hours at each location.',
		permission: 'settings.manage',
		group: 'clinic'
	},
	{
		href: '/admin/time-off',
		title: 'Time off and closures',
		description: 'Holidays, training days and clinic closures.',
		permission: 'settings.manage',
		group: 'clinic'
	},
	{
		href: '/admin/articles',
		title: 'Articles',
		description: 'Write, review and publish the site’s health articles.',
		permission: 'content.manage',
		group: 'clinic'
	},
	{
		href: '/admin/conditions',
		title: 'Condition pages',
		description: 'Review and publish the pages about each condition the clinic treats.',
		permission: 'content.manage',
		group: 'clinic'
	},
	{
		href: '/admin/testimonials',
		title: 'Testimonials',
		description: 'Patients’ feedback; publish it or decline it, for a listed reason only.',
		permission: 'testimonials.moderate',
		group: 'clinic'
	},
	{
		href: '/admin/staff',
		title: 'Staff accounts',
		description: 'Invite staff, change roles, deactivate accounts.',
		permission: 'staff.manage',
		group: 'oversight'
	},
	{
		href: '/admin/emergency-access',
		title: 'Emergency access',
		description: 'Let one person read clinical records for a few hours, on the record.',
		permission: 'emergency.grant',
		group: 'oversight'
	},
	{
		href: '/admin/outcomes',
		title: 'Clinic outcome report',
		description: 'Chronic low back pain: who got better, who did not, and what that cannot show.',
		permission: 'outcomes.report',
		group: 'oversight'
	},
	{
		href: '/admin/audit',
		title: 'Audit log',
		description: 'Who saw or changed what, and every sign-in.',
		permission: 'audit.view',
		group: 'oversight'
	}
];

/** The pages this person may open, in the order the home page shows them. */
export function workspacePagesFor(who: PermissionHolder): WorkspacePage[] {
	return workspacePages.filter((entry) => can(who, entry.permission));
}
