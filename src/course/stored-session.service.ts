import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { sessionConfig } from '../config/session.config.js';
import type { SessionDocument } from '../session/mongo-session.store.js';
import { SessionService } from '../session/session.service.js';
import { BOOKKEEPING_SESSION_KEYS } from '../session/session.types.js';

/** What the panel shows of the visitor's session document. */
export interface StoredSessionView {
  found: boolean;
  /** The first characters of the session ID: enough to recognise it, not to use it. */
  shortId: string;
  /** The document's fields with secrets removed, as indented JSON. */
  json: string;
  keys: string[];
  expires: Date | null;
  lastModified: Date | null;
  createdAt: Date | null;
  /** Size of the whole document written as JSON, secrets included (bytes). */
  bytes: number;
  /** Keys this request added, changed or removed. */
  changedKeys: string[];
  hiddenKeys: string[];
}

/** Keys whose values are never shown: CSRF material, password data, anything secret. */
const SECRET_KEY = /csrf|password|secret|token|hash/i;

export function shortId(id: string): string {
  return id.length > 8 ? `${id.slice(0, 6)}…` : id;
}

/** A copy of `value` without secret keys; the removed key paths are collected. */
export function withoutSecrets(
  value: unknown,
  hidden: string[] = [],
  path = '',
): unknown {
  if (Array.isArray(value))
    return value.map((item, index) =>
      withoutSecrets(item, hidden, `${path}[${index}]`),
    );
  if (value instanceof Date) return value;
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (SECRET_KEY.test(key)) hidden.push(keyPath);
      else copy[key] = withoutSecrets(item, hidden, keyPath);
    }
    return copy;
  }
  return value;
}

/** Top-level keys whose values differ between two snapshots of the session data. */
export function changedKeys(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter(
      (key) =>
        !BOOKKEEPING_SESSION_KEYS.has(key) &&
        !SECRET_KEY.test(key) &&
        JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    )
    .sort();
}

/** A plain copy of session data, for comparing before and after a request. */
export function sessionSnapshot(session: unknown): Record<string, unknown> {
  if (!session || typeof session !== 'object') return {};
  return JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
}

/** Reads the visitor's session document straight from MongoDB, as the store left it. */
@Injectable()
export class StoredSessionService {
  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(sessionConfig.KEY)
    private readonly config: ConfigType<typeof sessionConfig>,
    private readonly sessions: SessionService,
  ) {}

  /**
   * The visitor's document as the database holds it after this request's own
   * write: as the database returned it to the store (loaded, or after its
   * update), else read again; nothing for a session nothing has stored.
   */
  async read(
    sessionId: string | undefined,
    changed: string[],
    current?: object,
  ): Promise<StoredSessionView> {
    const store = this.sessions.store;
    const loaded = current && store.loadedDocument(current);
    const doc =
      loaded && loaded._id === sessionId
        ? loaded
        : current && !store.hasStored(current)
          ? null
          : await this.find(sessionId);
    if (!doc) {
      return {
        found: false,
        shortId: '',
        json: '',
        keys: [],
        expires: null,
        lastModified: null,
        createdAt: null,
        bytes: 0,
        changedKeys: [],
        hiddenKeys: [],
      };
    }
    const hiddenKeys: string[] = [];
    const data: unknown =
      typeof doc.session === 'string' ? JSON.parse(doc.session) : doc.session;
    const shown = withoutSecrets(data, hiddenKeys, 'session');
    return {
      found: true,
      shortId: shortId(doc._id),
      json: JSON.stringify(
        {
          _id: shortId(doc._id),
          session: shown,
          expires: doc.expires,
          lastModified: doc.lastModified,
          createdAt: doc.createdAt,
        },
        null,
        2,
      ),
      keys: Object.keys((shown as Record<string, unknown>) ?? {}),
      expires: doc.expires ?? null,
      lastModified: doc.lastModified ?? null,
      createdAt: doc.createdAt ?? null,
      bytes: Buffer.byteLength(JSON.stringify(doc)),
      changedKeys: changed,
      hiddenKeys,
    };
  }

  private async find(
    sessionId: string | undefined,
  ): Promise<SessionDocument | null> {
    if (!sessionId) return null;
    const sessions = this.connection.db?.collection<SessionDocument>(
      this.config.collectionName,
    );
    return (await sessions?.findOne({ _id: sessionId })) ?? null;
  }
}
