/*
 * Form posts whose body cannot be read as a form, answered with a 4xx before any action runs.
 * SvelteKit hands every POST with a form-like content type to the page's action, but
 * `request.formData()` throws on a body it cannot parse (a multipart body without its
 * boundary, a truncated one) and on `text/plain` (which SvelteKit counts as a form type for its
 * CSRF check); the action's error would be a 500. Our pages only ever post
 * `application/x-www-form-urlencoded` or `multipart/form-data`.
 */

export interface FormBodyRefusal {
	status: 400 | 413 | 415;
	message: string;
}

/** Why this POST's body is not a readable form, or null when it is (or is not a form). */
export async function formBodyRefusal(request: Request): Promise<FormBodyRefusal | null> {
	if (request.method !== 'POST') return null;
	const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
	if (type === 'text/plain') {
		return {
			status: 415,
			message: 'Send forms as application/x-www-form-urlencoded or multipart/form-data.'
		};
	}
	if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') return null;
	try {
		// A copy, so the action still reads the original; the body is at most BODY_SIZE_LIMIT.
		await request.clone().formData();
		return null;
	} catch (error) {
		if ((error as { status?: unknown } | null)?.status === 413) {
			return { status: 413, message: 'The form is too large.' };
		}
		return { status: 400, message: 'The form could not be read.' };
	}
}

/** The refusal as a response: JSON for clients that ask for it, plain text otherwise. */
export function formBodyRefusalResponse(refusal: FormBodyRefusal, accept: string | null): Response {
	const json = (accept ?? '').includes('application/json');
	return new Response(
		json ? JSON.stringify({ type: 'error', error: { message: refusal.message } }) : refusal.message,
		{
			status: refusal.status,
			headers: {
				'Content-Type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
				'Cache-Control': 'no-store'
			}
		}
	);
}
