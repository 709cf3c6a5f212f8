import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { articleLimits } from '$lib/domain/content/article-rules';
import { formFields } from '$lib/server/http/form-fields';
import { staffChange } from '$lib/server/http/staff-change';
import { db } from '$lib/server/runtime';
import { previewArticle, saveArticle } from '$lib/server/services/article-editor';

/*
 * The editor's form actions, shared by /admin/articles/new and /admin/articles/[id]: thin, as
 * every route is. The article's number comes from the address (none for a new article).
 */

type Event = RequestEvent<{ id?: string }, '/admin/articles/new' | '/admin/articles/[id]'>;

const refusal = 'Only the owner edits articles';

// The text of an article is long; one character over the limit lets the service say so
// instead of the form cutting it silently.
const readFields = (request: Request) => formFields(request, articleLimits.body + 1);

function saving(intent: 'save' | 'publish') {
	return async (event: Event) => {
		const { staff, context } = staffChange(event);
		const fields = await readFields(event.request);
		const result = await saveArticle(db(), staff, event.params.id ?? null, fields, intent, context);
		if (result.kind === 'forbidden') error(403, refusal);
		if (result.kind === 'not_found') error(404, 'Not found');
		if (result.kind === 'invalid') {
			return fail(422, { intent, values: result.values, errors: result.errors });
		}
		redirect(303, `/admin/articles/${result.id}?done=${result.event}`);
	};
}

/** Save, publish and preview: the actions of every editor page. */
export const articleEditorActions = {
	save: saving('save'),
	publish: saving('publish'),
	preview: async (event: Event) => {
		const { staff, context } = staffChange(event);
		const fields = await readFields(event.request);
		const result = await previewArticle(db(), staff, fields, context);
		if (result.kind === 'forbidden') error(403, refusal);
		return { intent: 'preview' as const, ...result };
	}
};
