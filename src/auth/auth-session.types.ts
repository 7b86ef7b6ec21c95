/** The logged-in user as the session remembers it (no database read needed to show it). */
export interface SessionUser {
  id: string;
  email: string;
  /** ISO date of the login. */
  loggedInAt: string;
  /** ISO date of the last password check since (a fresh login), when there was one. */
  passwordCheckedAt?: string;
}

/** The keys a login sets; they never come along when a session gets a new ID. */
export const LOGIN_SESSION_KEYS = ['loggedin', 'user'] as const;

declare module '@nest-sessions/session' {
  interface SessionData {
    /** The course's `session["loggedin"]`. */
    loggedin?: boolean;
    user?: SessionUser;
  }
}
