import { describe, expect, it } from 'vitest';
import { can, permissions, staffRoles, withholdsClinicalRecord } from './roles';

describe('can', () => {
	it('lets the owner do everything', () => {
		expect(permissions.every((permission) => can('owner', permission))).toBe(true);
	});

	it('keeps clinical content from the front desk but not the schedule or contact details', () => {
		expect(can('front_desk', 'schedule.manage')).toBe(true);
		expect(can('front_desk', 'patients.contact')).toBe(true);
		expect(can('front_desk', 'forms.status')).toBe(true);
		expect(can('front_desk', 'patients.clinical')).toBe(false);
		expect(can('front_desk', 'forms.clinical')).toBe(false);
		expect(can('front_desk', 'outcomes.view')).toBe(false);
	});

	it('gives practitioners clinical access but not settings, staff, audit or emergency grants', () => {
		expect(can('practitioner', 'forms.clinical')).toBe(true);
		for (const permission of [
			'settings.manage',
			'staff.manage',
			'audit.view',
			'emergency.grant'
		] as const) {
			expect(can('practitioner', permission)).toBe(false);
		}
	});

	it('refuses unknown roles everything', () => {
		expect(permissions.some((permission) => can('janitor', permission))).toBe(false);
		expect(permissions.some((permission) => can('__proto__', permission))).toBe(false);
	});

	it('names three roles', () => {
		expect(staffRoles).toEqual(['owner', 'practitioner', 'front_desk']);
	});
});

describe('can, with emergency access', () => {
	it('lets the front desk read clinical records while a grant is in force', () => {
		const covering = { role: 'front_desk', emergencyAccess: { until: 'later' } };
		expect(can(covering, 'patients.clinical')).toBe(true);
		expect(can(covering, 'forms.clinical')).toBe(true);
		expect(can(covering, 'outcomes.view')).toBe(true);
	});

	it('never adds settings, staff, audit or the right to grant', () => {
		const covering = { role: 'front_desk', emergencyAccess: { until: 'later' } };
		for (const permission of [
			'settings.manage',
			'staff.manage',
			'audit.view',
			'emergency.grant',
			'content.manage'
		] as const) {
			expect(can(covering, permission)).toBe(false);
		}
	});

	it('adds nothing without a grant', () => {
		expect(can({ role: 'front_desk', emergencyAccess: null }, 'patients.clinical')).toBe(false);
		expect(can({ role: 'front_desk' }, 'patients.clinical')).toBe(false);
	});

	it('gives an unknown role only what the grant gives', () => {
		const odd = { role: '__proto__', emergencyAccess: { until: 'later' } };
		expect(can(odd, 'patients.clinical')).toBe(true);
		expect(can(odd, 'schedule.manage')).toBe(false);
	});
});

describe('can, under "practitioners see their own patients only"', () => {
	it('withholds clinical content, forms and outcomes of another practitioner’s patient', () => {
		const practitioner = { role: 'practitioner', clinicalWithheld: true };
		for (const permission of ['patients.clinical', 'forms.clinical', 'outcomes.view'] as const) {
			expect(can(practitioner, permission)).toBe(false);
		}
		// The schedule, contact details and form status stay: the day still runs.
		for (const permission of ['schedule.view', 'patients.contact', 'forms.status'] as const) {
			expect(can(practitioner, permission)).toBe(true);
		}
	});

	it('yields to break-glass access', () => {
		const covering = { role: 'practitioner', clinicalWithheld: true, emergencyAccess: {} };
		expect(can(covering, 'forms.clinical')).toBe(true);
	});
});

describe('withholdsClinicalRecord', () => {
	const base = { ownPatientsOnly: true, role: 'practitioner', emergencyAccess: false };
	it('withholds another practitioner’s patient when the setting is on', () => {
		expect(withholdsClinicalRecord({ ...base, ownPatient: false })).toBe(true);
	});
	it('never withholds the practitioner’s own patient', () => {
		expect(withholdsClinicalRecord({ ...base, ownPatient: true })).toBe(false);
	});
	it('withholds nothing while the setting is off (the default)', () => {
		expect(withholdsClinicalRecord({ ...base, ownPatientsOnly: false, ownPatient: false })).toBe(
			false
		);
	});
	it('applies to practitioners only, and not under break-glass access', () => {
		expect(withholdsClinicalRecord({ ...base, role: 'owner', ownPatient: false })).toBe(false);
		expect(withholdsClinicalRecord({ ...base, emergencyAccess: true, ownPatient: false })).toBe(
			false
		);
	});
});
