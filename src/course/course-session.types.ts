declare module '@nest-sessions/session' {
  interface SessionData {
    /**
     * Set by the timeout demo: when the session ends (ISO date), so that the
     * session holds something to lose, shown on the page and in the panel.
     */
    timeoutDemo?: string;
  }
}

export {};
