import type { SessionData } from 'express-session';
import { FlashService } from './flash.service.js';

describe('FlashService', () => {
  const flash = new FlashService();
  let session: Partial<SessionData>;

  beforeEach(() => {
    session = {};
  });

  it('keeps messages in order with their categories, and gives them once', () => {
    flash.flash(session, 'first');
    flash.flash(session, 'second', 'success');
    expect(flash.getFlashedMessages(session, { withCategories: true })).toEqual(
      [
        { category: 'message', message: 'first' },
        { category: 'success', message: 'second' },
      ],
    );
    expect(flash.getFlashedMessages(session)).toEqual([]);
    expect(session.flashes).toBeUndefined();
  });

  it('returns bare messages by default', () => {
    flash.flash(session, 'hello', 'info');
    expect(flash.getFlashedMessages(session)).toEqual(['hello']);
  });

  it('filters by category and still consumes every message, as Flask does', () => {
    flash.flash(session, 'a', 'error');
    flash.flash(session, 'b', 'info');
    flash.flash(session, 'c', 'error');
    expect(
      flash.getFlashedMessages(session, { categoryFilter: ['error'] }),
    ).toEqual(['a', 'c']);
    expect(flash.hasPending(session)).toBe(false);
  });

  it('filters with categories, keeping the order', () => {
    flash.flash(session, 'a', 'error');
    flash.flash(session, 'b', 'info');
    flash.flash(session, 'c', 'warning');
    flash.flash(session, 'd', 'error');
    expect(
      flash.getFlashedMessages(session, {
        withCategories: true,
        categoryFilter: ['warning', 'error'],
      }),
    ).toEqual([
      { category: 'error', message: 'a' },
      { category: 'warning', message: 'c' },
      { category: 'error', message: 'd' },
    ]);
  });

  it('refuses an unknown category', () => {
    expect(() => flash.flash(session, 'x', 'danger' as never)).toThrow(
      'Unknown flash category "danger"',
    );
    expect(session.flashes).toBeUndefined();
  });

  it('leaves a session without messages unchanged when reading', () => {
    flash.getFlashedMessages(session);
    expect(Object.keys(session)).toEqual([]);
  });
});
