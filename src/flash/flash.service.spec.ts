import type { SessionData } from 'express-session';
import { FlashService } from './flash.service.js';

describe('FlashService', () => {
  const flash = new FlashService();
  let session: Partial<SessionData>;

  beforeEach(() => {
    session = {};
  });

  it('keeps messages in order with their categories, and gives them once', () => {
    flash.flash(session, 'Counter reset');
    flash.flash(session, 'You are logged in', 'success');
    expect(flash.getFlashedMessages(session, { withCategories: true })).toEqual(
      [
        { category: 'message', message: 'Counter reset' },
        { category: 'success', message: 'You are logged in' },
      ],
    );
    expect(flash.getFlashedMessages(session)).toEqual([]);
    expect(session.flashes).toBeUndefined();
  });

  it('returns bare messages by default', () => {
    flash.flash(session, 'You are logged out', 'info');
    expect(flash.getFlashedMessages(session)).toEqual(['You are logged out']);
  });

  it('stores the template and its values apart, and gives bare messages in English', () => {
    flash.flash(session, 'Stored session["%{key}"]', 'success', {
      key: 'colour',
    });
    flash.flash(session, 'Ended %{count} other sessions', 'success', {
      count: 1,
    });
    expect(session.flashes).toEqual([
      {
        category: 'success',
        message: 'Stored session["%{key}"]',
        values: { key: 'colour' },
      },
      {
        category: 'success',
        message: 'Ended %{count} other sessions',
        values: { count: 1 },
      },
    ]);
    expect(flash.getFlashedMessages(session)).toEqual([
      'Stored session["colour"]',
      'Ended 1 other session',
    ]);
  });

  it('filters by category and still consumes every message, as Flask does', () => {
    flash.flash(session, 'Counter reset', 'error');
    flash.flash(session, 'You are logged in', 'info');
    flash.flash(session, 'The session was cleared', 'error');
    expect(
      flash.getFlashedMessages(session, { categoryFilter: ['error'] }),
    ).toEqual(['Counter reset', 'The session was cleared']);
    expect(flash.hasPending(session)).toBe(false);
  });

  it('filters with categories, keeping the order', () => {
    flash.flash(session, 'Counter reset', 'error');
    flash.flash(session, 'You are logged in', 'info');
    flash.flash(session, 'Your session has expired', 'warning');
    flash.flash(session, 'The session was cleared', 'error');
    expect(
      flash.getFlashedMessages(session, {
        withCategories: true,
        categoryFilter: ['warning', 'error'],
      }),
    ).toEqual([
      { category: 'error', message: 'Counter reset' },
      { category: 'warning', message: 'Your session has expired' },
      { category: 'error', message: 'The session was cleared' },
    ]);
  });

  it('refuses an unknown category', () => {
    expect(() =>
      flash.flash(session, 'Counter reset', 'danger' as never),
    ).toThrow('Unknown flash category "danger"');
    expect(session.flashes).toBeUndefined();
  });

  it('leaves a session without messages unchanged when reading', () => {
    flash.getFlashedMessages(session);
    expect(Object.keys(session)).toEqual([]);
  });
});
