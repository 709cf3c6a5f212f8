/*
 * Who on the staff may do what. Checked on the server for every admin route and action; the
 * front desk runs the schedule and contact details but does not read clinical content.
 */

export const staffRoles = ['owner', 'practitioner', 'front_desk'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const permissions = [
	'schedule.view',
	'schedule.manage',
	'patients.contact',
	'patients.clinical',
	'forms.status',
	'forms.clinical',
	'outcomes.view',
	'outcomes.report',
	'settings.manage',
	'staff.manage',
	'content.manage',
	'testimonials.moderate',
	'audit.view',
	'emergency.grant'
] as const;
export type Permission = (typeof permissions)[number];

const grants: Record<StaffRole, ReadonlySet<Permission>> = {
	owner: new Set(permissions),
	practitioner: new Set<Permission>([
		'schedule.view',
		'schedule.manage',
		'patients.contact',
		'patients.clinical',
		'forms.status',
		'forms.clinical',
		'outcomes.view',
		'testimonials.moderate'
	]),
	front_desk: new Set<Permission>([
		'schedule.view',
		'schedule.manage',
		'patients.contact',
		'forms.status',
		'testimonials.moderate'
	])
};

/** Whether a role may do something. Unknown roles may do nothing. */
export function can(role: string, permission: Permission): boolean {
	// Own properties only: a role named "__proto__" or "constructor" must not find anything.
	if (!Object.hasOwn(grants, role)) return false;
	return grants[role as StaffRole].has(permission);
}

/** How a role is named to people. */
export const roleLabels: Record<StaffRole, string> = {
	owner: 'Owner',
	practitioner: 'Practitioner',
	front_desk: 'Front desk'
};
