// Staff pages work without JavaScript: server-rendered forms only.
export const csr = false;
