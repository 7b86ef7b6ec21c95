import type { Collection } from 'mongodb';
import { mongoErrorCode } from './expired-removal.js';
import { toDate, type SessionDocument } from './mongo-documents.js';
import { decode } from './store-records.js';

/** MongoDB's DuplicateKey. */
const DUPLICATE_KEY = 11000;

/**
 * A document stored under the session ID itself (connect-mongo, or this
 * store before IDs were hashed) moves under its digest the first time it
 * is read, in the store's own format.
 */
export async function adoptUnhashed(
  sessions: Collection<SessionDocument>,
  sid: string,
  key: string,
  now: number,
): Promise<SessionDocument | null> {
  const doc = await sessions.findOne({ _id: sid });
  if (!doc) return null;
  const data = decode(doc.session);
  const moved: SessionDocument = {
    ...doc,
    _id: key,
    createdAt:
      toDate(doc.createdAt) ??
      toDate(data?.createdAt) ??
      toDate(doc.lastModified) ??
      new Date(now),
  };
  if (data) {
    // The old version's bookkeeping lived in the data; it is the document's now.
    const { createdAt: _created, lastModified: _modified, ...rest } = data;
    moved.session = rest;
  }
  try {
    await sessions.insertOne(moved);
  } catch (error) {
    // Moved by a parallel request: that copy wins.
    if (mongoErrorCode(error) !== DUPLICATE_KEY) throw error;
    await sessions.deleteOne({ _id: sid });
    return sessions.findOne({ _id: key });
  }
  await sessions.deleteOne({ _id: sid });
  return moved;
}
