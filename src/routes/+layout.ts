// Public pages ship no JavaScript: server-rendered HTML and forms that work without it.
export const csr = false;
