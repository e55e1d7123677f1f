/** A value a form refuses before asking the server (two new passwords that differ); its message is shown as is. */
export class InputError extends Error {}
