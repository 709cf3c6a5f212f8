import { fail, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { formFields } from '$lib/server/http/form-fields';
import { db, runtime } from '$lib/server/runtime';
import type { ScreeningOutcome } from '$lib/domain/intake/red-flags';
import { submitCheckIn, type CheckInResult } from '$lib/server/services/check-in';

/** What the action answers: the form again with messages, saved, or why not (for the route). */
export type CheckInAnswer =
	| ActionFailure<{
			errors: Record<string, string>;
			values: Record<string, string>;
			emergency: boolean;
	  }>
	| { saved: true; outcome: ScreeningOutcome }
	| { refused: Exclude<CheckInResult, { kind: 'invalid' | 'saved' }> };

/**
 * The check-in form's "answer" action, shared by the patient's link and the front desk's
 * tablet (`via`): a refused answer comes back with its messages (422), a saved one says so.
 * Either may have queued the clinic's alert in the same transaction (a warning sign), so the
 * outbox is nudged to send it now. Any other result is the route's to answer, as `refused`.
 */
export async function answerCheckIn(
	event: Pick<
		RequestEvent<{ token: string }>,
		'params' | 'request' | 'getClientAddress' | 'locals'
	>,
	via: 'link' | 'kiosk'
): Promise<CheckInAnswer> {
	const values = await formFields(event.request, 20);
	const result = await submitCheckIn(db(), { via, token: event.params.token }, values, {
		now: Temporal.Now.instant(),
		origin: runtime().config.origin,
		request: { ip: event.getClientAddress(), requestId: event.locals.requestId }
	});
	if (result.kind === 'invalid') {
		if (result.emergency) runtime().outbox?.nudge();
		return fail(422, { errors: result.errors, values, emergency: result.emergency });
	}
	if (result.kind === 'saved') {
		if (result.outcome !== 'none') runtime().outbox?.nudge();
		return { saved: true as const, outcome: result.outcome };
	}
	return { refused: result };
}
