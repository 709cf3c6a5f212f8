import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { formFields } from '$lib/server/http/form-fields';
import {
	changePatientContact,
	changePatientPreferences,
	type PatientEditResult
} from '$lib/server/services/patient-records';
import { loadPatientPage } from '$lib/server/services/staff-patients';
import { idParam } from '$lib/server/http/id-param';
import { decideIdentity } from '$lib/server/http/identity-action';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, params, getClientAddress }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadPatientPage(db(), idParam(params.id), locals.staff, {
		now: Temporal.Now.instant(),
		request: { ip: getClientAddress(), requestId: locals.requestId }
	});
	if (result.kind === 'forbidden') error(403, 'Your role cannot see patients');
	if (result.kind === 'not_found') error(404, 'Not found');
	return result;
};

type Edit = typeof changePatientContact;

/** Runs one edit form through its service and answers as the page expects. */
async function edit(name: 'contact' | 'preferences', change: Edit, event: RequestEvent) {
	const { locals, params, request, getClientAddress } = event;
	if (!locals.staff) error(401, 'Sign in first');
	const id = idParam(params.id);
	const result: PatientEditResult = await change(
		db(),
		id,
		await formFields(request),
		locals.staff,
		{
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		}
	);
	if (result.kind === 'forbidden') error(403, 'Your role cannot change patients');
	if (result.kind === 'not_found') error(404, 'Not found');
	if (result.kind === 'invalid') {
		return fail(422, { form: name, errors: result.errors, values: result.values });
	}
	if (result.kind === 'stale') {
		// Their input comes back as typed, beside what is saved now and the version to save over.
		return fail(409, {
			form: name,
			errors: {},
			values: result.values,
			stale: {
				version: result.version,
				current: result.current,
				lastChangedBy: result.lastChangedBy
			}
		});
	}
	if (result.kind === 'duplicate') {
		return fail(409, {
			form: name,
			errors: { email: 'Another patient already has this name and email.' },
			values: result.values,
			duplicate: result.other
		});
	}
	redirect(303, `/admin/patients/${id}?${result.kind}=${name}`);
}

export const actions: Actions = {
	contact: (event) => edit('contact', changePatientContact, event),
	preferences: (event) => edit('preferences', changePatientPreferences, event),
	// "Possible match": merge this record into the patient's it matched, or keep them apart.
	identity: (event) => decideIdentity(event, `/admin/patients/${event.params.id}`)
};
