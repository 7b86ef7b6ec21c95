import { STATUS_CODES } from 'node:http';

/** The reason phrase of a status ("Bad Request"), as Nest's own errors spell it; not the enum key ("BAD_REQUEST"). */
export function statusText(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}
