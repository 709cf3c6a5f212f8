import type { StaffSession } from './service';

/** Pages under /admin that a visitor without a staff session may open. */
const openPaths = new Set(['/admin/sign-in', '/admin/code']);

export type AdminAccess = { kind: 'allow' } | { kind: 'redirect'; to: string };

/**
 * Decides, for every request under /admin (pages and form actions alike), whether it may go
 * on. Nobody reaches a staff page without a session, and a session that has passed the
 * password but not yet enrolled a second factor reaches only the enrolment page.
 */
export function adminAccess(pathname: string, staff: StaffSession | null): AdminAccess {
	if (openPaths.has(pathname) || pathname.startsWith('/admin/setup/')) return { kind: 'allow' };
	if (!staff) return { kind: 'redirect', to: '/admin/sign-in' };
	if (staff.stage === 'enrol' && pathname !== '/admin/enrol') {
		return { kind: 'redirect', to: '/admin/enrol' };
	}
	return { kind: 'allow' };
}

/** Whether a path belongs to the staff workspace. */
export function isAdminPath(pathname: string): boolean {
	return pathname === '/admin' || pathname.startsWith('/admin/');
}
