// A browser without JavaScript, as far as the server can tell: plain GETs and form posts
// with a cookie jar, redirects left to the caller.
/** A cookie jar that behaves like a browser for one origin. */
export class FormClient {
	jar = new Map<string, string>();
	constructor(private base: string) {}
	async request(path: string, form?: Record<string, string>) {
		const response = await fetch(`${this.base}${path}`, {
			method: form ? 'POST' : 'GET',
			redirect: 'manual',
			headers: {
				cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '),
				origin: this.base,
				accept: 'text/html',
				...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {})
			},
			body: form ? new URLSearchParams(form).toString() : undefined
		});
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const at = pair!.indexOf('=');
			const name = pair!.slice(0, at);
			const value = pair!.slice(at + 1);
			if (/max-age=0/i.test(line) || value === '') this.jar.delete(name);
			else this.jar.set(name, value);
		}
		return { response, html: await response.text() };
	}
}
