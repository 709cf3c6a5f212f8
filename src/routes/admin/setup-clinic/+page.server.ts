import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import { staffChange } from '$lib/server/http/staff-change';
import { loadGoLive, setOnlineBooking } from '$lib/server/services/clinic-setup';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadGoLive(db(), locals.staff);
	if (result.kind === 'forbidden') error(403, 'Only the owner sets up the clinic');
	return result;
};

export const actions: Actions = {
	booking: async (event) => {
		const { staff, context } = staffChange(event);
		const fields = await formFields(event.request, 10);
		const result = await setOnlineBooking(db(), fields, staff, context);
		if (result.kind === 'forbidden') error(403, 'Only the owner opens online booking');
		if (result.kind === 'blocked') {
			return fail(409, {
				message: 'Online booking stays closed until everything below is in place.',
				blockers: result.blockers
			});
		}
		if (result.kind === 'invalid' || result.kind === 'not_found' || result.kind === 'refused') {
			return fail(422, { message: 'Choose open or closed.', blockers: [] });
		}
		redirect(303, `/admin/setup-clinic?saved=${fields.open === 'yes' ? 'open' : 'closed'}`);
	}
};
