import { error } from '@sveltejs/kit';

/**
 * A record's id from a route parameter (`/admin/patients/[id]`); anything but a positive
 * whole number is a page that does not exist, so it answers 404 rather than reaching a service.
 */
export function idParam(text: string): number {
	const id = Number(text);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, 'Not found');
	return id;
}
