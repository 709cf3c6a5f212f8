import { error } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { loadStaffIntakeView } from '$lib/server/services/intake-staff';
import { idParam } from '$lib/server/http/id-param';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadStaffIntakeView(
		db(),
		idParam(params.id),
		idParam(params.intakeId),
		locals.staff,
		{
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		}
	);
	if (result.kind === 'forbidden') {
		error(
			403,
			locals.staff.role === 'practitioner'
				? "This patient's health forms are for their own practitioners; the owner can grant emergency access"
				: 'Your role cannot read health forms'
		);
	}
	if (result.kind === 'not_found') error(404, 'Not found');
	return result;
};
