import type { Document, UpdateFilter } from 'mongodb';
import type { ClientDescription } from '../client-description.js';
import type { SessionDocument } from './mongo-documents.js';
import type { WriteTimes } from './session-store.js';
import type { SessionChanges } from './session-tracker.js';

/** The update that writes only the changes of one request. */
export function updateOf(
  data: Record<string, unknown>,
  changes: SessionChanges,
  times: WriteTimes,
  increments: boolean,
): UpdateFilter<SessionDocument> {
  const $set: Document = {
    expires: new Date(times.expires),
    lastModified: new Date(times.now),
    'session.cookie': data.cookie,
  };
  const $unset: Document = {};
  const $inc: Document = {};
  for (const key of changes.set) $set[`session.${key}`] = data[key];
  for (const key of changes.unset) $unset[`session.${key}`] = '';
  for (const [key, by] of changes.inc) {
    if (increments) $inc[`session.${key}`] = by;
    else $set[`session.${key}`] = data[key];
  }
  if (changes.userId) setOrUnset($set, $unset, 'userId', times.userId);
  if (changes.deadline)
    setOrUnset($set, $unset, 'deadline', dateOrNull(times.deadline));
  return {
    $set,
    ...(Object.keys($unset).length > 0 && { $unset }),
    ...(Object.keys($inc).length > 0 && { $inc }),
  };
}

export function setOrUnset(
  $set: Document,
  $unset: Document,
  field: string,
  value: unknown,
): void {
  if (value === null || value === undefined) $unset[field] = '';
  else $set[field] = value;
}

export function dateOrNull(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/** The update that writes a whole session; on creation only, its creation time and client. */
export function wholeUpdateOf(
  data: Record<string, unknown>,
  times: WriteTimes,
  client: ClientDescription | null,
  mayCreate: boolean,
): UpdateFilter<SessionDocument> {
  const $set: Document = {
    session: data,
    expires: new Date(times.expires),
    lastModified: new Date(times.now),
  };
  const $unset: Document = {};
  setOrUnset($set, $unset, 'userId', times.userId);
  setOrUnset($set, $unset, 'deadline', dateOrNull(times.deadline));
  return {
    $set,
    ...(Object.keys($unset).length > 0 && { $unset }),
    ...(mayCreate && {
      $setOnInsert: {
        createdAt: new Date(times.createdAt),
        ...(client && { client }),
      },
    }),
  };
}
