import { describe, expect, it } from 'vitest';
import { adminAccess, isAdminPath } from './guard';
import type { StaffSession } from './service';

const session = (stage: StaffSession['stage']): StaffSession => ({
	userId: 'u1',
	email: 'owner@example.org',
	name: 'Owner',
	role: 'owner',
	stage,
	idleExpiresAt: new Date(0),
	endsAt: new Date(0),
	emergencyAccess: null
});

describe('adminAccess', () => {
	it('sends a visitor without a session to sign in, from pages and actions alike', () => {
		expect(adminAccess('/admin', null)).toEqual({ kind: 'redirect', to: '/admin/sign-in' });
		expect(adminAccess('/admin/calendar', null)).toEqual({
			kind: 'redirect',
			to: '/admin/sign-in'
		});
	});

	it('lets anyone reach the sign-in, code and setup pages', () => {
		for (const path of ['/admin/sign-in', '/admin/code', '/admin/setup/abc']) {
			expect(adminAccess(path, null)).toEqual({ kind: 'allow' });
		}
	});

	it('keeps a half-signed-in session on the enrolment page', () => {
		expect(adminAccess('/admin', session('enrol'))).toEqual({
			kind: 'redirect',
			to: '/admin/enrol'
		});
		expect(adminAccess('/admin/enrol', session('enrol'))).toEqual({ kind: 'allow' });
	});

	it('lets a signed-in member through', () => {
		expect(adminAccess('/admin', session('signed_in'))).toEqual({ kind: 'allow' });
	});

	it('tells staff paths from look-alikes', () => {
		expect(isAdminPath('/admin')).toBe(true);
		expect(isAdminPath('/admin/x')).toBe(true);
		expect(isAdminPath('/administrator')).toBe(false);
	});
});
