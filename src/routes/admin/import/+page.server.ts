import { error, fail, redirect } from '@sveltejs/kit';
import { Temporal } from 'temporal-polyfill';
import { formFields } from '$lib/server/http/form-fields';
import { staffChange } from '$lib/server/http/staff-change';
import { db, runtime } from '$lib/server/runtime';
import {
	confirmImport,
	discardImport,
	loadImportPage,
	maxImportBytes,
	reviewImportAgain,
	uploadImport,
	type ImportConfirmResult
} from '$lib/server/services/clinic-import';
import type { Actions, PageServerLoad } from './$types';

const refusal = 'Only the owner imports data';

export const load: PageServerLoad = async ({ locals }) => {
	if (!locals.staff) error(401, 'Sign in first');
	const result = await loadImportPage(db(), locals.staff, Temporal.Now.instant());
	if (result.kind === 'forbidden') error(403, refusal);
	return result;
};

/** A review or a refusal as the page shows it. */
function answer(result: ImportConfirmResult, values: Record<string, string> = {}) {
	if (result.kind === 'forbidden') error(403, refusal);
	if (result.kind === 'invalid') return fail(422, { errors: result.errors, values });
	if (result.kind === 'expired') {
		return fail(410, {
			expired: 'This upload has expired or was already imported: please upload the file again.'
		});
	}
	if (result.kind === 'review') return { step: result.step };
	if (result.emails) runtime().outbox?.nudge();
	redirect(
		303,
		`/admin/import?done=${result.importKind}&created=${result.created}&skipped=${result.skipped}`
	);
}

export const actions: Actions = {
	upload: async (event) => {
		const { staff, context } = staffChange(event);
		const data = await event.request.formData();
		const upload = data.get('file');
		const text = (name: string) => {
			const value = data.get(name);
			return typeof value === 'string' ? value.slice(0, 40) : '';
		};
		const file =
			upload instanceof File && upload.size > 0
				? {
						name: upload.name,
						size: upload.size,
						// A file over the limit is refused by its size; its bytes are not read.
						bytes:
							upload.size <= maxImportBytes
								? new Uint8Array(await upload.arrayBuffer())
								: new Uint8Array()
					}
				: null;
		const values = { kind: text('kind'), encoding: text('encoding') };
		const result = await uploadImport(db(), { file, ...values }, staff, context);
		return answer(result, values);
	},
	review: async (event) => {
		const { staff, context } = staffChange(event);
		const result = await reviewImportAgain(
			db(),
			await formFields(event.request, 200),
			staff,
			context
		);
		return answer(result);
	},
	confirm: async (event) => {
		const { staff, context } = staffChange(event);
		const result = await confirmImport(db(), await formFields(event.request, 200), staff, {
			...context,
			origin: runtime().config.origin
		});
		return answer(result);
	},
	discard: async (event) => {
		const { staff } = staffChange(event);
		const result = await discardImport(db(), await formFields(event.request, 200), staff);
		if (result.kind === 'forbidden') error(403, refusal);
		redirect(303, '/admin/import');
	}
};
