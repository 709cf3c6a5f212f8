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

/**
 * What break-glass access adds for its few hours: reading patients' records, clinical content
 * included, as a covering clinician would need. It never adds settings, staff or the audit log.
 */
export const emergencyPermissions: ReadonlySet<Permission> = new Set<Permission>([
	'schedule.view',
	'patients.contact',
	'patients.clinical',
	'forms.status',
	'forms.clinical',
	'outcomes.view'
]);

/** What reading a patient's clinical record takes: content, health forms, outcomes. */
export const clinicalPermissions: ReadonlySet<Permission> = new Set<Permission>([
	'patients.clinical',
	'forms.clinical',
	'outcomes.view'
]);

/** Someone whose permissions are asked about: a role, and break-glass access if active now. */
export interface PermissionHolder {
	role: string;
	/** Present while an owner's emergency grant is in force (checked when the session is read). */
	emergencyAccess?: object | null;
	/**
	 * Set when asking about one patient whose clinical record this person may not read under
	 * the owner's "own patients only" setting (see {@link withholdsClinicalRecord}).
	 */
	clinicalWithheld?: boolean;
}

/**
 * Whether the owner's setting "practitioners see the clinical records of their own patients
 * only" keeps a patient's clinical record from this staff member: it applies to practitioners
 * only, to patients who have no appointment (past or future) with the practitioner the
 * account is, and never while break-glass access is in force (ADR 0032).
 */
export function withholdsClinicalRecord(input: {
	ownPatientsOnly: boolean;
	role: string;
	emergencyAccess: boolean;
	ownPatient: boolean;
}): boolean {
	return (
		input.ownPatientsOnly &&
		input.role === 'practitioner' &&
		!input.emergencyAccess &&
		!input.ownPatient
	);
}

/**
 * Whether a role, or a staff member with their role and any emergency grant, may do
 * something. Unknown roles may do nothing.
 */
export function can(who: string | PermissionHolder, permission: Permission): boolean {
	const role = typeof who === 'string' ? who : who.role;
	if (typeof who !== 'string' && who.emergencyAccess && emergencyPermissions.has(permission)) {
		return true;
	}
	if (typeof who !== 'string' && who.clinicalWithheld && clinicalPermissions.has(permission)) {
		return false;
	}
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
