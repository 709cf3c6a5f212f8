import { fail, redirect, type Cookies } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { db, runtime } from '$lib/server/runtime';
import { loadBookingFlow } from '$lib/server/services/booking-flow';
import { confirmBooking, reviewBooking } from '$lib/server/services/online-booking';
import { findBookingGate } from '$lib/server/services/screening-before-booking';
import { screeningCookieName } from '$lib/domain/intake/screening-and-booking';
import { formFields } from '$lib/server/http/form-fields';
import type { Actions, PageServerLoad } from './$types';

/** What this browser's latest back pain check means for booking now (ADR 0019). */
const gateFor = (cookies: Cookies) =>
	findBookingGate(db(), cookies.get(screeningCookieName), Temporal.Now.instant());

export const load: PageServerLoad = async ({ url, cookies }) => {
	const query = url.searchParams;
	const gate = await gateFor(cookies);
	// Only whether a check was answered and whether it closes online booking; no outcome.
	const safetyCheck: 'emergency' | 'answered' | null =
		gate.kind === 'emergency' ? 'emergency' : gate.kind === 'link' ? 'answered' : null;
	return {
		safetyCheck,
		flow: await loadBookingFlow(
			db(),
			{
				service: query.get('service'),
				practitioner: query.get('practitioner'),
				month: query.get('month'),
				date: query.get('date'),
				start: query.get('start')
			},
			Temporal.Now.instant()
		)
	};
};

export const actions: Actions = {
	review: async ({ request, cookies }) => {
		const result = reviewBooking(await formFields(request), await gateFor(cookies));
		if (!result.ok && 'emergency' in result) {
			return fail(403, { step: 'blocked' as const, reason: 'emergency' as const });
		}
		if (!result.ok && 'refused' in result) {
			return fail(422, { step: 'blocked' as const, reason: 'refused' as const });
		}
		if (!result.ok) return fail(422, { step: 'details' as const, ...result });
		return { step: 'review' as const, ...result };
	},
	confirm: async ({ request, getClientAddress, locals, cookies }) => {
		const result = await confirmBooking(db(), await formFields(request), {
			gate: await gateFor(cookies),
			now: Temporal.Now.instant(),
			origin: runtime().config.origin,
			clientAddress: getClientAddress(),
			requestId: locals.requestId,
			rateLimit: runtime().config.bookingRateLimit
		});
		switch (result.kind) {
			case 'booked':
				runtime().outbox?.nudge();
				return redirect(303, `${new URL(result.body.manageUrl).pathname}?booked=1`);
			case 'invalid':
				return fail(422, { step: 'details' as const, ok: false, ...result });
			case 'slot_taken':
				return fail(409, { step: 'taken' as const, ...result });
			case 'rate_limited':
				return fail(429, { step: 'blocked' as const, reason: 'rate_limited' as const });
			case 'refused':
				return fail(422, { step: 'blocked' as const, reason: 'refused' as const });
			case 'emergency':
				return fail(403, { step: 'blocked' as const, reason: 'emergency' as const });
		}
	}
};
