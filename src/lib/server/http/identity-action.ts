import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db } from '$lib/server/runtime';
import { decidePatientIdentity } from '$lib/server/services/patient-identity';
import { formFields } from './form-fields';

/**
 * The "Possible match" form (appointment and patient pages): merge the unconfirmed record into
 * its match, or keep them apart. Without JavaScript: a post, then a redirect back to `back`
 * (or to the merged record's page) with what was done.
 */
export async function decideIdentity(event: RequestEvent, back: string) {
	const { locals, request, getClientAddress } = event;
	if (!locals.staff) error(401, 'Sign in first');
	const fields = await formFields(request);
	const patientId = Number(fields.patientId);
	const matchId = Number(fields.matchId);
	if (!Number.isSafeInteger(patientId) || patientId <= 0) error(404, 'Not found');
	const result = await decidePatientIdentity(
		db(),
		{
			patientId,
			decision: fields.decision ?? '',
			matchId: Number.isSafeInteger(matchId) && matchId > 0 ? matchId : null
		},
		locals.staff,
		{
			now: Temporal.Now.instant(),
			request: { ip: getClientAddress(), requestId: locals.requestId }
		}
	);
	switch (result.kind) {
		case 'forbidden':
			error(403, 'Only clinical staff merge or keep apart patient records');
		// eslint-disable-next-line no-fallthrough
		case 'refused':
			return fail(409, { identityMessage: result.message });
		case 'merged':
			redirect(303, `${back}?done=merged`);
		// eslint-disable-next-line no-fallthrough
		case 'kept_apart':
			redirect(303, `${back}?done=kept-apart`);
	}
}
