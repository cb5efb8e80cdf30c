/** An email address as the app stores and compares it: without surrounding spaces, in lower case. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();
